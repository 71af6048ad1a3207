/**
 * A corpus of malformed input, each answered: hashes on a chapter trainer and on the Lab,
 * Lab run files (JSON) and image files. Every case expects no page error, a visible message,
 * and a page that still trains (a step happens after pressing Step). Binary fixtures are made
 * here as Buffers. To stay fast, one page load takes many cases: the Lab reads a changed hash
 * and every chosen file without a reload; only a chapter trainer reads its hash once, on load.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { watchErrors } from './helpers';

test.describe.configure({ mode: 'parallel' });

/** One malformed input and a piece of the message it must bring. */
interface Case {
  input: string;
  says: string | RegExp;
}

/** Every case run, counted per group, so that the corpus's size is checked, not just claimed. */
const CORPUS_SIZE = 50;

const stepOf = async (widget: Locator) =>
  Number(((await widget.locator('[data-out="step"]').textContent()) ?? '').replace(/\D/g, ''));

/** Press Step once and wait for that step to arrive. */
async function stepOnce(widget: Locator): Promise<void> {
  const before = await stepOf(widget);
  await expect(widget.locator('[data-action="step"]')).toBeEnabled({ timeout: 30_000 });
  await widget.locator('[data-action="step"]').click();
  await expect.poll(() => stepOf(widget), { timeout: 30_000 }).toBe(before + 1);
}

/** The widget's notice, hidden so that the next message is surely new. */
async function clearNotice(widget: Locator): Promise<Locator> {
  const notice = widget.locator('[data-notice]');
  if (await notice.isVisible()) await notice.locator('[data-notice-dismiss]').click();
  await expect(notice).toBeHidden();
  return notice;
}

/** Pages whose dialogs are accepted already (a dialog accepted twice throws). */
const answering = new WeakSet<Page>();

/** Open the Lab with autoplay off, dialogs accepted, and wait until its worker has built the scene. */
async function openLab(page: Page, path = '/lab/'): Promise<Locator> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  if (!answering.has(page)) page.on('dialog', (d) => void d.accept());
  answering.add(page);
  await page.goto(path);
  const lab = page.locator('pce-lab');
  await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  return lab;
}

/** After a new run: it is ready, starts at step 0, and a press of Step trains it. */
async function trainsAfresh(lab: Locator): Promise<void> {
  await expect(lab).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(lab.locator('[data-out="step"]')).toHaveText(/^(Step 0|第 0 步)$/);
  await stepOnce(lab);
}

/** A mouse stroke across the drawing surface, between fractions of its width and height. */
async function stroke(page: Page, lab: Locator, from: [number, number], to: [number, number]): Promise<void> {
  const canvas = lab.locator('[data-draw]');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no drawing surface');
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 8 });
  await page.mouse.up();
}

/* ---------- Hashes on a chapter trainer: read once, on load. ---------- */

/** Several malformed settings per address (each load of a chapter costs seconds); each is named. */
const TRAINER_HASHES: { input: string; says: string[] }[] = [
  { input: 'seed=abc&lr=-1&density=9&bogus=1&losses=full,nope', says: ['seed', 'lr', 'density', 'bogus', 'losses'] },
  {
    input: `%E0%A4%A=1&seed=1e400&noise=NaN&labelType=${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
    says: ['could not be decoded', 'seed', 'noise', 'labelType'],
  },
  { input: `size=16&radius=99&batch=999&lambda=${'9'.repeat(3000)}`, says: ['radius', 'batch', 'lambda'] },
];

test.describe('hashes on a chapter trainer', () => {
  for (const [i, { input, says }] of TRAINER_HASHES.entries()) {
    test(`#suppression:${input.slice(0, 40)} is named, and the trainer trains`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(`/chapters/watching-foreground-disappear/?case=${i}#suppression:${input}`);
      const widget = page.locator('pce-trainer[data-id="suppression"]');
      await widget.scrollIntoViewIfNeeded();
      const notice = widget.locator('[data-notice]');
      await expect(notice).toBeVisible();
      for (const words of says) await expect(notice).toContainText(words);
      await expect(page.locator('img[src="x"]')).toHaveCount(0);
      await stepOnce(widget);
      await expect(widget.locator('[data-cell]').first()).not.toHaveText(/NaN/);
      expect(errors).toEqual([]);
    });
  }
});

