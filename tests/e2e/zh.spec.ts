/**
 * The Chinese edition (/zh-cn/) as a reader gets it: every page loads cleanly in Chinese
 * with rendered math and nothing fetched from elsewhere, names its languages for search
 * engines, shares its anchors with the English page, and the language switch keeps the
 * reader's place and a trainer's state in both directions. Axe at desktop and phone width,
 * light and dark.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { LATIN_IN_CHINESE_UI, latinWordsIn, watchErrors } from './helpers';

/** Every Chinese chapter's slug, in order (`NN-slug.mdx` in content/zh-cn/chapters/). */
const SLUGS = readdirSync(join(import.meta.dirname, '..', '..', 'content', 'zh-cn', 'chapters'))
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((f) => f.replace(/\.mdx$/, '').replace(/^\d+-/, ''));
const CHAPTERS = SLUGS.map((slug) => `/zh-cn/chapters/${slug}/`);
const PAGES = ['/zh-cn/', ...CHAPTERS, '/zh-cn/glossary/', '/zh-cn/lab/'];
/** Pages with no English version (Base's `languages`). */
const ONLY_IN_CHINESE = ['/zh-cn/glossary/'];

/** Requests that leave the preview server's origin. */
function watchOrigin(page: Page, origin: string): string[] {
  const outside: string[] = [];
  page.on('request', (r) => {
    const { protocol } = new URL(r.url());
    if (protocol !== 'data:' && protocol !== 'blob:' && new URL(r.url()).origin !== origin) outside.push(r.url());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) outside.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return outside;
}

const headingIds = (page: Page) =>
  page.locator('.prose h2[id]:not(#footnote-label), .prose h3[id]').evaluateAll((hs) => hs.map((h) => h.id));

test.describe('every Chinese page', () => {
  for (const path of PAGES) {
    test(`${path} is in Chinese, loads with no console errors and no requests off the origin`, async ({
      page,
      baseURL,
    }) => {
      const errors = watchErrors(page);
      const outside = watchOrigin(page, new URL(baseURL as string).origin);
      await page.goto(path, { waitUntil: 'networkidle' });
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(page.locator('h1')).toHaveCount(1);
      await expect(page.locator('h1')).toHaveText(/\p{Script=Han}/u);
      await expect(page.locator('meta[property="og:locale"]')).toHaveAttribute('content', 'zh_CN');
      await expect(page.locator('link[rel="alternate"][hreflang="zh-CN"]')).toHaveAttribute(
        'href',
        new RegExp(`${path}$`),
      );
      const english = ONLY_IN_CHINESE.includes(path) ? null : path.replace(/^\/zh-cn/, '');
      if (english === null) {
        // No English page: no English alternate, and the switch goes to the English home page.
        await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveCount(0);
        await expect(page.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveCount(0);
        await expect(page.locator('a.lang-switch')).toHaveAttribute('href', '/');
        return;
      }
      await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute(
        'href',
        new RegExp(`${english}$`),
      );
      await expect(page.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute(
        'href',
        new RegExp(`${english}$`),
      );
      await expect(page.locator('a.lang-switch')).toHaveAttribute('href', english);
      await expect(page.locator('meta[property="og:locale:alternate"]')).toHaveAttribute('content', 'en_US');
      // The English page exists, and its switch comes back here.
      await page.goto(english);
      await expect(page.locator('a.lang-switch')).toHaveAttribute('href', path);
    });
  }
});

test.describe('Chinese chapters', () => {
  for (const slug of SLUGS) {
    test(`${slug}: rendered math, working in-page links, and the English page's anchors`, async ({ page }) => {
      await page.goto(`/chapters/${slug}/`);
      const english = await headingIds(page);
      await page.goto(`/zh-cn/chapters/${slug}/`);
      expect(await page.locator('.katex').count()).toBeGreaterThan(0);
      await expect(page.locator('.katex-error')).toHaveCount(0);
      expect(await headingIds(page)).toEqual(english);
      await expect(page.locator('#what-to-remember')).toHaveText(/本章要点/);
      const broken = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')]
          .map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1)))
          .filter((id) => id !== '' && !document.getElementById(id)),
      );
      expect(broken).toEqual([]);
      await expect(page.locator('section.bibliography h2')).toHaveText('参考文献');
    });
  }

  test('the chapter list and the pager stay in Chinese', async ({ page }) => {
    await page.goto('/zh-cn/');
    const links = page.locator('.chapter-list a');
    await expect(links).toHaveCount(CHAPTERS.length);
    for (let i = 0; i < CHAPTERS.length; i++) await expect(links.nth(i)).toHaveAttribute('href', CHAPTERS[i] as string);
    await page.goto('/zh-cn/chapters/two-losses/');
    await expect(page.locator('a[rel="prev"]')).toHaveAttribute('href', '/zh-cn/chapters/sparse-labels/');
    await expect(page.locator('a[rel="next"]')).toHaveAttribute(
      'href',
      '/zh-cn/chapters/watching-foreground-disappear/',
    );
    await expect(page.locator('.site-nav a[href="/zh-cn/glossary/"]')).toBeVisible();
  });

  test('the Lab and the chapters no longer warn of untranslated widgets', async ({ page }) => {
    await page.goto('/zh-cn/chapters/watching-foreground-disappear/');
    await expect(page.locator('#fig-curves figcaption')).toContainText('全图交叉熵');
    await expect(page.getByText('暂未翻译')).toHaveCount(0);
    await page.goto('/zh-cn/lab/');
    await expect(page.getByText('暂未翻译')).toHaveCount(0);
  });
});

