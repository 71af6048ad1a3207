/**
 * The Lab page (/lab/), driven like a reader would: strokes by mouse and keyboard, undo and
 * redo, links and files that reproduce a run, a reader's image and bad files, presets that
 * train, and a preset's CSV against the chapter widget's CSV for the same settings.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { LATIN_IN_CHINESE_UI, latinWordsIn, watchErrors } from './helpers';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES).pathname;

/** Chapter widgets that run a preset's exact settings: preset id → page and widget id. */
const CHAPTER_WIDGETS: { preset: string; path: string; widget: string }[] = [
  { preset: 'suppression', path: '/chapters/watching-foreground-disappear/', widget: 'suppression' },
  { preset: 'nnpu', path: '/chapters/foreground-only-labels/', widget: 'fgonly' },
];

/** Open the Lab (autoplay off unless asked), wait until its worker has built the scene. */
async function openLab(page: Page, hash = '', motion: 'reduce' | 'no-preference' = 'reduce'): Promise<Locator> {
  await page.emulateMedia({ reducedMotion: motion });
  page.on('dialog', (d) => void d.accept());
  await page.goto(`/lab/${hash}`);
  const lab = page.locator('pce-lab');
  await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  return lab;
}

const density = (lab: Locator) => lab.locator('[data-out="density"]');
const stepOf = async (lab: Locator) =>
  Number(((await lab.locator('[data-out="step"]').textContent()) ?? '').replace(/\D/g, ''));

