/**
 * Chapter 3's propensity figure, driven like a reader would: it trains, shows the labeling
 * propensity e(x) beside the models' p with the scatter of full CE's p against it, switches
 * label modes by keyboard, and keeps its mode in the URL hash.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

const CHAPTER = '/chapters/watching-foreground-disappear/';

async function stepCount(widget: Locator): Promise<number> {
  const text = (await widget.locator('[data-out="step"]').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

/** Open chapter 3 at the propensity figure, with autoplay on or off. */
async function openFigure(page: Page, hash = '', autoplay = true): Promise<Locator> {
  if (!autoplay) await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${CHAPTER}${hash}`);
  const widget = page.locator('pce-trainer[data-id="propensity"]');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
  return widget;
}

/** The checked label-type option (a radio group: arrow keys move the choice). */
const labelTypeChoice = (widget: Locator) => widget.locator('[data-setting="labelType"] input:checked');

test('trains, shows e(x) beside p and the scatter against it, without errors', async ({ page }) => {
  const errors = watchErrors(page);
  const widget = await openFigure(page);
  await expect.poll(() => stepCount(widget), { timeout: 30_000 }).toBeGreaterThan(20);

  // The map of e(x), captioned, among the maps, and actually painted.
  const map = widget.locator('canvas[data-map="propensity"]');
  await expect(map).toHaveAttribute('aria-label', 'labeling propensity e(x)');
  await expect(widget.locator('[data-maps] figcaption', { hasText: 'labeling propensity e(x)' })).toBeVisible();
  await expect.poll(() => map.evaluate((c: HTMLCanvasElement) => c.width), { timeout: 20_000 }).toBeGreaterThan(0);
  const painted = await map.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 37)
      colours.add((d[i] as number) * 65536 + (d[i + 1] as number) * 256 + (d[i + 2] as number));
    return colours.size;
  });
  expect(painted).toBeGreaterThan(2);

  // The scatter: a titled SVG whose text alternative lists the bins and the coverage.
  await expect(widget.locator('.propensity-chart .chart-title')).toHaveText(
    /^Full CE.s p against the labeling propensity$/,
  );
  const scatter = widget.locator('[data-propensity-plot] svg');
  await expect(scatter).toBeVisible({ timeout: 20_000 });
  await expect(scatter).toHaveAttribute(
    'aria-description',
    /Bins of e\(x\)·P\(y = 1 \| x\): 0\.0–0\.1: \d+ pixels, mean p 0\.\d\d/,
  );
  await expect(scatter).toHaveAttribute('aria-description', /coverage c = 0\.\d\d/);
  expect(await scatter.locator('circle').count()).toBeGreaterThan(1);

  // Interior and border, from the estimate and the latest snapshot.
  await expect(widget.locator('[data-out="propensity"]')).toHaveText(
    /^mean e: interior 0\.\d\d, border 0\.\d\d · full CE mean p on unlabeled foreground: interior \d\.\d\d, border \d\.\d\d · e\(x\) from \d+ label draws$/,
    { timeout: 20_000 },
  );
  expect(Number(await widget.getAttribute('data-propensity-ms'))).toBeGreaterThanOrEqual(0);

  // The drawn panel, not only the static shell, passes axe.
  const results = await new AxeBuilder({ page }).include('#widget-propensity').analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  expect(serious).toEqual([]);
  expect(errors).toEqual([]);
});

test('switches label modes by keyboard, recomputes e(x), and reloads into the mode from the URL', async ({ page }) => {
  const errors = watchErrors(page);
  const widget = await openFigure(page, '', false);
  const status = widget.locator('[data-out="propensity"]');
  await expect(status).toHaveText(/^mean e: interior/, { timeout: 20_000 });
  // The figure starts from labels selected completely at random: e is flat across the border.
  await expect(labelTypeChoice(widget)).toHaveValue('scar');
  const scar = await status.textContent();
  const [, interior, border] = /interior (\d\.\d\d), border (\d\.\d\d)/.exec(scar ?? '') ?? [];
  expect(Math.abs(Number(interior) - Number(border))).toBeLessThan(0.05);

  // Arrow keys move the radio choice, which restarts the run with strokes that avoid borders.
  await labelTypeChoice(widget).focus();
  await page.keyboard.press('ArrowDown');
  await expect(labelTypeChoice(widget)).toHaveValue('skeleton');
  await expect.poll(() => page.url()).toContain('labelType=skeleton');
  await expect(widget.locator('[data-out="step"]')).toHaveText('Step 0');
  await expect(status).toHaveText(/^mean e: interior 0\.\d\d, border 0\.00 /, { timeout: 30_000 });
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(labelTypeChoice(widget)).toHaveValue('scribbles');
  await expect.poll(() => page.url()).toContain('labelType=scribbles');
  await expect(status).toHaveText(/border 0\.00 /, { timeout: 30_000 });

  // The mode travels in the hash: a reload opens the figure in it.
  await page.goto(`${CHAPTER}#propensity:labelType=clicks&density=0.2`);
  await page.reload();
  const again = page.locator('pce-trainer[data-id="propensity"]');
  await again.scrollIntoViewIfNeeded();
  await expect(again.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
  await expect(labelTypeChoice(again)).toHaveValue('clicks');
  await expect(again.locator('[data-setting="density"] output')).toHaveText('0.2');
  await expect(again.locator('[data-out="propensity"]')).toHaveText(/^mean e: interior/, { timeout: 30_000 });
  await again.locator('[data-action="step"]').click();
  await expect.poll(() => stepCount(again)).toBe(1);
  expect(errors).toEqual([]);
});
