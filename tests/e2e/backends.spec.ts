/**
 * The training worker on each browser backend, driven through its message protocol exactly as
 * the benchmark drives it (the built worker, started from a page of the site; no test page).
 *
 * Chromium runs with --enable-unsafe-webgpu, so `navigator.gpu` offers an adapter. On a machine
 * without a GPU that adapter is SwiftShader's fallback: the probe must skip it with its reason and
 * train on the next backend, and a forced WebGPU must be refused, because tfjs-webgpu's
 * synchronous read-back returns zeros there. On a hardware adapter, forced WebGPU must compute
 * the same lockstep steps as WASM. WebGL (software here) is compared with WASM in any case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

const DIST_ASSETS = new URL('../../dist/_astro/', import.meta.url).pathname;
/** Lockstep steps compared per backend: enough for the updates to compound, few enough for SwiftShader. */
const STEPS = Number(process.env.STEPS ?? 3);
/**
 * The compared experiment: the default one, trained with SGD. Adam's first steps move a weight by
 * about ±lr whatever the size of its gradient, so a gradient that is 0 ± 1e-8 on one backend and
 * of the other sign on another flips a whole step; SGD keeps rounding differences at their size.
 */
const SETTINGS = 'optimizer=sgd';
/**
 * Largest |difference| allowed against WASM, in p ∈ [0, 1] and in the losses. Kernels sum in a
 * different order on each backend; measured here (SwiftShader WebGL), the gaps are 1.2e-7 in p
 * at step 0 and at most 1.1e-6 after 3 steps, so this bound leaves room for other GPUs yet
 * catches a wrong kernel (a forced SwiftShader WebGPU, read back as zeros, is off by 0.8).
 */
const TOLERANCE = 1e-4;

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-unsafe-webgpu',
    ],
  },
});

/** The built worker's URL, and the chunk its dynamic import of the WebGPU backend loads. */
function builtWorker(): { worker: string; webgpuChunk: string } {
  const file = readdirSync(DIST_ASSETS).find((f) => /^training\.worker.*\.js$/.test(f));
  if (!file) throw new Error('No training worker in dist/_astro: run npm run build first.');
  const chunk = /import\("\.\/([^"]+\.js)"\)/.exec(readFileSync(`${DIST_ASSETS}${file}`, 'utf8'))?.[1];
  if (!chunk) throw new Error('The training worker has no lazily imported chunk (the WebGPU backend).');
  return { worker: `/_astro/${file}`, webgpuChunk: chunk };
}

interface BackendMessage {
  name: string;
  label: string;
  reason: string;
  probe: { name: string; label: string; msPerStep: number | null; note?: string }[];
}

interface Trained {
  backend: BackendMessage;
  /** Every model's probability map at step 0: the forward pass alone. */
  start: number[][];
  losses: (number | null)[];
  meanP: (number | null)[];
  probabilities: number[][];
  numTensors: number;
  error: string | null;
}

/**
 * In a fresh worker: pick `choice` ('auto' probes), configure the default experiment, train
 * `steps` steps, and return the backend message, the last step's losses and mean p on unlabeled
 * foreground, and every model's probability map.
 */
function train(page: Page, worker: string, choice: string, steps: number): Promise<Trained> {
  return page.evaluate(
    async ({ worker, choice, steps, settings }) => {
      type Msg = { type: string; [k: string]: unknown };
      const w = new Worker(worker, { type: 'module', name: 'backends test' });
      const inbox: Msg[] = [];
      let wake: (() => void) | null = null;
      w.onmessage = (e: MessageEvent<Msg>) => {
        inbox.push(e.data);
        wake?.();
      };
      const next = async (type: string): Promise<Msg> => {
        const deadline = performance.now() + 150_000;
        for (;;) {
          const failed = inbox.find((m) => m.type === 'error');
          if (failed) throw new Error(String(failed.message));
          const i = inbox.findIndex((m) => m.type === type);
          if (i >= 0) return inbox.splice(i, 1)[0] as Msg;
          if (performance.now() > deadline) throw new Error(`no '${type}' message`);
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 1000);
          });
        }
      };
      try {
        if (choice !== 'auto') w.postMessage({ type: 'backend', choice });
        w.postMessage({ type: 'configure', settings, maps: true });
        const backend = (await next('backend')) as unknown as BackendMessage;
        await next('scene');
        const start = (await next('progress')) as { maps: { probabilities: Float32Array[] } | null } & Msg;
        w.postMessage({ type: 'step', steps });
        const progress = (await next('progress')) as {
          records: { models: { loss: number | null; metrics: { meanPUnlabeledFg: number | null } }[] }[];
          maps: { probabilities: Float32Array[] } | null;
          memory: { numTensors: number };
        } & Msg;
        const last = progress.records.at(-1);
        return {
          backend,
          start: (start.maps?.probabilities ?? []).map((p) => Array.from(p)),
          losses: last?.models.map((m) => m.loss) ?? [],
          meanP: last?.models.map((m) => m.metrics.meanPUnlabeledFg) ?? [],
          probabilities: (progress.maps?.probabilities ?? []).map((p) => Array.from(p)),
          numTensors: progress.memory.numTensors,
          error: null,
        };
      } catch (error) {
        return {
          backend: { name: '', label: '', reason: '', probe: [] },
          start: [],
          losses: [],
          meanP: [],
          probabilities: [],
          numTensors: 0,
          error: String(error),
        };
      } finally {
        w.terminate();
      }
    },
    { worker, choice, steps, settings: SETTINGS },
  );
}