test.describe('language switch', () => {
  const trainer = (page: Page) => page.locator('pce-trainer[data-id="suppression"]');
  const seedInput = (page: Page) => trainer(page).locator('[data-setting="seed"] input');

  test('keeps a trainer’s hash state from English to Chinese and back', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const errors = watchErrors(page);
    await page.goto('/chapters/watching-foreground-disappear/#suppression:seed=2&density=0.2');
    await trainer(page).scrollIntoViewIfNeeded();
    await expect(seedInput(page)).toHaveValue('2', { timeout: 30_000 });
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('seed=2');

    await page.locator('a.lang-switch').click();
    await expect(page).toHaveURL(/\/zh-cn\/chapters\/watching-foreground-disappear\/#/);
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    await trainer(page).scrollIntoViewIfNeeded();
    await expect(seedInput(page)).toHaveValue('2', { timeout: 30_000 });

    await page.locator('a.lang-switch').click();
    await expect(page).toHaveURL(/\/chapters\/watching-foreground-disappear\/#/);
    expect(new URL(page.url()).pathname).toBe('/chapters/watching-foreground-disappear/');
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(errors).toEqual([]);
  });

  test('keeps the scroll anchor, and works from the keyboard', async ({ page }) => {
    await page.goto('/zh-cn/chapters/two-losses/#what-to-remember');
    await page.locator('a.lang-switch').focus();
    await expect(page.locator('a.lang-switch')).toHaveAttribute('href', '/chapters/two-losses/#what-to-remember');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/chapters\/two-losses\/#what-to-remember$/);
    await expect(page.locator('#what-to-remember')).toBeInViewport();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('a.lang-switch')).toHaveText('简体中文');
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('the switch still links the same page in the other language', async ({ page }) => {
      await page.goto('/chapters/in-practice/');
      await expect(page.locator('a.lang-switch')).toHaveAttribute('href', '/zh-cn/chapters/in-practice/');
      await page.locator('a.lang-switch').click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    });
  });
});

test.describe('accessibility (axe)', () => {
  for (const [device, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 375, 740],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      for (const path of PAGES) {
        test(`${path} at ${device} width in ${scheme}: no serious or critical violations`, async ({ page }) => {
          await page.setViewportSize({ width, height });
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
  }

  test('phones get no horizontal scroll on Chinese pages', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of PAGES) {
      await page.goto(path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
    }
  });
});

/** The Latin words a Chinese chapter widget may show: the shared list, and "float32" in the gradient check. */
const ALLOWED_LATIN = new Set([...LATIN_IN_CHINESE_UI, 'float']);

/** Visible text, labels and titles of a widget (not its caption), and the Latin words in it that the allowlist lacks. */
const englishIn = (widget: Locator) =>
  latinWordsIn(widget, ALLOWED_LATIN, {
    attributes: ['aria-label', 'title', 'placeholder', 'aria-valuetext'],
    dropCaption: true,
  });

test.describe('Chinese widgets', () => {
  const WIDGET_PAGES = CHAPTERS.filter((path) => !/in-practice/.test(path));

  for (const path of WIDGET_PAGES) {
    test(`${path}: every widget shows Chinese controls, notices and charts (no English UI text)`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(path);
      const widgets = page.locator('figure.widget');
      const count = await widgets.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const widget = widgets.nth(i);
        await widget.scrollIntoViewIfNeeded();
        const trainer = widget.locator('pce-trainer');
        if ((await trainer.count()) > 0) {
          // Trained and drawn: step counter, charts, maps, table and backend line all filled in.
          await expect(trainer).toHaveAttribute('data-step', /^[1-9]\d*$/, { timeout: 45_000 });
          await expect(trainer.locator('[data-plot] svg').first()).toBeVisible();
        }
        if ((await widget.locator('pce-gradient').count()) > 0) {
          await expect(widget.locator('[data-out="check"]')).toContainText('实时核对', { timeout: 45_000 });
        }
        expect(await englishIn(widget), `widget ${i + 1} of ${path}`).toEqual([]);
      }
      expect(errors).toEqual([]);
    });
  }
});
