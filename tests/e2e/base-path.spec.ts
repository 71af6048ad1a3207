/**
 * The site published under a base path, as on a GitHub Pages project site: one build with
 * SITE_URL=https://example.org and BASE_PATH=/partial-ce/ into tmp/dist-base/, served by
 * `astro preview` on its own port. Every page opens with no failed request, every internal
 * address it names is under the base and answers, a widget trains (worker and WASM from under
 * the base), and the 404 page, robots.txt and the sitemap carry the base and the host.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';

const BASE = '/partial-ce/';
const SITE = 'https://example.org';
const PORT = (Number(process.env.PORT) || 4321) + 100;
const ORIGIN = `http://localhost:${PORT}`;
const ENV = { ...process.env, SITE_URL: SITE, BASE_PATH: BASE, OUT_DIR: './tmp/dist-base' };

const PAGES = [
  '',
  'chapters/sparse-labels/',
  'chapters/two-losses/',
  'chapters/watching-foreground-disappear/',
  'chapters/foreground-only-labels/',
  'chapters/in-practice/',
  'chapters/closing-the-border-gap/',
  'lab/',
  'zh-cn/',
  'zh-cn/chapters/sparse-labels/',
  'zh-cn/chapters/two-losses/',
  'zh-cn/chapters/watching-foreground-disappear/',
  'zh-cn/chapters/foreground-only-labels/',
  'zh-cn/chapters/in-practice/',
  'zh-cn/chapters/closing-the-border-gap/',
  'zh-cn/lab/',
  'zh-cn/glossary/',
];

const at = (path: string) => `${ORIGIN}${BASE}${path}`;

test.describe.configure({ mode: 'serial' });

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const build = spawnSync('npx', ['astro', 'build'], { env: ENV, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`The base-path build failed:\n${build.stdout}\n${build.stderr}`);
  server = spawn('npx', ['astro', 'preview', '--port', String(PORT)], { env: ENV, stdio: 'ignore', detached: true });
  for (let i = 0; ; i++) {
    const ok = await fetch(at('')).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 120) throw new Error(`No preview server on ${ORIGIN}${BASE}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

test.afterAll(() => {
  if (server?.pid) process.kill(-server.pid);
});

/** Console errors, page errors and failed or refused requests while `page` is used. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A request that the next navigation cancels (a widget's worker starting late) has not failed.
    const reason = r.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()} ${reason}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

test('every page opens under the base, and every address it names is under the base and answers', async ({
  page,
  request,
}) => {
  const problems = watch(page);
  const addresses = new Set<string>();
  for (const path of PAGES) {
    await page.goto(at(path), { waitUntil: 'networkidle' });
    await expect(page.locator('h1')).toHaveCount(1);
    const named = await page.evaluate(() =>
      [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
        .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '')
        .filter((a) => a.startsWith('/') && !a.startsWith('//')),
    );
    for (const address of named) {
      expect(address, `${path} names ${address}`).toMatch(/^\/partial-ce\//);
      addresses.add(address.split('#')[0] as string);
    }
  }
  for (const address of addresses) {
    const response = await request.get(`${ORIGIN}${address}`);
    expect(response.status(), address).toBe(200);
  }
  expect(addresses.size).toBeGreaterThan(30);
  expect(problems).toEqual([]);
});

test('a chapter trainer trains, with its worker and WASM from under the base', async ({ page }) => {
  const problems = watch(page);
  const loaded: string[] = [];
  page.on('response', (r) => loaded.push(new URL(r.url()).pathname));
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(at('chapters/watching-foreground-disappear/'));
  const widget = page.locator('pce-trainer[data-id="suppression"]');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget.locator('[data-action="step"]')).toBeEnabled({ timeout: 60_000 });
  await widget.locator('[data-action="step"]').click();
  await expect(widget.locator('[data-out="step"]')).toHaveText('Step 1', { timeout: 60_000 });
  expect(loaded.some((p) => /^\/partial-ce\/_astro\/training\.worker.*\.js$/.test(p))).toBe(true);
  expect(loaded.some((p) => /^\/partial-ce\/_astro\/tfjs-backend-wasm.*\.wasm$/.test(p))).toBe(true);
  // The language switch keeps the base and the widget's state.
  const hash = await page.evaluate(() => location.hash);
  await page.locator('a.lang-switch').hover();
  await expect(page.locator('a.lang-switch')).toHaveAttribute(
    'href',
    `${BASE}zh-cn/chapters/watching-foreground-disappear/${hash}`,
  );
  expect(problems).toEqual([]);
});

test('an unknown address gets the 404 page; robots.txt and the sitemap name the host and the base', async ({
  page,
  request,
}) => {
  const response = await page.goto(at('no-such-page/'));
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page.locator('main a').first()).toHaveAttribute('href', `${BASE}#chapters`);
  const robots = await (await request.get(at('robots.txt'))).text();
  expect(robots).toContain(`Sitemap: ${SITE}${BASE}sitemap-index.xml`);
  const sitemap = await (await request.get(at('sitemap-0.xml'))).text();
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(locs).toHaveLength(PAGES.length);
  for (const loc of locs) expect(loc).toMatch(new RegExp(`^${SITE}${BASE}`));
  expect(locs).not.toContain(`${SITE}${BASE}404/`);
  // Canonical addresses of a page use the configured host.
  await page.goto(at('chapters/two-losses/'));
  await expect(page.locator('meta[name="citation_public_url"]')).toHaveAttribute(
    'content',
    `${SITE}${BASE}chapters/two-losses/`,
  );
});
