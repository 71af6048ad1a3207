/**
 * The Content-Security-Policy that the build writes into every page (src/lib/csp.ts), in force:
 * every page opens, every widget trains, the Lab trains on an image of the reader's, the theme
 * toggle and the language switch (inline scripts, allowed by hash) work, and the browser reports
 * no `securitypolicyviolation` at all. The training worker also runs with the policy as a
 * response header, as a server that sends it for every file would, on WASM and on WebGL.
 */
import { readdirSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const DIST_ASSETS = new URL('../../dist/_astro/', import.meta.url).pathname;

/** An address with no page: the host answers with 404.html. */
const NOT_FOUND = '/no-such-page/';

const PAGES = [
  '/',
  '/chapters/sparse-labels/',
  '/chapters/two-losses/',
  '/chapters/watching-foreground-disappear/',
  '/chapters/foreground-only-labels/',
  '/chapters/in-practice/',
  '/chapters/closing-the-border-gap/',
  '/lab/',
  '/zh-cn/',
  '/zh-cn/chapters/sparse-labels/',
  '/zh-cn/chapters/two-losses/',
  '/zh-cn/chapters/watching-foreground-disappear/',
  '/zh-cn/chapters/foreground-only-labels/',
  '/zh-cn/chapters/in-practice/',
  '/zh-cn/chapters/closing-the-border-gap/',
  '/zh-cn/lab/',
  '/zh-cn/glossary/',
  NOT_FOUND,
];

/** The trainers of each chapter (English and Chinese alike), by `data-id`. */
const TRAINERS: Record<string, string[]> = {
  'watching-foreground-disappear': ['suppression', 'propensity'],
  'foreground-only-labels': ['fgonly'],
  'closing-the-border-gap': ['border'],
};

/** Record every CSP violation of the page into `window.cspViolations`, from before its first script. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const store: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = store;
    document.addEventListener('securitypolicyviolation', (e) => {
      store.push(`${e.effectiveDirective}: ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

const policyOf = (page: Page) =>
  page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content', { timeout: 5000 });

async function stepOnce(widget: Locator): Promise<void> {
  await widget.scrollIntoViewIfNeeded();
  await expect(widget.locator('[data-action="step"]')).toBeEnabled({ timeout: 60_000 });
  // "Step 3" or "第 3 步": the number is what counts.
  const step = async () => Number(((await widget.locator('[data-out="step"]').textContent()) ?? '').replace(/\D/g, ''));
  const before = await step();
  await widget.locator('[data-action="step"]').click();
  await expect.poll(step, { timeout: 60_000 }).toBe(before + 1);
}

/** Train (or, for the explorer, use) every widget on `path`. */
async function exercise(page: Page, path: string): Promise<void> {
  const slug = path.match(/chapters\/([^/]+)\//)?.[1] ?? '';
  for (const id of TRAINERS[slug] ?? []) await stepOnce(page.locator(`pce-trainer[data-id="${id}"]`));
  if (slug === 'two-losses') {
    const widget = page.locator('pce-gradient');
    await widget.scrollIntoViewIfNeeded();
    await expect(widget.locator('[data-out="check"]')).toContainText(/\d/, { timeout: 60_000 });
  }
  if (slug === 'sparse-labels') {
    const widget = page.locator('pce-explorer');
    await widget.scrollIntoViewIfNeeded();
    await expect(widget.locator('[data-out="density"]')).toHaveText(/0\.\d{3}/);
    await widget.locator('[data-next-seed]').click();
    expect(page.url()).toContain('seed=2');
  }
}

test.describe('the CSP', () => {
  test.beforeEach(async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await recordViolations(page);
  });

  test('is strict, and the listener sees what it blocks', async ({ page }) => {
    await page.goto('/chapters/two-losses/');
    const policy = (await policyOf(page)) ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    expect(policy).toContain("worker-src 'self'");
    expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    expect(await violations(page)).toEqual([]);
    // An injected inline script and an inline handler are refused, and reported.
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { injected?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.body.append(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.injected = true');
      img.src = 'data:,';
      document.body.append(img);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return w.injected === true;
    });
    expect(ran).toBe(false);
    expect((await violations(page)).length).toBeGreaterThanOrEqual(2);
  });

  for (const path of PAGES) {
    test(`${path}: no violation while its widgets train`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(path);
      expect(await policyOf(page)).toContain("script-src 'self'");
      await exercise(page, path);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');
      expect(await violations(page)).toEqual([]);
      expect(errors.filter((e) => !(path === NOT_FOUND && /status of 404/.test(e)))).toEqual([]);
    });
  }

  test('the Lab trains on an image of the reader’s', async ({ page }) => {
    const errors = watchErrors(page);
    page.on('dialog', (d) => void d.accept());
    await page.goto('/lab/');
    const lab = page.locator('pce-lab');
    await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await lab.locator('[data-image-file]').setInputFiles(new URL('objects.png', FIXTURES).pathname);
    await expect(lab.locator('[data-out="image-status"]')).toContainText('objects.png');
    const canvas = lab.locator('[data-draw]');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no drawing surface');
    const stroke = async (tool: string, from: [number, number], to: [number, number]) => {
      await lab.locator(`input[data-tool][value="${tool}"]`).check();
      await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 12 });
      await page.mouse.up();
    };
    await stroke('foreground', [0.3, 0.35], [0.4, 0.45]);
    await stroke('background', [0.05, 0.9], [0.3, 0.95]);
    await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await stepOnce(lab);
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('the theme toggle and the language switch, inline scripts allowed by hash, work', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto('/chapters/in-practice/#what-to-remember');
    await expect(page.locator('html')).toHaveClass(/\bjs\b/);
    const toggle = page.locator('.theme-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await page.locator('a.lang-switch').hover();
    await expect(page.locator('a.lang-switch')).toHaveAttribute('href', /#what-to-remember$/);
    expect(await violations(page)).toEqual([]);
  });
});

/** The built worker (dist/_astro/training.worker-….js). */
function builtWorker(): string {
  const file = readdirSync(DIST_ASSETS).find((f) => /^training\.worker.*\.js$/.test(f));
  if (!file) throw new Error('No training worker in dist/_astro: run npm run build first.');
  return `/_astro/${file}`;
}

for (const backend of ['wasm', 'webgl'] as const) {
  test(`the training worker trains on ${backend} with the policy as its own header`, async ({ page }) => {
    await recordViolations(page);
    await page.goto('/chapters/in-practice/');
    const policy = (await policyOf(page)) ?? '';
    const worker = builtWorker();
    let served = 0;
    await page.route(`**${worker}`, async (route) => {
      const response = await route.fetch();
      served++;
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
    });
    const result = await page.evaluate(
      async ({ worker, backend }) => {
        type Msg = { type: string; [k: string]: unknown };
        const w = new Worker(worker, { type: 'module', name: 'csp test' });
        const inbox: Msg[] = [];
        w.onmessage = (e: MessageEvent<Msg>) => inbox.push(e.data);
        const next = async (type: string): Promise<Msg> => {
          const deadline = performance.now() + 90_000;
          for (;;) {
            const failed = inbox.find((m) => m.type === 'error');
            if (failed) throw new Error(String(failed.message));
            const i = inbox.findIndex((m) => m.type === type);
            if (i >= 0) return inbox.splice(i, 1)[0] as Msg;
            if (performance.now() > deadline) throw new Error(`no '${type}' message`);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        };
        try {
          w.postMessage({ type: 'backend', choice: backend });
          w.postMessage({ type: 'configure', settings: '', maps: false });
          const chosen = (await next('backend')) as Msg & { name: string };
          await next('progress');
          w.postMessage({ type: 'step', steps: 1 });
          const progress = (await next('progress')) as Msg & { step: number };
          return { backend: chosen.name, step: progress.step, error: null };
        } catch (error) {
          return { backend: '', step: null, error: String(error) };
        } finally {
          w.terminate();
        }
      },
      { worker, backend },
    );
    expect(result.error).toBeNull();
    expect(result.backend).toBe(backend);
    expect(result.step).toBe(1);
    expect(served).toBe(1);
    expect(await violations(page)).toEqual([]);
  });
}
