import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { borderRing } from '../../src/core/labels';
import { estimatePropensity } from '../../src/core/propensity';
import { defaultSettings, serializeSettings, withSettings } from '../../src/core/settings';
import { LockstepTrainer } from '../../src/core/train';
import {
  type BackendName,
  type FromWorker,
  type ProgressMessage,
  type SceneMessage,
  transferables,
} from '../../src/worker/protocol';
import { MAX_REPLAY_STEPS, TrainingSession } from '../../src/worker/session';
import { useBackend } from './backend';

const SMALL = serializeSettings(
  withSettings(defaultSettings(), { size: 16, images: 4, batch: 2, radius: 4, width: 4, speed: 40 }).settings,
);

/** A session wired to fake ports: messages are collected, timers run when the test says. */
function harness(available: BackendName[] = ['wasm', 'cpu'], probeOrder: BackendName[] = ['wasm', 'webgl']) {
  const messages: FromWorker[] = [];
  let clock = 0;
  const timers: { fn: () => void; at: number }[] = [];
  const session = new TrainingSession({
    post: (m) => messages.push(m),
    backends: {
      probeOrder,
      activate: async (name) => available.includes(name) && (await tf.setBackend(name)),
      label: async (name) => name.toUpperCase(),
    },
    now: () => clock,
    setTimer: (fn, ms) => {
      const t = { fn, at: clock + ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  /** Advance the fake clock, running due timers in order. */
  const elapse = (ms: number) => {
    const end = clock + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      clock = next.at;
      next.fn();
    }
    clock = end;
  };
  const of = <T extends FromWorker['type']>(type: T) =>
    messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  const lastProgress = () => of('progress').at(-1) as ProgressMessage;
  /** Make every trained step cost `cost[backend]` ms of fake time, so that a probe has a clear winner. */
  const stepCosts = (cost: Partial<Record<BackendName, number>>) => {
    const record = LockstepTrainer.prototype.record;
    vi.spyOn(LockstepTrainer.prototype, 'record').mockImplementation(function (this: LockstepTrainer, steps: number) {
      clock += (cost[tf.getBackend() as BackendName] ?? 1) * steps;
      return record.call(this, steps);
    });
  };
  return { session, messages, elapse, of, lastProgress, stepCosts, pendingTimers: () => timers.length };
}

beforeAll(() => useBackend('wasm'));
afterEach(() => vi.restoreAllMocks());

describe('TrainingSession', () => {
  it('configures: reports the backend, then the scene, then step 0', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: SMALL, maps: true });
    const types = h.messages.map((m) => m.type);
    expect(types).toEqual(['backend', 'scene', 'progress']);
    const backend = h.of('backend')[0];
    expect(backend?.name).toBe('wasm');
    expect(backend?.reason).toMatch(/probe/);
    expect(backend?.probe.find((p) => p.name === 'webgl')?.msPerStep).toBeNull();
    const scene = h.of('scene')[0] as SceneMessage;
    expect(scene.images).toHaveLength(4 * 16 * 16);
    expect(scene.losses).toEqual(['full', 'partial', 'oracle']);
    const progress = h.lastProgress();
    expect(progress.records.map((r) => r.step)).toEqual([0]);
    expect(progress.maps?.probabilities).toHaveLength(3);
  });

  it('steps on request, with one record per step', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    await h.session.handle({ type: 'step', steps: 5 });
    const progress = h.lastProgress();
    expect(progress.records.map((r) => r.step)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.step).toBe(5);
    expect(progress.maps).toBeNull();
  });

  it('plays at the requested speed and stops on pause', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: SMALL, maps: true });
    await h.session.handle({ type: 'play' });
    h.elapse(1000);
    const playing = h.lastProgress();
    expect(playing.playing).toBe(true);
    // 40 steps/s for one second of (fake) time.
    expect(playing.step).toBeGreaterThanOrEqual(38);
    expect(playing.step).toBeLessThanOrEqual(42);
    await h.session.handle({ type: 'pause' });
    const paused = h.lastProgress().step;
    h.elapse(1000);
    expect(h.lastProgress().step).toBe(paused);
    expect(h.lastProgress().playing).toBe(false);
    expect(h.pendingTimers()).toBe(0);
  });

  it('resets to step 0 with the same records as the first run', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    await h.session.handle({ type: 'step', steps: 3 });
    const first = h.lastProgress().records;
    await h.session.handle({ type: 'reset' });
    expect(h.lastProgress().step).toBe(0);
    expect(h.of('scene')).toHaveLength(2);
    expect(h.of('scene')[1]?.run).toBeGreaterThan(h.of('scene')[0]?.run as number);
    await h.session.handle({ type: 'step', steps: 3 });
    expect(h.lastProgress().records).toEqual(first);
  });

  it('configures from a malformed settings string with valid settings', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: 'seed=abc&lr=-1&losses=nope&size=16&images=2', maps: false });
    const scene = h.of('scene')[0] as SceneMessage;
    expect(scene.settings).toContain('seed=1');
    expect(scene.losses).toEqual(['full', 'partial', 'oracle']);
    expect(h.of('error')).toEqual([]);
  });

  it('honours a backend choice, and says so when the choice cannot start', async () => {
    const h = harness();
    await h.session.handle({ type: 'backend', choice: 'cpu' });
    expect(h.of('backend')[0]).toMatchObject({ name: 'cpu', reason: 'chosen by you', probe: [], probeMs: 0 });
    await h.session.handle({ type: 'backend', choice: 'webgl' });
    const fallback = h.of('backend')[1];
    expect(fallback?.name).toBe('wasm');
    expect(fallback?.reason).toMatch(/WEBGL could not start/);
  });

  it('checks the closed-form gradients against autodiff', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: `${SMALL}&losses=partial`, maps: false });
    await h.session.handle({ type: 'gradients', losses: ['full', 'partial'] });
    const g = h.of('gradients')[0];
    expect(g?.gradients).toHaveLength(2);
    expect(g?.probabilities).toHaveLength(4 * 16 * 16);
    expect(g?.maxAbsDiff.every((d) => d !== null && d < 1e-5)).toBe(true);
  });

  it('keeps the tensor count flat over a long run of ticks', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: SMALL, maps: true });
    await h.session.handle({ type: 'play' });
    h.elapse(500);
    const early = h.lastProgress().memory.numTensors;
    h.elapse(5000);
    expect(h.lastProgress().step).toBeGreaterThan(150);
    expect(h.lastProgress().memory.numTensors).toBe(early);
    await h.session.handle({ type: 'pause' });
  });

  it('falls back to the next backend when the running one fails, and continues from the same step', async () => {
    const h = harness();
    await h.session.handle({ type: 'backend', choice: 'wasm' });
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    await h.session.handle({ type: 'step', steps: 5 });
    const before = h.lastProgress();
    expect(before.step).toBe(5);
    const spy = vi.spyOn(LockstepTrainer.prototype, 'record').mockImplementationOnce(() => {
      throw new Error('context lost');
    });
    await h.session.handle({ type: 'step', steps: 1 });
    await vi.waitFor(() => expect(h.of('notice')).toHaveLength(1));
    expect(spy).toHaveBeenCalled();
    expect(h.of('notice')[0]?.message).toMatch(/WASM stopped working \(context lost\).*continues on CPU from step 5/);
    await vi.waitFor(() => expect(h.lastProgress().step).toBe(5));
    // The same run: no new scene, so the page keeps its curves and its step count.
    expect(h.of('scene')).toHaveLength(1);
    const after = h.lastProgress();
    expect(after.run).toBe(before.run);
    expect(h.of('backend').at(-1)?.name).toBe('cpu');
    // The replay on the same seeded batches reaches the same models (to float32 rounding across backends).
    const iou = (m: ProgressMessage) => m.records.at(-1)?.models.map((x) => x.metrics.iou) ?? [];
    const [was, now] = [iou(before), iou(after)];
    expect(now).toHaveLength(was.length);
    for (let k = 0; k < was.length; k++) expect(now[k]).toBeCloseTo(was[k] as number, 4);
    await h.session.handle({ type: 'step', steps: 2 });
    expect(h.lastProgress().step).toBe(7);
    await useBackend('wasm');
  });

  it('restarts from step 0 instead of replaying a run too far along', async () => {
    const h = harness();
    await h.session.handle({ type: 'backend', choice: 'wasm' });
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    // Pretend the run is past the replay limit without training that far.
    const stepGetter = vi.spyOn(LockstepTrainer.prototype, 'step', 'get').mockReturnValue(MAX_REPLAY_STEPS + 1);
    vi.spyOn(LockstepTrainer.prototype, 'record').mockImplementationOnce(() => {
      throw new Error('context lost');
    });
    const replay = vi.spyOn(LockstepTrainer.prototype, 'train');
    await h.session.handle({ type: 'step', steps: 1 });
    await vi.waitFor(() => expect(h.of('scene')).toHaveLength(2));
    stepGetter.mockRestore();
    expect(h.of('notice')[0]?.message).toMatch(
      /too far along to replay quickly\. The comparison restarted from step 0 on CPU/,
    );
    expect(replay).not.toHaveBeenCalled();
    // A new run: the page starts its curves again (the step counter comes from the new trainer).
    expect(h.of('scene')[1]?.run).toBeGreaterThan(h.of('scene')[0]?.run as number);
    await useBackend('wasm');
  });

  it('treats a lost GPU context as a failure even when nothing throws', async () => {
    const h = harness();
    let lost: string | null = null;
    const session = h.session as unknown as { backends: { contextLost?: (name: BackendName) => string | null } };
    session.backends.contextLost = () => lost;
    await h.session.handle({ type: 'backend', choice: 'wasm' });
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    await h.session.handle({ type: 'step', steps: 3 });
    lost = 'WebGL context lost';
    await h.session.handle({ type: 'step', steps: 1 });
    lost = null;
    await vi.waitFor(() => expect(h.of('notice')).toHaveLength(1));
    expect(h.of('notice')[0]?.message).toMatch(/\(WebGL context lost\).*from step 4/);
    await vi.waitFor(() => expect(h.of('backend').at(-1)?.name).toBe('cpu'));
    await useBackend('wasm');
  });
});

