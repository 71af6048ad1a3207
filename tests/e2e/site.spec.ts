/**
 * The site as a reader gets it from `npm run preview`: every chapter loads cleanly with
 * rendered math, nothing is fetched from outside localhost, the theme toggle works and
 * persists, phones get no horizontal scroll, and axe finds no serious violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

const CHAPTERS = [
  '/chapters/sparse-labels/',
  '/chapters/two-losses/',
  '/chapters/watching-foreground-disappear/',
  '/chapters/foreground-only-labels/',
  '/chapters/in-practice/',
  '/chapters/closing-the-border-gap/',
];
const PAGES = ['/', ...CHAPTERS];
const DARK_BG = 'rgb(22, 24, 29)';
const LIGHT_BG = 'rgb(255, 255, 255)';

const isLocal = (url: string) => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
};

/** Record console errors, page errors, failed or non-local requests while `page` is used. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!isLocal(r.url())) problems.push(`left localhost: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe('every page', () => {
  for (const path of PAGES) {
    test(`${path} loads with no console errors, no failed and no outside requests`, async ({ page }) => {
      const problems = watch(page);
      await page.goto(path, { waitUntil: 'networkidle' });
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
      await expect(page.locator('h1')).toHaveCount(1);
      await expect(page.locator('main#main')).toHaveCount(1);
    });
  }
});

test.describe('chapters', () => {
  for (const path of CHAPTERS) {
    test(`${path} has rendered math, working references and a table of contents`, async ({ page }) => {
      await page.goto(path);
      expect(await page.locator('.katex').count()).toBeGreaterThan(0);
      await expect(page.locator('.katex-error')).toHaveCount(0);
      // Every in-page link (equation, citation, footnote, contents, heading anchor) lands on an element.
      const broken = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')]
          .map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1)))
          .filter((id) => id !== '' && !document.getElementById(id)),
      );
      expect(broken).toEqual([]);
      // Each section heading of the prose has a visible link to itself.
      const headings = page.locator('.prose h2[id]:not(#footnote-label), .prose h3[id]');
      const count = await headings.count();
      expect(count).toBeGreaterThan(2);
      for (let i = 0; i < count; i++) {
        const id = await headings.nth(i).getAttribute('id');
        await expect(headings.nth(i).locator(`a.heading-anchor[href="#${id}"]`)).toBeVisible();
      }
      await expect(page.locator('nav.toc a').first()).toBeVisible();
      await expect(page.locator('#what-to-remember')).toBeVisible();
      await expect(page.locator('section.bibliography li').first()).toBeVisible();
    });
  }

  test('equation numbers are link targets, and citations point into the bibliography', async ({ page }) => {
    await page.goto('/chapters/two-losses/');
    const ref = page.locator('a.eqref', { hasText: '(2.12)' }).first();
    await expect(ref).toHaveAttribute('href', '#eq-grad-logit');
    await expect(page.locator('#eq-grad-logit')).toHaveText('2.12');
    await ref.click();
    await expect(page).toHaveURL(/#eq-grad-logit$/);
    const cite = page.locator('a.cite').first();
    const target = (await cite.getAttribute('href'))!.slice(1);
    await expect(page.locator(`section.bibliography li#${target}`)).toBeVisible();
  });

  test('previous and next links follow the chapter order', async ({ page }) => {
    await page.goto('/chapters/two-losses/');
    await expect(page.locator('a[rel="prev"]')).toHaveAttribute('href', '/chapters/sparse-labels/');
    await expect(page.locator('a[rel="next"]')).toHaveAttribute('href', '/chapters/watching-foreground-disappear/');
    await page.goto('/chapters/sparse-labels/');
    await expect(page.locator('a[rel="prev"]')).toHaveCount(0);
    await page.goto('/chapters/closing-the-border-gap/');
    await expect(page.locator('a[rel="next"]')).toHaveCount(0);
  });

  test('the landing page lists the chapters in order', async ({ page }) => {
    await page.goto('/');
    const links = page.locator('.chapter-list a');
    await expect(links).toHaveCount(CHAPTERS.length);
    for (let i = 0; i < CHAPTERS.length; i++) await expect(links.nth(i)).toHaveAttribute('href', CHAPTERS[i] as string);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('math, figures and footnotes work, and the theme still follows the system', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/chapters/sparse-labels/');
    expect(await page.locator('.katex').count()).toBeGreaterThan(0);
    await expect(page.locator('#fig-scene img')).toHaveCount(4);
    expect(await background(page)).toBe(DARK_BG);
    await page.locator('a[data-footnote-ref]').first().click();
    await expect(page).toHaveURL(/#user-content-fn-/);
    await expect(page.locator('.theme-toggle')).toBeHidden();
  });

  for (const path of [
    ...CHAPTERS.filter((c) => !/in-practice/.test(c)),
    '/lab/',
    '/zh-cn/chapters/watching-foreground-disappear/',
  ]) {
    test(`${path}: each live widget is one line about scripts, with no dead controls`, async ({ page }) => {
      await page.goto(path);
      const widgets = page.locator('figure.widget, pce-lab');
      const count = await widgets.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const widget = widgets.nth(i);
        await expect(widget.locator('.widget-noscript')).toBeVisible();
        await expect(widget.locator('.widget-noscript')).toContainText('JavaScript');
        // Nothing to press, drag or type into, and no empty chart frames.
        await expect(widget.locator('button:visible, input:visible, select:visible, canvas:visible')).toHaveCount(0);
      }
      // Where the chapter has a static counterpart, the line links to it.
      for (const link of await page.locator('.widget-noscript a').all()) {
        const target = ((await link.getAttribute('href')) ?? '').slice(1);
        await expect(page.locator(`[id="${target}"]`)).toBeVisible();
      }
    });
  }
});

test.describe('pages without widgets', () => {
  for (const path of ['/', '/chapters/in-practice/']) {
    test(`${path} ships no JavaScript beyond the inline theme script`, async ({ page }) => {
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await page.goto(path, { waitUntil: 'networkidle' });
      expect(scripts).toEqual([]);
      const inline = await page
        .locator('script')
        .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src || e.textContent || ''));
      expect(inline).toHaveLength(2);
      // The theme line, the switch and theme toggle, and the service worker's registration with its
      // update note (since issue 13 it waits for load and idle, about 350 characters more).
      expect(inline.join('').length).toBeLessThan(3000);
    });
  }
});

test.describe('theme', () => {
  test('follows the system when nothing is chosen', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    expect(await background(page)).toBe(DARK_BG);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background(page)).toBe(LIGHT_BG);
  });

  test('the toggle switches, persists across a reload, and switches back', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/chapters/two-losses/');
    const toggle = page.locator('.theme-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(await background(page)).toBe(LIGHT_BG);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(await background(page)).toBe(DARK_BG);
    expect(await page.evaluate(() => localStorage.getItem('theme'))).toBe('dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe(DARK_BG);
    await page.goto('/chapters/in-practice/');
    expect(await background(page)).toBe(DARK_BG);
    await page.locator('.theme-toggle').click();
    expect(await background(page)).toBe(LIGHT_BG);
    await page.reload();
    expect(await background(page)).toBe(LIGHT_BG);
  });

  test('the stored choice is applied before the first paint', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.addInitScript(() => localStorage.setItem('theme', 'dark'));
    // Read the background as soon as <body> exists, before the page has finished loading.
    await page.goto('/chapters/two-losses/', { waitUntil: 'commit' });
    await page.waitForSelector('body');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background(page)).toBe(DARK_BG);
  });
});

test.describe('phone width', () => {
  test.use({ viewport: { width: 375, height: 740 } });
  for (const path of PAGES) {
    test(`${path} has no horizontal scroll at 375 px`, async ({ page }) => {
      await page.goto(path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    });
  }
});

test.describe('print', () => {
  test('the print stylesheet hides navigation and keeps the text', async ({ page }) => {
    await page.goto('/chapters/two-losses/');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(page.locator('nav.toc')).toBeHidden();
    await expect(page.locator('.pager')).toBeHidden();
    await expect(page.locator('h1')).toBeVisible();
    expect(await background(page)).toBe(LIGHT_BG);
  });
});

test.describe('accessibility (axe)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const path of PAGES) {
      test(`${path} in ${scheme}: no serious or critical violations`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
        expect(serious).toEqual([]);
      });
    }
  }

  test('the skip link is the first focusable element and moves focus to the content', async ({ page }) => {
    await page.goto('/chapters/two-losses/');
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });
});