/** The largest |a − b| over two equally long lists (null only where both are null). */
function maxGap(a: (number | null)[], b: (number | null)[]): number {
  expect(a).toHaveLength(b.length);
  let gap = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? null;
    if (x === null || y === null) expect(x).toBe(y);
    else gap = Math.max(gap, Math.abs(x - y));
  });
  return gap;
}

/** What WebGPU adapter this Chromium offers a page: null, or whether it is a software fallback. */
function adapterOf(page: Page): Promise<{ fallback: boolean; name: string } | null> {
  return page.evaluate(async () => {
    type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; architecture?: string } };
    const gpu = (navigator as { gpu?: { requestAdapter(o?: object): Promise<Adapter | null> } }).gpu;
    const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const fallback = adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true;
    return { fallback, name: adapter.info?.architecture ?? '' };
  });
}

/** The largest gap over every model's map, and the agreement line the report shows. */
function agreement(run: Trained, reference: Trained, what: string) {
  expect(run.start).toHaveLength(reference.start.length);
  expect(run.probabilities).toHaveLength(reference.probabilities.length);
  const gaps = {
    start: Math.max(...run.start.map((p, i) => maxGap(p, reference.start[i] ?? []))),
    loss: maxGap(run.losses, reference.losses),
    meanP: maxGap(run.meanP, reference.meanP),
    map: Math.max(...run.probabilities.map((p, i) => maxGap(p, reference.probabilities[i] ?? []))),
  };
  const line = `${what} vs WASM, max |Δ|: p at step 0 ${gaps.start.toExponential(1)}; after ${STEPS} SGD steps: loss ${gaps.loss.toExponential(1)}, mean p ${gaps.meanP.toExponential(1)}, p per pixel ${gaps.map.toExponential(1)}; tensors ${run.numTensors} vs ${reference.numTensors}`;
  test.info().annotations.push({ type: 'agreement', description: line });
  console.log(line);
  return gaps;
}

