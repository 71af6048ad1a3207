import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, serializeSettings, withSettings } from '../../src/core/settings';
import { LockstepTrainer } from '../../src/core/train';
import {
  browserFingerprint,
  PROBE_MAX_AGE_MS,
  PROBE_VERSION,
  type ProbeCacheEnv,
  type ProbeStorage,
  recallProbe,
  rememberFallback,
  rememberProbe,
} from '../../src/widgets/shared/probe-cache';
import { type ProbeMemory, WorkerRun } from '../../src/widgets/shared/worker-run';
import type { BackendName, FromWorker } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session';
import { useBackend } from './backend';

/** A Storage stand-in over a Map, so that tests can read and corrupt what was written. */
class FakeStorage implements ProbeStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}

/** Storage that refuses every call, as a disabled or sandboxed one does. */
const throwing: ProbeStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2025, 5, 1, 12);
const PROBE_REASON = 'fastest in a short probe of the first steps: WASM-SIMD 3 ms/step, WebGL (software renderer)';

/** One "browser": a localStorage shared by visits, a sessionStorage per tab, a settable clock and fingerprint. */
function browser(print = 'machine-a') {
  const local = new FakeStorage();
  let session = new FakeStorage();
  let clock = T0;
  let fingerprint = print;
  const env = (): ProbeCacheEnv => ({ local, session, now: () => clock, fingerprint: () => fingerprint });
  return {
    local,
    get session() {
      return session;
    },
    env,
    /** A new visit: a new tab, so only localStorage carries over. */
    newTab() {
      session = new FakeStorage();
    },
    advance(ms: number) {
      clock += ms;
    },
    setFingerprint(value: string) {
      fingerprint = value;
    },
    /** The localStorage entry as stored, for tests that edit it. */
    entry(): [string, Record<string, unknown>] {
      const [key, value] = [...local.items][0] ?? ['', 'null'];
      return [key, JSON.parse(value) as Record<string, unknown>];
    },
  };
}

describe('probe cache: within a tab', () => {
  it('reads the tab’s first probe back, in the sessionStorage format figures used before', () => {
    const b = browser();
    expect(recallProbe(b.env())).toBeNull();
    rememberProbe('wasm', 'WASM-SIMD', PROBE_REASON, b.env());
    expect(JSON.parse(b.session.getItem('partial-ce:backend') ?? 'null')).toEqual({
      name: 'wasm',
      reason: 'WASM-SIMD was fastest in this tab’s first probe (WASM-SIMD 3 ms/step, WebGL (software renderer))',
    });
    expect(recallProbe(b.env())).toEqual({
      name: 'wasm',
      reason: 'WASM-SIMD was fastest in this tab’s first probe (WASM-SIMD 3 ms/step, WebGL (software renderer))',
    });
  });

  it('keeps the tab’s memory even where the clock says the visit entry is stale', () => {
    const b = browser();
    rememberProbe('webgl', 'WebGL', 'fastest in a short probe of the first steps: WebGL 2 ms/step', b.env());
    b.advance(PROBE_MAX_AGE_MS + DAY);
    expect(recallProbe(b.env())?.name).toBe('webgl');
  });
});

