/**
 * Budgets that cannot flake: what loads when, checked from the network log, and tensor
 * counts that must not grow. Speeds and scores live in `npm run bench:browser`.
 */
import { expect, type Page, test } from '@playwright/test';

/** Every request the page makes, as paths. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  return paths;
}

const isTfjs = (p: string) => /training\.worker/.test(p) || p.endsWith('.wasm');
/** The lazy chunks: the trainer's controller (with Observable Plot) and the worker. */
const isWidgetCode = (p: string) => isTfjs(p) || /(trainer|gradient|lab)-controller/.test(p);

async function scrollThrough(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y <= height; y += 500) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(1000);
}

for (const path of ['/', '/chapters/in-practice/']) {
  test(`text page ${path} loads no JavaScript file, no tfjs, no Plot and no .wasm, even scrolled to the end`, async ({
    page,
  }) => {
    const requests = recordRequests(page);
    await page.goto(path);
    await scrollThrough(page);
    expect(requests.filter((p) => p.endsWith('.js') || p.endsWith('.mjs'))).toEqual([]);
    expect(requests.filter(isWidgetCode)).toEqual([]);
  });
}

test('a widget chapter loads tfjs, Plot and the .wasm only once the reader scrolls near the widget', async ({
  page,
}) => {
  const requests = recordRequests(page);
  await page.goto('/chapters/watching-foreground-disappear/');
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  expect(requests.filter(isWidgetCode)).toEqual([]);
  await page.locator('pce-trainer').first().scrollIntoViewIfNeeded();
  await expect.poll(() => requests.some((p) => /trainer-controller/.test(p)), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => requests.some((p) => /training\.worker/.test(p)), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => requests.some((p) => p.endsWith('.wasm')), { timeout: 20_000 }).toBe(true);
});

test('tf.memory().numTensors in the worker does not grow over 300 steps', async ({ page }) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/chapters/watching-foreground-disappear/');
  const widget = page.locator('pce-trainer[data-id="suppression"]');
  await widget.scrollIntoViewIfNeeded();
  const skip = widget.locator('[data-action="skip"]');
  await expect(skip).toBeEnabled({ timeout: 30_000 });
  await skip.click();
  await expect(widget.locator('[data-out="step"]')).toHaveText('Step 50', { timeout: 30_000 });
  const early = Number(await widget.getAttribute('data-num-tensors'));
  const earlyBytes = Number(await widget.getAttribute('data-num-bytes'));
  expect(early).toBeGreaterThan(0);
  for (let s = 100; s <= 350; s += 50) {
    await skip.click();
    await expect(widget.locator('[data-out="step"]')).toHaveText(`Step ${s}`, { timeout: 30_000 });
  }
  expect(Number(await widget.getAttribute('data-num-tensors'))).toBe(early);
  expect(Number(await widget.getAttribute('data-num-bytes'))).toBe(earlyBytes);
});