describe('TrainingSession re-probe of a stale remembered backend', () => {
  afterEach(() => useBackend('wasm'));

  /** A run started on a remembered backend and playing for a while, as the page has it when it asks to re-probe. */
  async function playingOn(h: ReturnType<typeof harness>, remembered: BackendName) {
    await h.session.handle({ type: 'backend', choice: remembered, remembered: 'remembered, stale' });
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    await h.session.handle({ type: 'play' });
    h.elapse(300);
    return h.lastProgress();
  }

  it('starts on the remembered backend without a probe, then re-times it and reports the probe; a still-fastest backend stays', async () => {
    const h = harness(['wasm', 'cpu'], ['wasm', 'cpu']);
    h.stepCosts({ wasm: 2, cpu: 10 });
    const before = await playingOn(h, 'wasm');
    expect(h.of('backend')).toMatchObject([{ name: 'wasm', probe: [], probeMs: 0 }]);
    expect(before.step).toBeGreaterThan(0);
    await h.session.handle({ type: 'reprobe' });
    const report = h.of('backend')[1];
    expect(report).toMatchObject({ name: 'wasm' });
    expect(report?.probe.map((p) => [p.name, p.msPerStep])).toEqual([
      ['wasm', 2],
      ['cpu', 10],
    ]);
    expect(report?.reason).toMatch(/fastest in a short probe of the first steps: WASM 2 ms\/step, CPU 10 ms\/step/);
    expect(tf.getBackend()).toBe('wasm');
    // Play resumes after the probe, in the same run.
    h.elapse(300);
    expect(h.lastProgress()).toMatchObject({ run: before.run, playing: true });
    expect(h.lastProgress().step).toBeGreaterThan(before.step);
    expect(h.of('scene')).toHaveLength(1);
    await h.session.handle({ type: 'pause' });
  });

  it('moves to a clearly faster backend from the same step in the same run, and not on a near tie', async () => {
    const tie = harness(['wasm', 'cpu'], ['wasm', 'cpu']);
    tie.stepCosts({ wasm: 9, cpu: 10 });
    await playingOn(tie, 'cpu');
    await tie.session.handle({ type: 'reprobe' });
    expect(tie.of('backend').at(-1)).toMatchObject({ name: 'cpu', kept: 'near' });
    // The line does not call the kept backend the fastest: it says why it stays first.
    expect(tie.of('backend').at(-1)?.reason).toBe(
      'kept, since WASM was faster by less than 20%; fastest in a short probe of the first steps: WASM 9 ms/step, CPU 10 ms/step',
    );
    expect(tf.getBackend()).toBe('cpu');
    await tie.session.handle({ type: 'pause' });
    vi.restoreAllMocks();

    // Clearly faster, but the run is too far along to replay: it stays, and says so.
    const far = harness(['wasm', 'cpu'], ['wasm', 'cpu']);
    far.stepCosts({ wasm: 2, cpu: 10 });
    await playingOn(far, 'cpu');
    await far.session.handle({ type: 'pause' });
    const stepGetter = vi.spyOn(LockstepTrainer.prototype, 'step', 'get').mockReturnValue(MAX_REPLAY_STEPS + 1);
    await far.session.handle({ type: 'reprobe' });
    stepGetter.mockRestore();
    expect(far.of('backend').at(-1)).toMatchObject({ name: 'cpu', kept: 'far' });
    expect(far.of('backend').at(-1)?.reason).toMatch(
      new RegExp(
        `^kept, since WASM was faster but the run is past step ${MAX_REPLAY_STEPS}, too far along to replay; fastest in a short probe of the first steps: `,
      ),
    );
    expect(tf.getBackend()).toBe('cpu');
    vi.restoreAllMocks();

    const h = harness(['wasm', 'cpu'], ['wasm', 'cpu']);
    h.stepCosts({ wasm: 2, cpu: 10 });
    await playingOn(h, 'cpu');
    await h.session.handle({ type: 'pause' });
    const before = h.lastProgress();
    await h.session.handle({ type: 'reprobe' });
    expect(h.of('backend').at(-1)).toMatchObject({ name: 'wasm' });
    expect(h.of('backend').at(-1)?.kept).toBeUndefined();
    expect(h.of('backend').at(-1)?.reason).toMatch(/^fastest in a short probe of the first steps: /);
    expect(tf.getBackend()).toBe('wasm');
    const after = h.lastProgress();
    // The replayed models at the same step: no new scene and no record twice.
    expect(after).toMatchObject({ run: before.run, step: before.step, records: [] });
    expect(h.of('scene')).toHaveLength(1);
    await h.session.handle({ type: 'step', steps: 2 });
    expect(h.lastProgress().records.map((r) => r.step)).toEqual([before.step + 1, before.step + 2]);
    expect(h.of('error')).toEqual([]);
  });

  it('a failure during the re-probe leaves training on the remembered backend, and reports nothing', async () => {
    const h = harness(['wasm', 'cpu'], ['cpu', 'wasm']);
    const session = h.session as unknown as {
      backends: { skipReason?: (name: BackendName) => Promise<string | null> };
    };
    // The probe has already moved tfjs to the CPU backend when it breaks on WASM.
    session.backends.skipReason = async (name) => {
      if (name === 'wasm') throw new Error('probe broke');
      return null;
    };
    const before = await playingOn(h, 'wasm');
    await h.session.handle({ type: 'reprobe' });
    expect(tf.getBackend()).toBe('wasm');
    expect(h.of('backend')).toHaveLength(1);
    expect(h.of('error')).toEqual([]);
    h.elapse(300);
    expect(h.lastProgress()).toMatchObject({ run: before.run, playing: true });
    expect(h.lastProgress().step).toBeGreaterThan(before.step);
    await h.session.handle({ type: 'pause' });
  });

  it('ignores a re-probe when the backend was the reader’s pick or nothing runs yet', async () => {
    const h = harness();
    await h.session.handle({ type: 'reprobe' });
    await h.session.handle({ type: 'backend', choice: 'cpu' });
    await h.session.handle({ type: 'reprobe' });
    expect(h.of('backend')).toHaveLength(1);
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('TrainingSession propensity', () => {
  it('estimates e(x) of the current scene under its label settings', async () => {
    const h = harness();
    const settings = `${SMALL}&labelType=scribbles&density=0.3`;
    await h.session.handle({ type: 'configure', settings, maps: false });
    await h.session.handle({ type: 'propensity', draws: 40 });
    const scene = h.of('scene')[0] as SceneMessage;
    const reply = h.of('propensity')[0];
    expect(reply).toBeDefined();
    if (!reply) return;
    expect(reply.run).toBe(scene.run);
    expect(reply.settings).toBe(scene.settings);
    expect(reply.draws).toBe(40);
    expect(reply.rate).toHaveLength(4 * 16 * 16);
    const truth = scene.truth as Uint8Array;
    // Only foreground labels count, so background pixels never have a propensity.
    truth.forEach((t, i) => {
      expect(reply.rate[i]).toBeGreaterThanOrEqual(0);
      expect(reply.rate[i]).toBeLessThanOrEqual(1);
      if (t === 0) expect(reply.rate[i]).toBe(0);
    });
    // The same estimate the lab computes directly for these settings and this seed.
    const direct = estimatePropensity(truth, 16, { labelType: 'scribbles', density: 0.3, background: true }, 1, 40);
    expect(Array.from(reply.rate)).toEqual(Array.from(direct.rate));
    // Strokes stay off the border ring: e is 0 there and positive inside.
    const ring = borderRing(truth, 16);
    expect(reply.border).toBe(0);
    expect(reply.interior).toBeGreaterThan(0.1);
    expect(ring.some((r) => r === 1)).toBe(true);
    expect(transferables(reply)).toContain(reply.rate.buffer);
    expect(h.of('error')).toEqual([]);
  });

  it('keeps e flat across the border ring under labels selected completely at random', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: `${SMALL}&labelType=scar&density=0.3`, maps: false });
    await h.session.handle({ type: 'propensity', draws: 100 });
    const reply = h.of('propensity')[0];
    // Binomial(100, 0.3) per pixel: the group means sit within a few standard errors of 0.3.
    expect(reply?.interior).toBeGreaterThan(0.25);
    expect(reply?.interior).toBeLessThan(0.35);
    expect(reply?.border).toBeGreaterThan(0.25);
    expect(reply?.border).toBeLessThan(0.35);
  });

  it('clamps a junk draw count instead of failing', async () => {
    const h = harness();
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    await h.session.handle({ type: 'propensity', draws: Number.NaN });
    await h.session.handle({ type: 'propensity', draws: -5 });
    expect(h.of('propensity').map((m) => m.draws)).toEqual([1, 1]);
    expect(h.of('propensity').every((m) => m.rate.every((v) => Number.isFinite(v)))).toBe(true);
  });

  it('answers with a notice, not an estimate, before a scene and for drawn labels', async () => {
    const h = harness();
    await h.session.handle({ type: 'propensity', draws: 10 });
    expect(h.of('notice')[0]?.message).toMatch(/nothing is configured/);
    const size = 16;
    const custom = {
      size,
      count: 1,
      images: new Float32Array(size * size),
      labels: new Uint8Array(size * size).fill(1, 0, 20),
      truth: null,
    };
    await h.session.handle({ type: 'configure', settings: SMALL, custom, maps: false });
    await h.session.handle({ type: 'propensity', draws: 10 });
    expect(h.of('notice')[1]?.message).toMatch(/no ground truth/);
    expect(h.of('propensity')).toEqual([]);
    expect(h.of('error')).toEqual([]);
  });
});

describe('TrainingSession peak', () => {
  it('measures a matMul ceiling on the active backend', async () => {
    const h = harness();
    let t = 0;
    const timed = new TrainingSession({
      post: (m) => h.messages.push(m),
      backends: {
        probeOrder: ['wasm'],
        activate: async (n) => n === 'wasm' && (await tf.setBackend('wasm')),
        label: async () => 'WASM',
      },
      now: () => (t += 10),
    });
    await timed.handle({ type: 'peak', size: 64 });
    const peak = h.of('peak')[0];
    expect(peak?.backend).toBe('wasm');
    // Each timed matMul spans one fake 10 ms tick: 2·64³ flops / 10 ms.
    expect(peak?.gflops).toBeCloseTo((2 * 64 ** 3) / 1e7, 6);
  });
});