/* ---------- Hashes on the Lab: one page, each hash set in turn (the Lab follows a changed address). ---------- */

const LAB_HASHES: Case[] = [
  { input: 'lab:seed=abc', says: 'seed “abc”' },
  { input: 'lab:lr=-1', says: 'lr “-1”' },
  { input: 'lab:density=9', says: 'density “9”' },
  { input: 'lab:bogus=1', says: 'bogus' },
  { input: 'lab:losses=nope', says: 'losses “nope”' },
  { input: 'lab:size=1000000', says: 'size' },
  { input: 'lab:seed=1e400', says: 'seed' },
  { input: 'lab:noise=NaN', says: 'noise' },
  { input: 'lab:%E0%A4%A=1', says: 'could not be decoded' },
  { input: 'lab:seed=3&seed=4', says: 'given twice' },
  { input: 'lab:images=2&batch=64', says: 'batch' },
  { input: 'lab:size=16&radius=99', says: 'radius' },
  { input: 'lab:background=maybe', says: 'background' },
  { input: 'lab:optimizer=rmsprop', says: 'optimizer' },
  { input: 'lab:labelType=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', says: 'labelType' },
  { input: 'lab:seed=2;draw:x', says: 'drawn labels in the link could not be read' },
  { input: 'lab:seed=2;draw:s.!!!!', says: 'drawn labels in the link could not be read' },
  { input: 'lab:seed=2;draw:s.1AbC', says: 'drawn labels in the link could not be read' },
  { input: 'lab:seed=5;draw:own', says: 'sender’s own image' },
  { input: 'lab:seed=6;draw:s~', says: 'too long for the link' },
  { input: 'preset:nope', says: 'preset “nope” that the Lab does not have' },
  { input: 'preset:', says: 'preset “” that the Lab does not have' },
  { input: 'preset:NNPU', says: 'preset “NNPU”' },
  { input: 'preset:nope;lab:seed=7', says: 'preset “nope”' },
  { input: 'seed=3&lr=0.1', says: 'parts the Lab does not read' },
  { input: 'suppression:seed=3', says: '“suppression:seed=3”' },
];

test.describe('hashes on the Lab', () => {
  test(`${LAB_HASHES.length} malformed links are each named in a notice, and the Lab trains after each`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    const lab = await openLab(page);
    for (const { input, says } of LAB_HASHES) {
      const notice = await clearNotice(lab);
      // The Lab reads the new address in its own `hashchange` listener, which runs before this one.
      await page.evaluate(
        (hash) =>
          new Promise<void>((resolve) => {
            window.addEventListener('hashchange', () => resolve(), { once: true });
            window.location.hash = hash;
          }),
        input,
      );
      await expect(notice, input).toBeVisible();
      await expect(notice, input).toContainText(says);
      await expect(notice, input).toContainText('The link could not be used entirely');
      await trainsAfresh(lab);
    }
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    // A known preset typed into the address loads it, as a chapter's link does.
    const notice = await clearNotice(lab);
    await page.evaluate(() => {
      window.location.hash = 'preset:collapse';
    });
    await expect(notice).toContainText('Loaded the preset');
    await expect(lab.locator('[data-loss="partial-fg"]')).toBeChecked();
    await expect.poll(() => new URL(page.url()).hash).toContain('losses=partial-fg,partial');
    await trainsAfresh(lab);
    expect(errors).toEqual([]);
  });

  test('an unknown preset in the first address gets a notice in English and in Chinese; the defaults train', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    let lab = await openLab(page, '/lab/#preset:nope');
    await expect(lab.locator('[data-notice]')).toContainText(
      'The link could not be used entirely. The link asks for a preset “nope” that the Lab does not have (its presets are suppression, collapse, nnpu, normaliser), so it was ignored.',
    );
    expect(new URL(page.url()).hash).not.toContain('preset');
    await expect(lab.locator('[data-setting="seed"] input')).toHaveValue('1');
    await trainsAfresh(lab);

    lab = await openLab(page, '/zh-cn/lab/#preset:nope');
    await expect(lab.locator('[data-notice]')).toContainText(
      '该链接无法完整使用。链接要求的预设“nope”在实验室中不存在（现有的预设为 suppression、collapse、nnpu、normaliser），因此已忽略。',
    );
    await trainsAfresh(lab);
    expect(errors).toEqual([]);
  });
});