test.describe('backends', () => {
  test.setTimeout(300_000);

  test('the probe skips a software WebGPU adapter, with its reason, and trains on the next backend', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const { worker, webgpuChunk } = builtWorker();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto('/');
    const adapter = await adapterOf(page);
    test.skip(adapter !== null && !adapter.fallback, 'this machine has a hardware WebGPU adapter: nothing to skip');

    const run = await train(page, worker, 'auto', 2);
    expect(run.error).toBeNull();
    const webgpu = run.backend.probe.find((p) => p.name === 'webgpu');
    expect(webgpu).toMatchObject({ label: 'WebGPU', msPerStep: null });
    expect(webgpu?.note).toMatch(adapter ? /^software adapter/ : /^no WebGPU/);
    expect(run.backend.reason).toContain(`WebGPU (${webgpu?.note})`);
    // Software WebGL is skipped too, so the probe trains on WASM.
    expect(run.backend.probe.find((p) => p.name === 'webgl')?.note).toMatch(/software renderer/);
    expect(run.backend.name).toBe('wasm');
    expect(run.losses.every((l) => l !== null && Number.isFinite(l))).toBe(true);
    // A skipped WebGPU never loads its backend: the chunk stays off the network.
    expect(requested.some((url) => url.endsWith(webgpuChunk))).toBe(false);
    expect(errors).toEqual([]);
  });

  test('WebGPU, forced: refused on a software adapter, else equal to WASM', async ({ page }) => {
    const { worker, webgpuChunk } = builtWorker();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto('/');
    const adapter = await adapterOf(page);
    test.skip(adapter === null, 'no WebGPU adapter in this browser');
    const reference = await train(page, worker, 'wasm', STEPS);
    expect(reference.error).toBeNull();
    const run = await train(page, worker, 'webgpu', STEPS);
    expect(run.error).toBeNull();
    // Either way the WebGPU backend was loaded and started: the explicit choice tries it.
    expect(requested.some((url) => url.endsWith(webgpuChunk))).toBe(true);
    if (adapter?.fallback) {
      // tfjs-webgpu reads back zeros here; the read-back check refuses it and the probe picks WASM.
      expect(run.backend.name).toBe('wasm');
      expect(run.backend.reason).toMatch(/^WEBGPU could not start here; fastest in a short probe/);
      // The failed read-back also loses the worker's WebGPU instance, so its probe may find no adapter at all.
      expect(run.backend.probe.find((p) => p.name === 'webgpu')?.note).toMatch(/^(software adapter|no WebGPU adapter)/);
      const gaps = agreement(run, reference, 'WebGPU refused, so WASM');
      expect(Math.max(...Object.values(gaps))).toBe(0);
    } else {
      expect(run.backend).toMatchObject({ name: 'webgpu', label: 'WebGPU', reason: 'chosen by you' });
      const gaps = agreement(run, reference, `WebGPU (${adapter?.name})`);
      expect(Math.max(...Object.values(gaps))).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  test('WebGL, forced, computes the same lockstep steps as WASM', async ({ page }) => {
    await page.goto('/');
    const { worker } = builtWorker();
    const reference = await train(page, worker, 'wasm', STEPS);
    expect(reference.error).toBeNull();
    const run = await train(page, worker, 'webgl', STEPS);
    expect(run.error).toBeNull();
    expect(run.backend).toMatchObject({ name: 'webgl', label: 'WebGL', reason: 'chosen by you' });
    const gaps = agreement(run, reference, 'WebGL');
    expect(Math.max(...Object.values(gaps))).toBeLessThanOrEqual(TOLERANCE);
  });
});

test.describe('a lost WebGL context in a live trainer', () => {
  test('falls back to WASM with a notice, keeping the step count and the curves', async ({ page }) => {
    // Software WebGL compiles its shaders for seconds, and CI runs a second browser beside this one.
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    // A small experiment, so that software WebGL trains its few steps in seconds.
    await page.goto('/chapters/foreground-only-labels/#fgonly=size=16&images=2&batch=2&width=4');
    const trainer = page.locator('pce-trainer[data-id="fgonly"]');
    await trainer.scrollIntoViewIfNeeded();
    await expect(trainer.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
    await trainer.locator('[data-backend]').selectOption('webgl');
    await expect(trainer).toHaveAttribute('data-backend', 'webgl', { timeout: 30_000 });
    await expect(trainer.locator('[data-action="step"]')).toBeEnabled({ timeout: 30_000 });
    for (let s = 1; s <= 6; s++) {
      await trainer.locator('[data-action="step"]').click();
      await expect(trainer.locator('[data-out="step"]')).toHaveText(`Step ${s}`, { timeout: 30_000 });
    }
    const worker = page.workers().find((w) => w.url().includes('training.worker'));
    expect(worker, 'the trainer’s worker').toBeDefined();
    // What a GPU reset does to the worker's context (the worker's own test handle, see training.worker.ts).
    expect(
      await worker?.evaluate(() => (self as unknown as { pceLoseWebglContext: () => boolean }).pceLoseWebglContext()),
    ).toBe(true);
    await trainer.locator('[data-action="step"]').click();
    await expect(trainer.locator('[data-notice-text]')).toContainText(
      /WEBGL stopped working \(WebGL context lost\)\. The comparison continues on WASM from step [6-9]/,
      {
        timeout: 30_000,
      },
    );
    await expect(trainer).toHaveAttribute('data-backend', 'wasm');
    // The same run goes on: the counter did not go back to 0, and the next step follows it.
    const reached = Number((await trainer.getAttribute('data-step')) ?? '0');
    expect(reached).toBeGreaterThanOrEqual(6);
    await trainer.locator('[data-action="step"]').click();
    await expect(trainer.locator('[data-out="step"]')).toHaveText(`Step ${reached + 1}`, { timeout: 30_000 });
    // The curves keep the steps trained on WebGL: the CSV still starts at step 0.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      trainer.locator('[data-action="csv"]').click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const steps = csv
      .split('\n')
      .filter((l) => /^\d/.test(l))
      .map((l) => Number(l.split(',')[0]));
    expect(steps[0]).toBe(0);
    expect(new Set(steps)).toContain(3);
    expect(Math.max(...steps)).toBe(reached + 1);
    expect(errors).toEqual([]);
  });
});