/** Set a range input as a reader's release of the thumb would. */
async function setSlider(input: Locator, value: number): Promise<void> {
  await input.evaluate((el, v) => {
    const range = el as HTMLInputElement;
    range.value = String(v);
    range.dispatchEvent(new Event('input', { bubbles: true }));
    range.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

async function downloadText(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

/** A mouse stroke across the drawing surface, between fractions of its width and height. */
async function stroke(page: Page, lab: Locator, from: [number, number], to: [number, number]): Promise<void> {
  const canvas = lab.locator('[data-draw]');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no drawing surface');
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 12 });
  await page.mouse.up();
}

/** Press Step `n` times, waiting for each step to arrive. */
async function stepTimes(lab: Locator, n: number): Promise<void> {
  const start = await stepOf(lab);
  for (let i = 1; i <= n; i++) {
    await lab.locator('[data-action="step"]').click();
    await expect(lab.locator('[data-out="step"]')).toHaveText(`Step ${start + i}`, { timeout: 30_000 });
  }
}

test.describe('page', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations while training (${scheme}), and no horizontal scroll at 375 px`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const lab = await openLab(page);
      await stepTimes(lab, 2);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
      expect(serious).toEqual([]);
      await page.setViewportSize({ width: 375, height: 800 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    });
  }

  test('the site header links to the Lab', async ({ page }) => {
    await page.goto('/');
    await page.locator('.site-nav a[href="/lab/"]').click();
    await expect(page.locator('h1')).toHaveText('The Lab');
  });
});

test.describe('drawing', () => {
  test('mouse strokes change the density; undo and redo walk them back and forth', async ({ page }) => {
    const errors = watchErrors(page);
    const lab = await openLab(page);
    await lab.locator('[data-action="clear"]').click();
    await expect(density(lab)).toHaveText('0.000');
    await expect(lab.locator('[data-out="label-message"]')).toContainText('Nothing is labeled');
    await expect(lab.locator('[data-action="play"]')).toBeDisabled();
    await expect(lab.locator('[data-action="step"]')).toBeDisabled();

    await stroke(page, lab, [0.1, 0.1], [0.9, 0.2]);
    const afterFirst = await density(lab).textContent();
    expect(Number(afterFirst)).toBeGreaterThan(0);
    // Foreground only so far: allowed, with the note that points to chapter 4.
    await expect(lab.locator('[data-out="label-message"] a')).toHaveAttribute(
      'href',
      '/chapters/foreground-only-labels/',
    );
    await expect(lab.locator('[data-action="step"]')).toBeEnabled({ timeout: 30_000 });

    await lab.locator('input[data-tool][value="background"]').check();
    await stroke(page, lab, [0.1, 0.9], [0.9, 0.8]);
    const afterSecond = await density(lab).textContent();
    expect(Number(afterSecond)).toBeGreaterThan(Number(afterFirst));
    await expect(lab.locator('[data-out="label-message"]')).toHaveText('');

    await lab.locator('[data-action="undo"]').click();
    await expect(density(lab)).toHaveText(afterFirst ?? '');
    await lab.locator('[data-action="undo"]').click();
    await expect(density(lab)).toHaveText('0.000');
    await lab.locator('[data-action="redo"]').click();
    await expect(density(lab)).toHaveText(afterFirst ?? '');
    await lab.locator('[data-action="redo"]').click();
    await expect(density(lab)).toHaveText(afterSecond ?? '');
    await expect(lab.locator('[data-action="redo"]')).toBeDisabled();

    await stepTimes(lab, 2);
    expect(errors).toEqual([]);
  });

  test('the keyboard draws too: arrows move the cursor, Space paints, keys switch brush and undo', async ({ page }) => {
    const lab = await openLab(page);
    await lab.locator('[data-action="clear"]').click();
    await expect(density(lab)).toHaveText('0.000');
    const surface = lab.locator('[data-surface]');
    await surface.focus();
    await expect(lab.locator('[data-out="cursor"]')).toContainText('Cursor at (16, 16)');

    await page.keyboard.press('[');
    await expect(lab.locator('[data-out="brush"]')).toHaveText('1 px');
    await page.keyboard.down('Space');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.up('Space');
    // Six pixels of a one-pixel brush on one of 8 images of 32×32.
    await expect(lab.locator('[data-out="labeled"]')).toHaveText('6 / 0 of 8192');
    await expect(lab.locator('[data-out="cursor"]')).toContainText('Cursor at (21, 16): foreground label');

    await page.keyboard.press('b');
    await expect(lab.locator('input[data-tool][value="background"]')).toBeChecked();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Enter');
    await expect(lab.locator('[data-out="labeled"]')).toHaveText('6 / 1 of 8192');

    await page.keyboard.press('Control+z');
    await expect(lab.locator('[data-out="labeled"]')).toHaveText('6 / 0 of 8192');
    await page.keyboard.press('Control+Shift+z');
    await expect(lab.locator('[data-out="labeled"]')).toHaveText('6 / 1 of 8192');
    await page.keyboard.press('e');
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Space');
    await expect(lab.locator('[data-out="labeled"]')).toHaveText('5 / 1 of 8192');
  });
});

test.describe('sharing', () => {
  test('a link round-trips the settings and the drawn labels exactly (compared through the JSON export)', async ({
    page,
    browser,
  }) => {
    const lab = await openLab(page);
    await lab.locator('[data-setting="lambda"] input').focus();
    await page.keyboard.press('ArrowRight');
    await stroke(page, lab, [0.2, 0.3], [0.7, 0.6]);
    await expect(lab.locator('[data-out="share"]')).toContainText('your drawn labels');
    await expect.poll(() => page.url()).toMatch(/#lab:.*lambda=0\.51.*;draw:s\.1/);
    const first = await downloadText(page, lab.locator('[data-action="json"]'));
    const link = page.url();
    expect(link.length).toBeLessThan(2000);

    const other = await browser.newContext();
    const second = await other.newPage();
    const lab2 = await openLab(second, new URL(link).hash);
    await expect(lab2.locator('[data-notice]')).toBeHidden();
    const again = await downloadText(second, lab2.locator('[data-action="json"]'));
    expect(JSON.parse(again.text)).toEqual(JSON.parse(first.text));
    await other.close();
  });

  test('labels too long for a link are left out and the page says so; the JSON file carries them and imports exactly', async ({
    page,
  }) => {
    const lab = await openLab(page);
    await setSlider(lab.locator('[data-setting="density"] input'), 0.5);
    await lab.locator('input[data-tool][value="eraser"]').check();
    await setSlider(lab.locator('[data-brush]'), 0);
    // Many short strokes on every image: far too many runs for a link.
    const picker = lab.locator('[data-image-picker]');
    for (let n = 1; n <= 8; n++) {
      await setSlider(picker, n);
      for (let k = 0; k < 6; k++) await stroke(page, lab, [0.05 + 0.15 * k, 0.05], [0.1 + 0.15 * k, 0.95]);
    }
    await expect(lab.locator('[data-out="share"]')).toContainText('too detailed for a link');
    expect(page.url()).toMatch(/;draw:s~$/);
    const file = await downloadText(page, lab.locator('[data-action="json"]'));
    const doc = JSON.parse(file.text);
    expect(doc.image).toBeNull();
    expect(doc.note).toMatch(/no image is included/);

    await lab.locator('[data-action="simulated"]').click();
    expect((await density(lab).textContent()) ?? '').not.toBe(doc.labels.density.toFixed(3));
    await lab
      .locator('[data-import-file]')
      .setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
    await expect(lab.locator('[data-notice]')).toContainText('Loaded “run.json”');
    await expect(density(lab)).toHaveText(doc.labels.density.toFixed(3));
    const again = await downloadText(page, lab.locator('[data-action="json"]'));
    expect(JSON.parse(again.text)).toEqual(doc);
  });

  test('a malformed or truncated link loads defaults for what it cannot read, names it, and keeps the rest', async ({
    page,
  }) => {
    const lab = await openLab(page, '#lab:seed=4&lr=banana&density=0.3&bogus=1;draw:s.1AbC');
    const notice = lab.locator('[data-notice]');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('lr “banana”');
    await expect(notice).toContainText('bogus');
    await expect(notice).toContainText('drawn labels in the link could not be read');
    await expect(lab.locator('[data-setting="seed"] input')).toHaveValue('4');
    await expect(lab.locator('[data-setting="density"] output')).toHaveText('0.3');
    await expect(lab.locator('[data-setting="lr"] output')).toHaveText('0.01');
    await stepTimes(lab, 1);
  });

  test('a broken JSON file is refused by name and the defaults load', async ({ page }) => {
    const lab = await openLab(page, '#lab:seed=3');
    await lab.locator('[data-import-file]').setInputFiles({
      name: 'cut.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"partial-ce-lab","sett'),
    });
    await expect(lab.locator('[data-notice]')).toContainText('cut.json');
    await expect(lab.locator('[data-notice]')).toContainText('not valid JSON');
    await expect(lab.locator('[data-setting="seed"] input')).toHaveValue('1');
  });

  test('drawn labels survive a reload, and leaving with unsaved labels asks first', async ({ page }) => {
    const lab = await openLab(page);
    await lab.locator('[data-action="clear"]').click();
    await stroke(page, lab, [0.3, 0.3], [0.6, 0.5]);
    const drawn = await lab.locator('[data-out="labeled"]').textContent();
    let asked = '';
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => {
      asked = d.type();
      void d.accept();
    });
    await page.reload();
    await expect(page.locator('pce-lab')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    expect(asked).toBe('beforeunload');
    await expect(page.locator('pce-lab [data-out="labeled"]')).toHaveText(drawn ?? '');
  });
});

test.describe('your own image', () => {
  test('a PNG is converted and trained on without ground truth: no truth metrics, no oracle, labels and loss still shown', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const lab = await openLab(page);
    await lab.locator('[data-image-file]').setInputFiles(fixture('objects.png'));
    await expect(lab.locator('[data-out="image-status"]')).toContainText(
      'Using your image “objects.png” at 32 × 32 pixels',
    );
    await expect(lab).toHaveAttribute('data-mode', 'own');
    await expect(lab.locator('[data-out="truth-note"]')).toContainText('no ground truth');
    await expect(lab.locator('[data-loss="oracle"]')).toBeDisabled();
    await expect(lab.locator('[data-out="coverage"]')).toHaveText('needs ground truth');
    await expect(lab.locator('[data-action="play"]')).toBeDisabled();

    await lab.locator('input[data-tool][value="foreground"]').check();
    await stroke(page, lab, [0.3, 0.35], [0.4, 0.45]);
    await lab.locator('input[data-tool][value="background"]').check();
    await stroke(page, lab, [0.05, 0.9], [0.3, 0.95]);
    await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await stepTimes(lab, 3);
    await expect(lab.locator('[data-maps] canvas[data-map="truth"]')).toHaveCount(0);
    await expect(lab.locator('[data-maps] canvas[data-map="p-partial"]')).toHaveCount(1);
    await expect(lab.locator('th[data-col="iou"]')).toBeHidden();
    await expect(lab.locator('[data-row="partial"] [data-cell="labelAgreement"]')).toHaveText(/^\d\.\d\d$/);
    await expect(lab.locator('[data-row="partial"] [data-cell="loss"]')).toHaveText(/^\d\.\d{3}$/);
    await expect(lab.locator('[data-chart-select="0"]')).toHaveValue('loss');
    await expect(lab.locator('[data-out="share"]')).toContainText('cannot carry your own image');

    const file = await downloadText(page, lab.locator('[data-action="json"]'));
    const doc = JSON.parse(file.text);
    expect(doc.image.name).toBe('objects.png');
    expect(doc.image.size).toBe(32);
    expect(doc.labels.coverage).toBeNull();
    expect(doc.note).toMatch(/image is included/);

    // Back to the scene, then the file brings the image, its labels and the settings back exactly.
    await lab.locator('[data-action="scene"]').click();
    await expect(lab).toHaveAttribute('data-mode', 'scene');
    await expect(lab.locator('[data-loss="oracle"]')).toBeEnabled();
    await lab
      .locator('[data-import-file]')
      .setInputFiles({ name: 'own.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
    await expect(lab).toHaveAttribute('data-mode', 'own');
    const again = await downloadText(page, lab.locator('[data-action="json"]'));
    expect(JSON.parse(again.text)).toEqual(doc);
    expect(errors).toEqual([]);
  });

  test('an image dropped on the page is used like a chosen one', async ({ page }) => {
    const lab = await openLab(page);
    const bytes = [...(await readFile(fixture('objects.png')))];
    await lab.locator('[data-dropzone]').evaluate((zone, data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped.png', { type: 'image/png' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await expect(lab.locator('[data-out="image-status"]')).toContainText('Using your image “dropped.png” at 32 × 32');
    await stroke(page, lab, [0.2, 0.2], [0.6, 0.3]);
    const before = Number(((await lab.locator('[data-out="labeled"]').textContent()) ?? '').split(' ')[0]);
    expect(before).toBeGreaterThan(0);
    // A larger model input resamples the image from the kept source, and the strokes with it.
    await setSlider(lab.locator('[data-setting="size"] input'), 64);
    await expect(lab.locator('[data-out="image-status"]')).toContainText('at 64 × 64');
    await expect(lab.locator('[data-out="labeled"]')).toHaveText(new RegExp(`^${before * 4} / 0 of 4096$`));
  });

  test('a corrupt file, a non-image and oversize images are refused with the reason; the scene and labels stay', async ({
    page,
  }) => {
    const lab = await openLab(page);
    await stroke(page, lab, [0.2, 0.2], [0.5, 0.5]);
    const labeled = await lab.locator('[data-out="labeled"]').textContent();
    const status = lab.locator('[data-out="image-status"]');
    const input = lab.locator('[data-image-file]');

    await input.setInputFiles(fixture('truncated.png'));
    await expect(status).toContainText('could not be decoded');
    await input.setInputFiles(fixture('not-an-image.png'));
    await expect(status).toContainText('not a PNG, JPEG or WebP image');

    const wide = new PNG({ width: 8001, height: 2 });
    await input.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: PNG.sync.write(wide) });
    await expect(status).toContainText('8001 × 2 px');
    await expect(status).toContainText('up to 8000 px');

    const big = Buffer.alloc(21 * 1024 * 1024, 7);
    await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
    await expect(status).toContainText('up to 20 MB');

    await expect(lab).toHaveAttribute('data-mode', 'scene');
    await expect(lab.locator('[data-out="labeled"]')).toHaveText(labeled ?? '');
  });
});

test.describe('presets', () => {
  test('each preset loads its setting and trains', async ({ page }) => {
    test.setTimeout(120_000);
    const lab = await openLab(page, '', 'no-preference');
    for (const id of ['suppression', 'collapse', 'nnpu', 'normaliser']) {
      await lab.locator(`[data-preset="${id}"]`).click();
      await expect(lab.locator('[data-notice]')).toContainText('Loaded the preset');
      await expect(lab.locator('[data-action="play"]')).toHaveText('Pause');
      await expect.poll(() => stepOf(lab), { timeout: 30_000 }).toBeGreaterThan(5);
    }
    expect(page.url()).toContain('optimizer=sgd');
    expect(page.url()).toContain('losses=partial,full,oracle');
    await expect(lab.locator('[data-chart-select="0"]')).toHaveValue('iou');

    const [download] = await Promise.all([page.waitForEvent('download'), lab.locator('[data-action="png"]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = PNG.sync.read(await readFile(await download.path()));
    expect(png.width).toBeGreaterThan(400);
  });

  test('a chapter can link straight to a preset', async ({ page }) => {
    const lab = await openLab(page, '#preset:collapse');
    expect(page.url()).toContain('losses=partial-fg,partial');
    await expect(lab.locator('[data-loss="partial-fg"]')).toBeChecked();
    await expect(lab.locator('[data-loss="full"]')).not.toBeChecked();
    await expect(lab.locator('[data-chart-select="1"]')).toHaveValue('iou');
  });

  for (const { preset, path, widget } of CHAPTER_WIDGETS) {
    test(`the “${preset}” preset gives the same CSV as the chapter widget at ${path}`, async ({ page, browser }) => {
      test.setTimeout(120_000);
      const steps = 5;
      const chapterContext = await browser.newContext({ reducedMotion: 'reduce' });
      const chapter = await chapterContext.newPage();
      await chapter.goto(path);
      const trainer = chapter.locator(`pce-trainer[data-id="${widget}"]`);
      test.skip((await trainer.count()) === 0, `${path} has no trainer widget “${widget}” yet`);
      await trainer.scrollIntoViewIfNeeded();
      await expect(trainer.locator('[data-action="step"]')).toBeEnabled({ timeout: 60_000 });
      await stepTimes(trainer, steps);
      const expected = await downloadText(chapter, trainer.locator('[data-action="csv"]'));

      const lab = await openLab(page);
      await lab.locator(`[data-preset="${preset}"]`).click();
      await expect(lab.locator('[data-action="step"]')).toBeEnabled({ timeout: 30_000 });
      await expect(lab.locator('[data-out="step"]')).toHaveText('Step 0');
      await stepTimes(lab, steps);
      const csv = await downloadText(page, lab.locator('[data-action="csv"]'));
      expect(csv.text.split('\n')[0], 'the preset and the chapter widget run different settings').toBe(
        expected.text.split('\n')[0],
      );
      expect(csv.text).toBe(expected.text);
      await chapterContext.close();
    });
  }
});

/**
 * The Latin words the Chinese Lab may show: the shared list, and its own units, file formats,
 * key names and the authors cited in the loss summaries.
 */
const ALLOWED_LATIN = new Set([
  ...LATIN_IN_CHINESE_UI,
  ...['bg', 'MB', 'JPEG', 'WebP', 'Node', 'Shift', 'Ctrl', 'Kiryo', 'Tang'],
]);

/** Visible text, labels, titles and select options of the Lab, and the Latin words in it that the allowlist lacks. */
const englishIn = (lab: Locator) =>
  latinWordsIn(lab, ALLOWED_LATIN, {
    attributes: ['aria-label', 'title', 'placeholder', 'aria-valuetext', 'aria-roledescription'],
    options: true,
  });

test.describe('in Chinese', () => {
  test('the Chinese Lab trains, draws, refuses a file and loads a preset with no English UI text', async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    page.on('dialog', (d) => void d.accept());
    const errors = watchErrors(page);
    await page.goto('/zh-cn/lab/');
    const lab = page.locator('pce-lab');
    await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(lab.locator('[data-preset-card="suppression"] h3')).toHaveText('前景抑制');

    await lab.locator('[data-action="step"]').click();
    await expect(lab).toHaveAttribute('data-step', '1', { timeout: 30_000 });
    await expect(lab.locator('[data-plot] svg').first()).toBeVisible();
    const surface = lab.locator('[data-surface]');
    await surface.focus();
    await page.keyboard.press('ArrowRight');
    await expect(lab.locator('[data-out="cursor"]')).toContainText('光标位于');
    // A Chinese file name: the name is the reader's, not the page's words.
    const notImage = await readFile(fixture('not-an-image.png'));
    await lab.locator('[data-image-file]').setInputFiles({ name: '图像', mimeType: 'image/png', buffer: notImage });
    await expect(lab.locator('[data-out="image-status"]')).toContainText('不是 PNG、JPEG 或 WebP 图像');
    expect(await englishIn(lab)).toEqual([]);

    await lab.locator('[data-action="clear"]').click();
    await expect(lab.locator('[data-out="label-message"]')).toContainText('没有任何像素带标注');
    await lab.locator('[data-preset="collapse"]').click();
    await expect(lab.locator('[data-notice]')).toContainText('已载入预设“只标注前景时的坍缩”');
    await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(lab.locator('[data-out="share"]')).toContainText('该地址可以复现这次运行');
    expect(await englishIn(lab)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