/* ---------- Lab run files (JSON): one page, each file imported in turn. ---------- */

/** A well-formed run file of the default scene, to damage one field at a time. */
const RUN = {
  format: 'partial-ce-lab',
  version: 1,
  settings: 'seed=2',
  labels: { start: 'simulated', edits: null, map: null, pixels: 8192, labeled: 0, density: 0, coverage: null },
  image: null,
  note: '',
};
const run = (patch: Record<string, unknown>) => JSON.stringify({ ...RUN, ...patch });
const labels = (patch: Record<string, unknown>) => run({ labels: { ...RUN.labels, ...patch } });

const JSON_FILES: Case[] = [
  { input: '{"format":"partial-ce-lab","sett', says: 'not valid JSON' },
  { input: '', says: 'not valid JSON' },
  { input: '[]', says: 'not a Lab file' },
  { input: 'null', says: 'not a Lab file' },
  { input: '"partial-ce-lab"', says: 'not a Lab file' },
  { input: '{"format":"other"}', says: 'not a Lab file' },
  { input: '{"format":"partial-ce-lab"}', says: 'has no settings' },
  { input: run({ version: 99 }), says: 'version 99' },
  { input: run({ settings: 12 }), says: 'has no settings' },
  { input: run({ settings: 'seed=abc&lr=-1' }), says: 'seed “abc”' },
  { input: run({ labels: 'all of them' }), says: 'has no labels' },
  { input: labels({ start: 'sideways' }), says: 'start is missing' },
  { input: labels({ map: '!!!' }), says: 'label map in the file could not be read' },
  { input: labels({ edits: 'garbage' }), says: 'edits in the file could not be read' },
  { input: run({ image: { name: 'x', size: 32, pixels: 'short' } }), says: 'image in the file could not be read' },
  { input: run({ image: { name: 'x', size: 1e9, pixels: '' } }), says: 'image in the file could not be read' },
  {
    input: run({ image: { name: 'x', size: 8, pixels: 'A'.repeat(86) } }),
    says: 'image in the file could not be read',
  },
  { input: run({ image: 'a picture' }), says: 'image in the file could not be read' },
  { input: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, says: /not valid JSON|not a Lab file/ },
  { input: '\u0089PNG\r\n\u001a\n', says: 'not valid JSON' },
];

test.describe('Lab run files', () => {
  test(`${JSON_FILES.length} malformed JSON files are each named in a notice, and the Lab trains after each`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    const lab = await openLab(page);
    for (const [i, { input, says }] of JSON_FILES.entries()) {
      const notice = await clearNotice(lab);
      const name = `bad-${i}.json`;
      await lab
        .locator('[data-import-file]')
        .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(input) });
      await expect(notice, name).toBeVisible();
      await expect(notice, name).toContainText(`“${name}”`);
      await expect(notice, name).toContainText(says);
      await trainsAfresh(lab);
      await expect(lab.locator('[data-out="density"]'), name).not.toHaveText(/NaN/);
    }
    expect(errors).toEqual([]);
  });
});

/* ---------- Image files: one page, each file chosen in turn. ---------- */

