/**
 * Chapter 6's trainer (partial CE, partial CE + CRF term, oracle), driven like a reader would:
 * it trains and maps the errors, every control works from the keyboard, its CSV carries the
 * border columns, and axe finds nothing serious at desktop and phone width, light and dark.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

const PATH = '/chapters/closing-the-border-gap/';

async function openTrainer(page: Page, hash = ''): Promise<Locator> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${PATH}${hash}`);
  const widget = page.locator('pce-trainer[data-id="border"]');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
  return widget;
}

async function skipTo(widget: Locator, steps: number): Promise<void> {
  for (let s = 50; s <= steps; s += 50) {
    await widget.locator('[data-action="skip"]').click();
    await expect(widget.locator('[data-out="step"]')).toHaveText(`Step ${s}`, { timeout: 60_000 });
  }
}

test('trains the three models, maps their errors and says which kernel runs, without errors', async ({ page }) => {
  const errors = watchErrors(page);
  const widget = await openTrainer(page);
  await skipTo(widget, 50);
  for (const loss of ['partial', 'crf', 'oracle']) {
    await expect(widget.locator(`canvas[data-map="p-${loss}"]`)).toHaveCount(1);
    await expect(widget.locator(`canvas[data-map="err-${loss}"]`)).toHaveCount(1);
  }
  await expect(widget.locator('[data-out="kernel"]')).toContainText('exact dense kernel');
  await expect(widget.locator('[data-row="crf"] [data-cell="borderErrorRate"]')).toHaveText(/^0\.\d+$/);
  await expect(widget.locator('[data-map-legend]')).toContainText('within 2 px of a boundary');
  expect(errors).toEqual([]);
});

test('every control works from the keyboard, and a change restarts with the setting in the URL', async ({ page }) => {
  const widget = await openTrainer(page);
  await widget.locator('[data-action="play"]').focus();
  await page.keyboard.press('Tab');
  await expect(widget.locator('[data-action="step"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-out="step"]')).toHaveText('Step 1', { timeout: 30_000 });

  const weight = widget.locator('[data-setting="crfWeight"] input');
  await weight.focus();
  await page.keyboard.press('ArrowRight');
  await expect(weight).toHaveValue('1.1');
  await expect(widget.locator('[data-out="step"]')).toHaveText('Step 0');
  expect(page.url()).toContain('crfWeight=1.1');
  await page.keyboard.press('Home');
  await expect(weight).toHaveValue('0');
  expect(page.url()).toContain('crfWeight=0');

  const sigma = widget.locator('[data-setting="sigmaXy"] input');
  await sigma.focus();
  await page.keyboard.press('End');
  await expect.poll(() => page.url()).toContain('sigmaXy=16');

  const noise = widget.locator('[data-setting="noise"] input');
  await noise.focus();
  await page.keyboard.press('PageUp');
  expect(Number(await noise.inputValue())).toBeGreaterThan(0.6);
  await expect.poll(() => page.url()).toMatch(/noise=0\.[7-9]|noise=1/);
  await expect(widget.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
});

test('the CSV has the border and interior error columns, for every model', async ({ page }) => {
  const widget = await openTrainer(page);
  await skipTo(widget, 50);
  const [download] = await Promise.all([page.waitForEvent('download'), widget.locator('[data-action="csv"]').click()]);
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  expect(lines[0]).toMatch(/^# partial-ce run; settings: seed=1&.*losses=partial,crf,oracle/);
  const header = (lines[1] as string).split(',');
  expect(header.slice(-2)).toEqual(['border_error_rate', 'interior_error_rate']);
  for (const loss of ['partial', 'crf', 'oracle']) {
    const row = lines.find((l) => l.startsWith(`50,${loss},`))?.split(',') ?? [];
    expect(row).toHaveLength(header.length);
    const border = Number(row.at(-2));
    expect(border).toBeGreaterThanOrEqual(0);
    expect(border).toBeLessThanOrEqual(1);
  }
});

test.describe('accessibility (axe) with the trainer drawn', () => {
  for (const width of [1280, 375]) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`${width} px, ${scheme}: no serious or critical violations`, async ({ page }) => {
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        const widget = await openTrainer(page);
        await widget.locator('[data-action="step"]').click();
        await expect(widget.locator('[data-out="step"]')).toHaveText('Step 1', { timeout: 30_000 });
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
        expect(serious).toEqual([]);
      });
    }
  }
});