describe('probe cache: across visits', () => {
  it('reads a probe back on a later visit, dated, with its timings', () => {
    const b = browser();
    rememberProbe('wasm', 'WASM-SIMD', PROBE_REASON, b.env());
    b.newTab();
    b.advance(3 * DAY);
    const recalled = recallProbe(b.env());
    expect(recalled?.name).toBe('wasm');
    expect(recalled?.reason).toContain('probe of 2025-06-01');
    expect(recalled?.reason).toContain('WASM-SIMD 3 ms/step');
    const [key, entry] = b.entry();
    expect(key).toContain(`v${PROBE_VERSION}`);
    expect(entry).toMatchObject({ v: PROBE_VERSION, name: 'wasm', fingerprint: 'machine-a', measuredAt: T0 });
  });

  it('remembers a backend a re-probe kept on a near tie as near the fastest, not as the fastest', () => {
    const b = browser();
    const reason =
      'kept, since WebGL was faster by less than 20%; fastest in a short probe of the first steps: WASM-SIMD 12 ms/step, WebGL 11 ms/step';
    rememberProbe('wasm', 'WASM-SIMD', reason, b.env(), undefined, 'near');
    expect(recallProbe(b.env())?.reason).toBe(
      'WASM-SIMD was within 20% of the fastest in this tab’s probe (WASM-SIMD 12 ms/step, WebGL 11 ms/step)',
    );
    b.newTab();
    const recalled = recallProbe(b.env());
    expect(recalled?.name).toBe('wasm');
    expect(recalled?.reason).toBe(
      'WASM-SIMD was within 20% of the fastest in this browser’s probe of 2025-06-01 (WASM-SIMD 12 ms/step, WebGL 11 ms/step); remembered for 7 days',
    );
    expect(recalled?.reason).not.toMatch(/was fastest/);
  });

  it('goes stale after the stated age, and a time before the probe counts as stale too: still used, marked stale', () => {
    const b = browser();
    rememberProbe('webgl', 'WebGL', 'fastest in a short probe of the first steps: WebGL 2 ms/step', b.env());
    b.newTab();
    b.advance(PROBE_MAX_AGE_MS);
    expect(recallProbe(b.env())).toMatchObject({ name: 'webgl' });
    expect(recallProbe(b.env())?.stale).toBeUndefined();
    b.advance(1);
    expect(recallProbe(b.env())).toMatchObject({ name: 'webgl', stale: true });
    b.advance(-PROBE_MAX_AGE_MS - 2);
    expect(recallProbe(b.env())).toMatchObject({ name: 'webgl', stale: true });
  });

  it('a stale entry is replaced by the next probe, which is fresh again', () => {
    const b = browser();
    rememberProbe('webgl', 'WebGL', 'fastest in a short probe of the first steps: WebGL 2 ms/step', b.env());
    b.newTab();
    b.advance(8 * DAY);
    expect(recallProbe(b.env())).toMatchObject({ name: 'webgl', stale: true });
    rememberProbe('wasm', 'WASM', 'fastest in a short probe of the first steps: WASM 4 ms/step', b.env());
    b.newTab();
    expect(recallProbe(b.env())).toEqual({ name: 'wasm', reason: expect.stringContaining('WASM 4 ms/step') });
    expect(b.entry()[1].measuredAt).toBe(T0 + 8 * DAY);
  });

  it('a stale entry of another browser or version is not used at all', () => {
    const b = browser('machine-a');
    rememberProbe('webgl', 'WebGL', 'fastest in a short probe of the first steps: WebGL 2 ms/step', b.env());
    b.newTab();
    b.advance(8 * DAY);
    b.setFingerprint('machine-b');
    expect(recallProbe(b.env())).toBeNull();
    b.setFingerprint('machine-a');
    const [key, entry] = b.entry();
    b.local.setItem(key, JSON.stringify({ ...entry, v: PROBE_VERSION + 1 }));
    expect(recallProbe(b.env())).toBeNull();
  });

  it('ignores an entry measured on another browser or hardware', () => {
    const b = browser('machine-a');
    rememberProbe('webgl', 'WebGL', 'fastest in a short probe of the first steps: WebGL 2 ms/step', b.env());
    b.newTab();
    b.setFingerprint('machine-b');
    expect(recallProbe(b.env())).toBeNull();
    b.setFingerprint('machine-a');
    expect(recallProbe(b.env())?.name).toBe('webgl');
  });

  it('ignores an entry of another version, under its key or inside it', () => {
    const b = browser();
    rememberProbe('webgl', 'WebGL', 'fastest in a short probe of the first steps: WebGL 2 ms/step', b.env());
    b.newTab();
    const [key, entry] = b.entry();
    b.local.setItem(key, JSON.stringify({ ...entry, v: PROBE_VERSION + 1 }));
    expect(recallProbe(b.env())).toBeNull();
    // An older release's entry lives under its own key and is never read.
    b.local.items.clear();
    b.local.setItem(key.replace(`v${PROBE_VERSION}`, `v${PROBE_VERSION - 1}`), JSON.stringify(entry));
    expect(recallProbe(b.env())).toBeNull();
  });

  it('tolerates malformed JSON, foreign shapes and unknown backends', () => {
    const b = browser();
    rememberProbe('wasm', 'WASM', PROBE_REASON, b.env());
    const [key, entry] = b.entry();
    b.newTab();
    for (const bad of [
      '{not json',
      '42',
      '"wasm"',
      'null',
      '[]',
      JSON.stringify({ ...entry, name: 'webgpu-2' }),
      JSON.stringify({ ...entry, name: 'toString' }),
      JSON.stringify({ ...entry, measuredAt: 'yesterday' }),
      JSON.stringify({ ...entry, label: 3 }),
    ]) {
      b.local.setItem(key, bad);
      expect(recallProbe(b.env()), bad).toBeNull();
    }
    b.session.setItem('partial-ce:backend', '{"name": "wasm", "reason": ');
    b.local.setItem(key, JSON.stringify(entry));
    expect(recallProbe(b.env())?.name).toBe('wasm');
  });

  it('tolerates storage that throws or is missing, and a clock or fingerprint that fails', () => {
    const env: ProbeCacheEnv = { local: throwing, session: throwing, now: () => T0, fingerprint: () => 'x' };
    expect(() => rememberProbe('wasm', 'WASM', PROBE_REASON, env)).not.toThrow();
    expect(recallProbe(env)).toBeNull();
    expect(recallProbe({ local: null, session: null })).toBeNull();
    const b = browser();
    const broken: ProbeCacheEnv = {
      ...b.env(),
      fingerprint: () => {
        throw new Error('no navigator');
      },
    };
    rememberProbe('wasm', 'WASM', PROBE_REASON, broken);
    // The tab still remembers; nothing undatable goes to localStorage.
    expect(recallProbe(broken)?.name).toBe('wasm');
    expect(b.local.items.size).toBe(0);
    rememberProbe('wasm', 'WASM', PROBE_REASON, { ...b.env(), now: () => Number.NaN });
    expect(b.local.items.size).toBe(0);
  });

  it('fingerprints by user agent, core count and WebGPU presence', () => {
    const base = { userAgent: 'Chromium/140', hardwareConcurrency: 8 } as Partial<Navigator>;
    const print = browserFingerprint(base);
    expect(browserFingerprint({ ...base })).toBe(print);
    expect(browserFingerprint({ ...base, userAgent: 'Chromium/141' })).not.toBe(print);
    expect(browserFingerprint({ ...base, hardwareConcurrency: 4 })).not.toBe(print);
    expect(browserFingerprint({ ...base, gpu: {} } as Partial<Navigator>)).not.toBe(print);
    expect(browserFingerprint(undefined)).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('probe cache: when the remembered backend fails', () => {
  const SMALL = serializeSettings(
    withSettings(defaultSettings(), { size: 16, images: 4, batch: 2, radius: 4, width: 4, speed: 40 }).settings,
  );

  afterEach(async () => {
    vi.restoreAllMocks();
    await useBackend('wasm');
  });

  /** A WorkerRun talking to a real TrainingSession in this thread, its memory in the fake browser `b`. */
  function wired(
    b: ReturnType<typeof browser>,
    available: BackendName[],
    options: { wantsPlay?: boolean; skipReason?: (name: BackendName) => Promise<string | null> } = {},
  ) {
    const messages: FromWorker[] = [];
    let deliver: (m: FromWorker) => void = () => {};
    const session = new TrainingSession({
      post: (m) => {
        messages.push(m);
        deliver(m);
      },
      backends: {
        probeOrder: ['wasm', 'webgl'],
        activate: async (name) => available.includes(name) && (await tf.setBackend(name)),
        label: async (name) => name.toUpperCase(),
        skipReason: options.skipReason,
      },
    });
    const memory: ProbeMemory = {
      recall: () => recallProbe(b.env()),
      remember: (name, label, reason) => rememberProbe(name, label, reason, b.env()),
      replace: (name, label, failed) => rememberFallback(name, label, failed, b.env()),
    };
    const run = new WorkerRun(
      {},
      {
        wantsPlay: options.wantsPlay ?? false,
        probe: memory,
        connect: (onMessage) => {
          deliver = onMessage;
          // One message at a time, in order, as training.worker.ts queues them.
          let queue = Promise.resolve();
          return {
            send: (m) => {
              queue = queue.then(() => session.handle(m));
            },
            terminate: () => {},
          };
        },
      },
    );
    const backends = () => messages.filter((m) => m.type === 'backend');
    const progress = () => messages.filter((m) => m.type === 'progress');
    /** Pause the session's real timers, so that nothing trains after the test. */
    const stop = async () => {
      run.setWantsPlay(false);
      await vi.waitFor(() => expect(progress().at(-1)?.playing).toBe(false));
    };
    return { run, messages, backends, progress, stop };
  }

  it('starts on a stale remembered backend at once, re-probes once training is under way, and the result replaces the memory', async () => {
    const b = browser();
    rememberProbe('cpu', 'CPU', 'fastest in a short probe of the first steps: CPU 1 ms/step', b.env());
    b.newTab();
    b.advance(8 * DAY);
    const w = wired(b, ['wasm', 'cpu'], { wantsPlay: true });
    w.run.configure(SMALL, { maps: false });
    await vi.waitFor(() => expect(w.run.state.ready).toBe(true));
    // No probe before the first frames: the stale choice runs as a fresh one would.
    expect(w.backends()).toMatchObject([{ name: 'cpu', probe: [], probeMs: 0 }]);
    await vi.waitFor(() => expect(w.backends()).toHaveLength(2), { timeout: 10_000 });
    const report = w.backends()[1];
    expect(report?.probe.map((p) => p.name)).toEqual(['wasm', 'webgl']);
    // It came after the first frames of play, in the same run.
    const before = w.messages.slice(0, w.messages.indexOf(report as FromWorker));
    expect(before.filter((m) => m.type === 'progress' && m.playing).length).toBeGreaterThanOrEqual(20);
    expect(w.messages.filter((m) => m.type === 'scene')).toHaveLength(1);
    // The memory is the re-probe's result now, dated today and fresh again.
    expect(b.entry()[1]).toMatchObject({ name: report?.name, kind: 'probe', measuredAt: T0 + 8 * DAY });
    b.newTab();
    const recalled = recallProbe(b.env());
    expect(recalled).toMatchObject({ name: report?.name });
    expect(recalled?.stale).toBeUndefined();
    const step = w.run.state.step;
    await vi.waitFor(() => expect(w.run.state.step).toBeGreaterThan(step));
    await w.stop();
  });

  it('a failed re-probe leaves training on the remembered backend and the stale memory as it was', async () => {
    const b = browser();
    rememberProbe('cpu', 'CPU', 'fastest in a short probe of the first steps: CPU 1 ms/step', b.env());
    const stored = b.entry()[1];
    b.newTab();
    b.advance(8 * DAY);
    let tried = 0;
    const w = wired(b, ['wasm', 'cpu'], {
      wantsPlay: true,
      skipReason: async () => {
        tried++;
        throw new Error('probe broke');
      },
    });
    w.run.configure(SMALL, { maps: false });
    await vi.waitFor(
      () => expect(w.progress().filter((m) => m.type === 'progress' && m.playing).length).toBeGreaterThan(30),
      {
        timeout: 10_000,
      },
    );
    expect(tried).toBe(1);
    expect(w.backends()).toMatchObject([{ name: 'cpu', probe: [] }]);
    expect(tf.getBackend()).toBe('cpu');
    expect(w.messages.filter((m) => m.type === 'error')).toEqual([]);
    expect(b.entry()[1]).toEqual(stored);
    await w.stop();
  });

  it('starts on a fresh remembered backend without probing', async () => {
    const b = browser();
    rememberProbe('cpu', 'CPU', 'fastest in a short probe of the first steps: CPU 1 ms/step', b.env());
    b.newTab();
    const w = wired(b, ['wasm', 'cpu']);
    w.run.configure(SMALL, { maps: false });
    await vi.waitFor(() => expect(w.run.state.ready).toBe(true));
    expect(w.backends()).toMatchObject([{ name: 'cpu', probe: [], probeMs: 0 }]);
    expect(b.entry()[1].name).toBe('cpu');
  });

  it('replaces the stored name when the remembered backend cannot start', async () => {
    const b = browser();
    rememberProbe('webgl', 'WebGL', 'fastest in a short probe of the first steps: WebGL 2 ms/step', b.env());
    b.newTab();
    b.advance(DAY);
    const w = wired(b, ['wasm', 'cpu']);
    w.run.configure(SMALL, { maps: false });
    await vi.waitFor(() => expect(w.run.state.ready).toBe(true));
    expect(w.backends().map((m) => m.name)).toEqual(['wasm']);
    expect(b.entry()[1]).toMatchObject({ name: 'wasm', measuredAt: T0 + DAY });
    b.newTab();
    expect(recallProbe(b.env())?.name).toBe('wasm');
  });

  it('replaces the stored name when the remembered backend fails mid-run, and not on the reader’s own pick', async () => {
    const b = browser();
    rememberProbe('wasm', 'WASM', 'fastest in a short probe of the first steps: WASM 2 ms/step', b.env());
    b.newTab();
    const w = wired(b, ['wasm', 'cpu']);
    w.run.configure(SMALL, { maps: false });
    await vi.waitFor(() => expect(w.run.state.ready).toBe(true));
    vi.spyOn(LockstepTrainer.prototype, 'record').mockImplementationOnce(() => {
      throw new Error('context lost');
    });
    w.run.step(1);
    await vi.waitFor(() => expect(w.backends()).toHaveLength(2));
    expect(w.backends()[1]).toMatchObject({ name: 'cpu', probe: [] });
    expect(b.entry()[1]).toMatchObject({ name: 'cpu', kind: 'fallback' });
    b.newTab();
    const recalled = recallProbe(b.env());
    expect(recalled?.name).toBe('cpu');
    expect(recalled?.reason).toMatch(/CPU took over after WASM stopped working/);

    // The reader's own pick is theirs, not a measurement of this browser: the memory stays.
    w.run.chooseBackend('wasm');
    await vi.waitFor(() => expect(w.backends()).toHaveLength(3));
    expect(w.backends()[2]?.name).toBe('wasm');
    expect(b.entry()[1].name).toBe('cpu');
  });
});