/** A PNG of `side × side` pixels, gray or a checkerboard. */
function png(side: number, checker = true): Buffer {
  const image = new PNG({ width: side, height: side });
  for (let i = 0; i < side * side; i++) {
    const dark = checker && ((i % side) + Math.floor(i / side)) % 2 === 0;
    image.data.fill(dark ? 30 : 220, i * 4, i * 4 + 3);
    image.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(image);
}

/** `bytes` with one byte flipped: at `at`, or at the CRC of the first chunk of type `chunk`. */
function damaged(bytes: Buffer, chunk: string): Buffer {
  const out = Buffer.from(bytes);
  const type = out.indexOf(Buffer.from(chunk));
  const crc = type + 4 + out.readUInt32BE(type - 4);
  out[crc] = (out[crc] as number) ^ 0xff;
  return out;
}

/** A PNG whose header claims `width × height` pixels. */
function pngClaiming(width: number, height: number): Buffer {
  const out = Buffer.from(png(4));
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  return out;
}

const JPEG_START = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
/** A JPEG start-of-frame for `width × height`, three components, and nothing after it. */
const jpegFrame = (width: number, height: number) => [
  0xff,
  0xc0,
  0x00,
  0x11,
  0x08,
  height >> 8,
  height & 0xff,
  width >> 8,
  width & 0xff,
  0x03,
  ...[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
];

const webp = (chunk: string, body: number[]) =>
  Buffer.concat([Buffer.from('RIFF'), Buffer.from([30, 0, 0, 0]), Buffer.from(`WEBP${chunk}`), Buffer.from(body)]);

interface ImageCase {
  name: string;
  bytes: Buffer;
  mimeType: string;
  says: string | RegExp;
}

const REFUSED_IMAGES: ImageCase[] = [
  { name: 'empty.png', bytes: Buffer.alloc(0), mimeType: 'image/png', says: 'The file is empty.' },
  { name: 'notes.png', bytes: Buffer.from('these are my notes\n'), mimeType: 'image/png', says: 'not a PNG, JPEG' },
  { name: 'huge.png', bytes: pngClaiming(60000, 60000), mimeType: 'image/png', says: '60000 × 60000 px' },
  { name: 'wide.png', bytes: pngClaiming(8001, 1), mimeType: 'image/png', says: '8001 × 1 px' },
  { name: 'zero.png', bytes: pngClaiming(0, 5), mimeType: 'image/png', says: 'has no pixels' },
  { name: 'bad-ihdr-crc.png', bytes: damaged(png(4), 'IHDR'), mimeType: 'image/png', says: 'could not be decoded' },
  { name: 'bad-idat-crc.png', bytes: damaged(png(4), 'IDAT'), mimeType: 'image/png', says: 'could not be decoded' },
  { name: 'cut.png', bytes: png(16).subarray(0, 50), mimeType: 'image/png', says: 'could not be decoded' },
  { name: 'signature.png', bytes: png(4).subarray(0, 8), mimeType: 'image/png', says: 'cut short or damaged' },
  {
    name: 'drawing.svg',
    bytes: Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="9" height="9"/></svg>',
    ),
    mimeType: 'image/svg+xml',
    says: 'not a PNG, JPEG',
  },
  {
    name: 'start.jpg',
    bytes: Buffer.from(JPEG_START.slice(0, 8)),
    mimeType: 'image/jpeg',
    says: 'cut short or damaged',
  },
  {
    name: 'frame-only.jpg',
    bytes: Buffer.from([...JPEG_START, ...jpegFrame(16, 16)]),
    mimeType: 'image/jpeg',
    says: 'JPEG file could not be decoded',
  },
  {
    name: 'giant.jpg',
    bytes: Buffer.from([...JPEG_START, ...jpegFrame(60000, 60000)]),
    mimeType: 'image/jpeg',
    says: '60000 × 60000 px',
  },
  { name: 'cut.webp', bytes: webp('VP8X', []), mimeType: 'image/webp', says: 'cut short or damaged' },
  {
    name: 'giant.webp',
    bytes: webp('VP8X', [10, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0x3e, 0, 0x7f, 0x3e, 0]),
    mimeType: 'image/webp',
    says: '16000 × 16000 px',
  },
  {
    name: 'anim.gif',
    bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'),
    mimeType: 'image/gif',
    says: 'not a PNG, JPEG',
  },
  {
    name: 'photo.bmp',
    bytes: Buffer.from('BM\x3a\x00\x00\x00\x00\x00'),
    mimeType: 'image/bmp',
    says: 'not a PNG, JPEG',
  },
  { name: 'run.json', bytes: Buffer.from(run({})), mimeType: 'application/json', says: 'not a PNG, JPEG' },
];

test.describe('image files', () => {
  test(`${REFUSED_IMAGES.length} malformed images are each refused with the reason; the scene stays and trains`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    const lab = await openLab(page);
    const status = lab.locator('[data-out="image-status"]');
    for (const { name, bytes, mimeType, says } of REFUSED_IMAGES) {
      await lab.locator('[data-image-file]').setInputFiles({ name, mimeType, buffer: bytes });
      await expect(status, name).toContainText(`“${name}” was not used`);
      await expect(status, name).toContainText(says);
      await expect(status, name).toBeVisible();
      await expect(lab, name).toHaveAttribute('data-mode', 'scene');
      await stepOnce(lab);
    }
    expect(errors).toEqual([]);
  });

  test('images smaller than the model’s input are used, enlarged, with a notice that says so; a blank one is named', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const lab = await openLab(page);
    const cases = [
      { name: 'dot.png', bytes: png(1, false), says: ['only 1 × 1 pixels', 'has the same shade'], from: '1 × 1' },
      { name: 'tiny.png', bytes: png(4), says: ['only 4 × 4 pixels'], from: '4 × 4' },
      { name: 'blank.png', bytes: png(64, false), says: ['has the same shade'], from: null },
    ];
    for (const { name, bytes, says, from } of cases) {
      const notice = await clearNotice(lab);
      await lab.locator('[data-image-file]').setInputFiles({ name, mimeType: 'image/png', buffer: bytes });
      await expect(notice, name).toContainText(`Your image “${name}” is in use at 32 × 32 pixels`);
      for (const words of says) await expect(notice, name).toContainText(words);
      const status = lab.locator('[data-out="image-status"]');
      if (from) await expect(status).toHaveText(`Using your image “${name}” at 32 × 32 pixels, enlarged from ${from}.`);
      else await expect(status).toHaveText(`Using your image “${name}” at 32 × 32 pixels.`);
      await expect(lab).toHaveAttribute('data-mode', 'own');
      // An image starts unlabeled: two strokes, and it trains.
      await lab.locator('input[data-tool][value="foreground"]').check();
      await stroke(page, lab, [0.2, 0.2], [0.4, 0.4]);
      await lab.locator('input[data-tool][value="background"]').check();
      await stroke(page, lab, [0.7, 0.7], [0.9, 0.9]);
      await trainsAfresh(lab);
      await expect(lab.locator('[data-row="partial"] [data-cell="loss"]')).toHaveText(/^\d\.\d{3}$/);
    }
    // A larger model input enlarges it further, and the status follows.
    await lab.locator('[data-setting="size"] input').evaluate((el) => {
      const range = el as HTMLInputElement;
      range.value = '64';
      range.dispatchEvent(new Event('input', { bubbles: true }));
      range.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect(lab.locator('[data-out="image-status"]')).toHaveText(
      'Using your image “blank.png” at 64 × 64 pixels.',
    );
    expect(errors).toEqual([]);
  });
});

test('the corpus holds at least 50 malformed inputs', () => {
  const total =
    TRAINER_HASHES.reduce((n, c) => n + c.says.length, 0) +
    LAB_HASHES.length +
    1 +
    JSON_FILES.length +
    REFUSED_IMAGES.length +
    3;
  expect(total).toBeGreaterThanOrEqual(CORPUS_SIZE);
});
