/**
 * The live widgets in their chapters, driven like a reader would: mouse and keyboard.
 * Runs against the built site (`npm run preview`) in Debian's Chromium, where tfjs picks
 * WASM-SIMD (the software WebGL renderer is skipped by the probe).
 */
import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, test } from '@playwright/test';
import defaultRuns from '../../src/data/figures/default-runs.json' with { type: 'json' };
import { watchErrors } from './helpers';

const CHAPTER = {
  explorer: '/chapters/sparse-labels/',
  gradient: '/chapters/two-losses/',
  suppression: '/chapters/watching-foreground-disappear/',
  fgonly: '/chapters/foreground-only-labels/',
};

/** Console errors and uncaught exceptions of a page, collected for a final check. */

const trainer = (page: Page, id: string) => page.locator(`pce-trainer[data-id="${id}"]`);

async function stepCount(widget: Locator): Promise<number> {
  const text = (await widget.locator('[data-out="step"]').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

/** Open a chapter with autoplay off (reduced motion), scrolled to the widget, ready to use. */
async function openTrainer(page: Page, id: 'suppression' | 'fgonly', hash = ''): Promise<Locator> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${CHAPTER[id]}${hash}`);
  const widget = trainer(page, id);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
  return widget;
}

async function downloadText(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** Advance to exactly `steps` with the "+50 steps" button. */
async function skipTo(widget: Locator, steps: number): Promise<void> {
  for (let s = 50; s <= steps; s += 50) {
    await widget.locator('[data-action="skip"]').click();
    await expect(widget.locator('[data-out="step"]')).toHaveText(`Step ${s}`, { timeout: 30_000 });
  }
}

test.describe('weak-label explorer', () => {
  test('loads without errors and follows its controls by keyboard', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(CHAPTER.explorer);
    const widget = page.locator('pce-explorer');
    await widget.scrollIntoViewIfNeeded();
    const density = widget.locator('[data-out="density"]');
    await expect(density).toHaveText(/0\.\d{3}/);
    const before = await density.textContent();

    const slider = widget.locator('[data-setting="density"] input');
    await slider.focus();
    await page.keyboard.press('End');
    await expect(slider).toHaveValue('1');
    await expect(widget.locator('[data-setting="density"] output')).toHaveText('1');
    await page.keyboard.press('Home');
    await expect(slider).toHaveValue('0.01');
    await page.keyboard.press('PageUp');
    expect(Number(await slider.inputValue())).toBeGreaterThan(0.05);
    await page.keyboard.press('ArrowRight');
    await expect(density).not.toHaveText(before ?? '');
    expect(page.url()).toMatch(/#explorer:.*density=0\.\d+/);

    await widget.locator('[data-setting="labelType"] input[value="clicks"]').check();
    expect(page.url()).toContain('labelType=clicks');
    await widget.locator('[data-setting="background"] input').press('Space');
    expect(page.url()).toContain('background=off');
    await widget.locator('[data-next-seed]').press('Enter');
    expect(page.url()).toContain('seed=2');
    expect(errors).toEqual([]);
  });
});

test.describe('gradient map', () => {
  test('shows the autodiff check and reads pixels by keyboard', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(CHAPTER.gradient);
    const widget = page.locator('pce-gradient');
    await widget.scrollIntoViewIfNeeded();
    const check = widget.locator('[data-out="check"]');
    await expect(check).toContainText('Live check', { timeout: 30_000 });
    const diffs = [
      ...((await check.textContent()) ?? '').matchAll(/is ([\d.e+-]+) for full CE and ([\d.e+-]+) for partial CE/g),
    ][0];
    expect(Number(diffs?.[1])).toBeLessThan(1e-5);
    expect(Number(diffs?.[2])).toBeLessThan(1e-5);

    await widget.locator('[data-maps]').focus();
    await page.keyboard.press('ArrowRight');
    const readout = widget.locator('[data-out="pixel"]');
    await expect(readout).toContainText('Pixel (17, 16)');
    await page.keyboard.press('ArrowDown');
    await expect(readout).toContainText('Pixel (17, 17)');
    await expect(readout).toContainText('partial CE');

    const pretrain = widget.locator('[data-pretrain]');
    await pretrain.focus();
    await page.keyboard.press('Home');
    await expect(check).toContainText('at step 0', { timeout: 30_000 });
    expect(page.url()).toContain('pretrain=0');
    expect(errors).toEqual([]);
  });
});

test.describe('lockstep trainer', () => {
  test('plays, pauses, steps and resets; loads without console errors', async ({ page }) => {
    const errors = watchErrors(page);
    const widget = await openTrainer(page, 'suppression');
    await expect(widget.locator('[data-out="backend"]')).toContainText('WASM');

    const play = widget.locator('[data-action="play"]');
    await play.click();
    await expect.poll(() => stepCount(widget), { timeout: 20_000 }).toBeGreaterThan(20);
    const paths = await widget.locator('[data-plot] svg path').count();
    expect(paths).toBeGreaterThan(0);
    await play.click();
    await expect(play).toHaveText('Play');
    await page.waitForTimeout(500);
    const paused = await stepCount(widget);
    await page.waitForTimeout(1500);
    expect(await stepCount(widget)).toBe(paused);

    await widget.locator('[data-action="step"]').click();
    await expect.poll(() => stepCount(widget)).toBe(paused + 1);

    await widget.locator('[data-action="reset"]').click();
    await expect(widget.locator('[data-out="step"]')).toHaveText('Step 0');
    expect(errors).toEqual([]);
  });

  test('reset returns to the same initial state: the same run again, step for step', async ({ page }) => {
    const widget = await openTrainer(page, 'suppression');
    await skipTo(widget, 50);
    const first = await downloadText(page, widget.locator('[data-action="csv"]'));
    await widget.locator('[data-action="reset"]').click();
    await expect(widget.locator('[data-out="step"]')).toHaveText('Step 0');
    await skipTo(widget, 50);
    const again = await downloadText(page, widget.locator('[data-action="csv"]'));
    expect(again.text).toBe(first.text);
  });

  test('every control works from the keyboard, and a slider change restarts with the new setting in the URL', async ({
    page,
  }) => {
    const widget = await openTrainer(page, 'suppression');
    await skipTo(widget, 50);

    // Tab walks the toolbar in order.
    await widget.locator('[data-action="play"]').focus();
    await page.keyboard.press('Tab');
    await expect(widget.locator('[data-action="step"]')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(() => stepCount(widget)).toBe(51);

    const lambda = widget.locator('[data-setting="lambda"] input');
    await lambda.focus();
    await page.keyboard.press('ArrowRight');
    await expect(lambda).toHaveValue('0.51');
    await expect(widget.locator('[data-out="step"]')).toHaveText('Step 0');
    expect(page.url()).toContain('lambda=0.51');
    await page.keyboard.press('PageDown');
    expect(Number(await lambda.inputValue())).toBeLessThan(0.51);
    await page.keyboard.press('End');
    await expect(lambda).toHaveValue('1');
    expect(page.url()).toContain('lambda=1&');

    const lr = widget.locator('[data-setting="lr"] input');
    await lr.focus();
    await page.keyboard.press('Home');
    await expect(widget.locator('[data-setting="lr"] output')).toHaveText('0.0001');
    expect(page.url()).toContain('lr=0.0001');

    const seed = widget.locator('[data-setting="seed"] input');
    await seed.fill('7');
    await seed.press('Enter');
    await expect.poll(() => page.url()).toContain('seed=7');

    const speed = widget.locator('[data-setting="speed"] input');
    await speed.focus();
    await page.keyboard.press('End');
    expect(page.url()).toContain('speed=120');

    const backend = widget.locator('[data-backend]');
    await backend.selectOption('cpu');
    await expect(widget.locator('[data-out="backend"]')).toContainText('CPU', { timeout: 30_000 });
  });

  test('a default run gives a CSV where full CE loses the unlabeled foreground and partial CE keeps it; two runs are identical', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    // 200 steps: the curves of the default run have settled by step ~100 (chapter 3's figure).
    // Thresholds: full CE recall on unlabeled foreground < 0.1, partial CE > 0.7, as in the lab tests.
    const widget = await openTrainer(page, 'suppression');
    await skipTo(widget, 200);
    const csv = await downloadText(page, widget.locator('[data-action="csv"]'));
    expect(csv.name).toMatch(/\.csv$/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^# partial-ce run; settings: seed=1&/);
    expect(lines[1]).toBe(
      'step,loss,recall_unlabeled_fg,mean_p_unlabeled_fg,bg_fpr,iou,label_density,coverage,' +
        'recall_unlabeled_fg_interior,recall_unlabeled_fg_border,mean_p_unlabeled_fg_interior,mean_p_unlabeled_fg_border,' +
        'heldout_recall_unlabeled_fg,heldout_mean_p_unlabeled_fg,heldout_bg_fpr,heldout_iou,' +
        'heldout_recall_unlabeled_fg_interior,heldout_recall_unlabeled_fg_border,' +
        'heldout_mean_p_unlabeled_fg_interior,heldout_mean_p_unlabeled_fg_border',
    );
    const final = (loss: string) => lines.find((l) => l.startsWith(`200,${loss},`))?.split(',') ?? [];
    expect(Number(final('full')[2])).toBeLessThan(0.1);
    expect(Number(final('partial')[2])).toBeGreaterThan(0.7);

    const second = await context.newPage();
    const widget2 = await openTrainer(second, 'suppression');
    await skipTo(widget2, 200);
    const csv2 = await downloadText(second, widget2.locator('[data-action="csv"]'));
    expect(csv2.text).toBe(csv.text);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      widget.locator('[data-action="png"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  test('the default run reaches the numbers chapter 3 quotes (seed 1 of npm run figures, computed in Node)', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const widget = await openTrainer(page, 'suppression');
    await skipTo(widget, defaultRuns.steps);
    const csv = await downloadText(page, widget.locator('[data-action="csv"]'));
    const seedOne = defaultRuns.runs.find((r) => r.seed === 1);
    expect(seedOne).toBeDefined();
    const columns = ['recall_unlabeled_fg', 'mean_p_unlabeled_fg', 'bg_fpr', 'iou'];
    const keys = ['recallUnlabeledFg', 'meanPUnlabeledFg', 'bgFpr', 'iou'] as const;
    for (const expected of seedOne?.final ?? []) {
      const row =
        csv.text
          .split('\n')
          .find((l) => l.startsWith(`${defaultRuns.steps},${expected.loss},`))
          ?.split(',') ?? [];
      expect(row, expected.loss).toHaveLength(20);
      // Same seed, same WASM kernels: the browser run matches Node's to the 4 decimals stored.
      keys.forEach((key, k) => {
        expect(Number(row[2 + k]), `${expected.loss} ${columns[k]}`).toBeCloseTo(expected[key] as number, 3);
      });
    }
  });

  test('a malformed hash shows a notice naming what was corrected, and the widget still trains', async ({ page }) => {
    const widget = await openTrainer(page, 'suppression', '#suppression:seed=abc&lr=-1&density=9&bogus=1');
    const notice = widget.locator('[data-notice]');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('seed');
    await expect(notice).toContainText('lr');
    await expect(notice).toContainText('bogus');
    await widget.locator('[data-action="step"]').click();
    await expect.poll(() => stepCount(widget)).toBe(1);
    await notice.locator('[data-notice-dismiss]').click();
    await expect(notice).toBeHidden();
  });

  test('stops advancing off screen and in a hidden tab, and resumes after', async ({ page }) => {
    await page.goto(CHAPTER.suppression);
    const widget = trainer(page, 'suppression');
    await widget.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(widget), { timeout: 30_000 }).toBeGreaterThan(5);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(800);
    const offScreen = await stepCount(widget);
    await page.waitForTimeout(1500);
    expect(await stepCount(widget)).toBe(offScreen);

    await widget.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(widget), { timeout: 10_000 }).toBeGreaterThan(offScreen);

    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(800);
    const hidden = await stepCount(widget);
    await page.waitForTimeout(1500);
    expect(await stepCount(widget)).toBe(hidden);
  });

  test('the main thread stays responsive: no long task over 100 ms during 10 s of training @timing', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(CHAPTER.suppression);
    const widget = trainer(page, 'suppression');
    await widget.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(widget), { timeout: 30_000 }).toBeGreaterThan(10);
    await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
    await page.waitForTimeout(10_000);
    expect(await stepCount(widget)).toBeGreaterThan(100);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(longTasks.filter((d) => d > 100)).toEqual([]);
  });
});

test.describe('foreground-only trainer', () => {
  test('shows the true prior, trains, and partial CE on foreground labels floods the background', async ({ page }) => {
    const errors = watchErrors(page);
    const widget = await openTrainer(page, 'fgonly');
    await expect(widget.locator('[data-out="true-prior"]')).toContainText(/0\.\d\d/);
    await expect(widget.locator('.prior-tick')).toBeVisible();
    await skipTo(widget, 100);
    await expect(widget.locator('[data-row="partial-fg"] [data-cell="bgFpr"]')).toHaveText(/^(0\.9\d|1\.00)$/);
    const nnpu = Number(await widget.locator('[data-row="nnpu"] [data-cell="bgFpr"]').textContent());
    expect(nnpu).toBeLessThan(0.3);

    const prior = widget.locator('[data-setting="prior"] input');
    await prior.focus();
    await page.keyboard.press('End');
    await expect(prior).toHaveValue('0.99');
    expect(page.url()).toContain('prior=0.99');
    expect(errors).toEqual([]);
  });
});
