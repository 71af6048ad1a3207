import { describe, expect, it } from 'vitest';
import type { LabelStats } from '../../src/core/labels';
import { assertNever } from '../../src/lib/assert-never';
import {
  type ProbeMemory,
  REPROBE_AFTER_PROGRESS,
  WorkerRun,
  type WorkerRunCallbacks,
  type WorkerRunOptions,
  type WorkerRunState,
} from '../../src/widgets/shared/worker-run';
import type { ConnectWorker } from '../../src/worker/client';
import type { FromWorker, ProgressMessage, SceneMessage, ToWorker } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session';

const STATS = { labeled: 10, density: 0.1, coverage: 0.2 } as unknown as LabelStats;

function scene(run: number, settings = 'seed=1'): SceneMessage {
  return {
    type: 'scene',
    run,
    size: 2,
    count: 1,
    images: new Float32Array(4),
    truth: new Uint8Array(4),
    labels: new Uint8Array(4),
    stats: STATS,
    prior: 0.25,
    losses: ['full', 'partial'],
    settings,
  };
}

function progress(run: number, step: number, playing: boolean): ProgressMessage {
  return {
    type: 'progress',
    run,
    records: [],
    maps: null,
    step,
    playing,
    stepsPerSecond: null,
    memory: { numTensors: 0, numBytes: 0 },
  };
}

/** A run on a fake worker port: what it sends and what the view was told are recorded. */
function harness(options: Omit<WorkerRunOptions, 'connect'> & { throwOnConnect?: string } = {}) {
  const sent: ToWorker[] = [];
  const calls: string[] = [];
  const states: WorkerRunState[] = [];
  let deliver: ((message: FromWorker) => void) | null = null;
  let failWorker: ((message: string) => void) | null = null;
  let terminated = false;
  const connect: ConnectWorker = (onMessage, onFailure) => {
    if (options.throwOnConnect) throw new Error(options.throwOnConnect);
    deliver = onMessage;
    failWorker = onFailure;
    return { send: (m) => sent.push(m), terminate: () => (terminated = true) };
  };
  const remembered: string[] = [];
  const probe: ProbeMemory = options.probe ?? { recall: () => null, remember: (name) => remembered.push(name) };
  const callbacks: WorkerRunCallbacks = {
    onBackend: (m) => calls.push(`backend:${m.name}`),
    onScene: (s) => calls.push(`scene:${s.run}`),
    onProgress: (p) => calls.push(`progress:${p.run}:${p.step}`),
    onGradients: (g) => calls.push(`gradients:${g.run}`),
    onPropensity: (e) => calls.push(`propensity:${e.settings}`),
    onPeak: (p) => calls.push(`peak:${p.gflops}`),
    onNotice: (text, level) => calls.push(`notice:${level}:${text}`),
    onError: (text) => calls.push(`error:${text}`),
    onFailure: (text) => calls.push(`failure:${text}`),
    onUnsupported: () => calls.push('unsupported'),
    onStateChange: (state) => states.push(state),
  };
  const run = new WorkerRun(callbacks, { ...options, connect, probe });
  return {
    run,
    sent,
    calls,
    states,
    remembered,
    /** Deliver a message the way the port does (through the run's own entry). */
    fromWorker: (message: FromWorker) => {
      if (!deliver) throw new Error('the worker was never opened');
      deliver(message);
    },
    failWorker: (message: string) => failWorker?.(message),
    terminated: () => terminated,
  };
}

describe('WorkerRun: messages to the worker', () => {
  it('opens the worker on the first configure and sends the remembered probe once, before it', () => {
    const h = harness({ probe: { recall: () => ({ name: 'cpu', reason: 'remembered' }), remember: () => {} } });
    expect(h.sent).toEqual([]);
    h.run.configure('seed=1', { maps: true });
    h.run.configure('seed=2', { maps: false });
    expect(h.sent).toEqual([
      { type: 'backend', choice: 'cpu', remembered: 'remembered' },
      // The page's language travels with every configuration (English unless the figure says otherwise).
      { type: 'configure', settings: 'seed=1', custom: undefined, maps: true, locale: 'en' },
      { type: 'configure', settings: 'seed=2', custom: undefined, maps: false, locale: 'en' },
    ]);
  });

  it('starts on a stale memory at once and asks for a re-probe once, after the first frames of play', () => {
    const remembered: string[] = [];
    const h = harness({
      wantsPlay: true,
      probe: {
        recall: () => ({ name: 'cpu', reason: 'remembered, stale', stale: true }),
        remember: (name) => remembered.push(name),
      },
    });
    h.run.configure('seed=1');
    // The stale choice goes out exactly as a fresh one does: the worker trains on it without probing.
    expect(h.sent).toEqual([
      { type: 'backend', choice: 'cpu', remembered: 'remembered, stale' },
      { type: 'configure', settings: 'seed=1', custom: undefined, maps: true, locale: 'en' },
    ]);
    h.fromWorker(scene(0));
    h.fromWorker(progress(0, 0, false));
    for (let i = 1; i < REPROBE_AFTER_PROGRESS; i++) h.fromWorker(progress(0, 2 * i, true));
    expect(h.sent.map((m) => m.type)).not.toContain('reprobe');
    h.fromWorker(progress(0, 2 * REPROBE_AFTER_PROGRESS, true));
    expect(h.sent.at(-1)).toEqual({ type: 'reprobe' });
    for (let i = 0; i < 2 * REPROBE_AFTER_PROGRESS; i++) h.fromWorker(progress(0, 100 + i, true));
    expect(h.sent.filter((m) => m.type === 'reprobe')).toHaveLength(1);
    // The re-probe's report replaces the memory.
    h.fromWorker({
      type: 'backend',
      name: 'wasm',
      label: 'WASM',
      reason: 'fastest in a short probe of the first steps: WASM 3 ms/step',
      probe: [{ name: 'wasm', label: 'WASM', msPerStep: 3 }],
      probeMs: 40,
    });
    expect(remembered).toEqual(['wasm']);
  });

  it('remembers what a re-probe kept: the running backend on a near tie, the fastest when the run was too far along', () => {
    const remembered: [string, string | undefined][] = [];
    const h = harness({
      probe: { recall: () => null, remember: (name, _label, _reason, kind) => remembered.push([name, kind]) },
    });
    h.run.configure('seed=1');
    const probe = [
      { name: 'wasm' as const, label: 'WASM', msPerStep: 10 },
      { name: 'webgl' as const, label: 'WebGL', msPerStep: 9 },
      { name: 'cpu' as const, label: 'CPU', msPerStep: 90 },
    ];
    const report = {
      type: 'backend' as const,
      name: 'wasm' as const,
      label: 'WASM',
      reason: 'kept',
      probe,
      probeMs: 40,
    };
    h.fromWorker({ ...report, kept: 'near' });
    h.fromWorker({ ...report, kept: 'far' });
    h.fromWorker({ ...report, name: 'webgl', label: 'WebGL' });
    expect(remembered).toEqual([
      ['wasm', 'near'],
      ['webgl', undefined],
      ['webgl', 'probe'],
    ]);
  });

  it('asks for no re-probe on a fresh memory, nor after the reader picks a backend', () => {
    for (const [stale, pick] of [
      [false, false],
      [true, true],
    ] as const) {
      const h = harness({
        wantsPlay: true,
        probe: { recall: () => ({ name: 'cpu', reason: 'remembered', stale }), remember: () => {} },
      });
      h.run.configure('seed=1');
      h.fromWorker(scene(0));
      if (pick) h.run.chooseBackend('wasm');
      for (let i = 1; i <= 3 * REPROBE_AFTER_PROGRESS; i++) h.fromWorker(progress(0, i, true));
      expect(h.sent.map((m) => m.type)).not.toContain('reprobe');
    }
  });

  it('plays only with the intent, a scene and canPlay; pauses when a condition goes', () => {
    let visible = true;
    const h = harness({ wantsPlay: true, canPlay: () => visible });
    h.run.configure('seed=1');
    h.run.syncPlay();
    expect(h.sent.map((m) => m.type)).toEqual(['configure']);
    h.fromWorker(scene(0));
    expect(h.sent.at(-1)).toEqual({ type: 'play' });
    expect(h.run.state).toMatchObject({ playing: true, wantsPlay: true, ready: true, run: 0 });
    visible = false;
    h.run.syncPlay();
    expect(h.sent.at(-1)).toEqual({ type: 'pause' });
    expect(h.run.state.playing).toBe(false);
    // The intent survives: back on screen, training resumes without a click.
    visible = true;
    h.run.syncPlay();
    expect(h.sent.at(-1)).toEqual({ type: 'play' });
    // Nothing is sent twice for one state.
    const count = h.sent.length;
    h.run.syncPlay();
    expect(h.sent).toHaveLength(count);
  });

  it('step pauses first and sends whole steps; togglePlay flips the intent; reset and the rest pass through', () => {
    const h = harness({ wantsPlay: true });
    h.run.configure('seed=1');
    h.fromWorker(scene(0));
    h.sent.length = 0;
    h.run.step(50);
    expect(h.sent).toEqual([{ type: 'pause' }, { type: 'step', steps: 50 }]);
    expect(h.run.state.wantsPlay).toBe(false);
    h.run.step(Number.NaN);
    expect(h.sent.at(-1)).toEqual({ type: 'step', steps: 1 });
    h.run.togglePlay();
    expect(h.sent.at(-1)).toEqual({ type: 'play' });
    h.run.reset();
    expect(h.sent.at(-1)).toEqual({ type: 'reset' });
    expect(h.run.state.playing).toBe(false);
    h.run.setSpeed(30);
    h.run.chooseBackend('wasm');
    h.run.requestGradients(['full', 'partial']);
    h.run.requestPropensity(80);
    h.run.requestPeak(256);
    expect(h.sent.slice(-5)).toEqual([
      { type: 'speed', stepsPerSecond: 30 },
      { type: 'backend', choice: 'wasm' },
      { type: 'gradients', losses: ['full', 'partial'] },
      { type: 'propensity', draws: 80 },
      { type: 'peak', size: 256 },
    ]);
  });

  it('configure marks the run not ready and not playing until its scene arrives', () => {
    const h = harness({ wantsPlay: true });
    h.run.configure('seed=1');
    h.fromWorker(scene(0));
    expect(h.run.state).toMatchObject({ ready: true, playing: true });
    h.run.configure('seed=2');
    expect(h.run.state).toMatchObject({ ready: false, playing: false });
    expect(h.states.at(-1)).toMatchObject({ ready: false, playing: false });
  });
});

describe('WorkerRun: messages from the worker', () => {
  it('a progress message of the current run updates the state and reaches the view; an older run is dropped', () => {
    const h = harness();
    h.run.configure('seed=1');
    h.fromWorker(scene(3));
    h.fromWorker(progress(3, 7, true));
    expect(h.calls).toContain('progress:3:7');
    expect(h.run.state).toMatchObject({ step: 7, playing: true, run: 3 });
    expect(h.states.at(-1)).toMatchObject({ step: 7, playing: true });
    h.fromWorker(progress(2, 99, false));
    expect(h.calls).not.toContain('progress:2:99');
    expect(h.run.state.step).toBe(7);
  });

  it('calls onScene before it syncs play, so a request from onScene reaches the worker first', () => {
    const sent: string[] = [];
    let run: WorkerRun | null = null;
    run = new WorkerRun(
      { onScene: () => run?.requestPropensity(100) },
      {
        wantsPlay: true,
        connect: () => ({ send: (m) => sent.push(m.type), terminate: () => {} }),
        probe: { recall: () => null, remember: () => {} },
      },
    );
    run.configure('seed=1');
    run.handle(scene(0));
    expect(sent).toEqual(['configure', 'propensity', 'play']);
  });

  it('routes every other message to its callback and remembers a fresh probe only', () => {
    const h = harness();
    h.run.configure('seed=1');
    h.fromWorker(scene(1));
    const backend = (probe: boolean): FromWorker => ({
      type: 'backend',
      name: 'wasm',
      label: 'WASM',
      reason: 'fastest',
      probe: probe ? [{ name: 'wasm', label: 'WASM', msPerStep: 3 }] : [],
      probeMs: 0,
    });
    h.fromWorker(backend(false));
    h.fromWorker(backend(true));
    expect(h.remembered).toEqual(['wasm']);
    h.fromWorker({
      type: 'gradients',
      run: 1,
      step: 0,
      losses: [],
      probabilities: new Float32Array(0),
      gradients: [],
      maxAbsDiff: [],
    });
    h.fromWorker({
      type: 'gradients',
      run: 0,
      step: 0,
      losses: [],
      probabilities: new Float32Array(0),
      gradients: [],
      maxAbsDiff: [],
    });
    h.fromWorker({
      type: 'propensity',
      run: 0,
      settings: 'seed=1',
      rate: new Float32Array(0),
      draws: 1,
      interior: null,
      border: null,
      ms: 1,
    });
    h.fromWorker({ type: 'peak', backend: 'cpu', size: 8, gflops: 2.5 });
    h.fromWorker({ type: 'notice', level: 'info', message: 'fell back' });
    expect(h.calls.filter((c) => !c.startsWith('scene'))).toEqual([
      'backend:wasm',
      'backend:wasm',
      'gradients:1',
      'propensity:seed=1',
      'peak:2.5',
      'notice:info:fell back',
    ]);
  });
});

describe('WorkerRun: failures', () => {
  it('an error message stops play and reaches the view; the worker still takes messages', () => {
    const h = harness({ wantsPlay: true });
    h.run.configure('seed=1');
    h.fromWorker(scene(0));
    expect(h.run.state.playing).toBe(true);
    h.fromWorker({ type: 'error', message: 'out of memory' });
    expect(h.calls).toContain('error:out of memory');
    expect(h.run.state.playing).toBe(false);
    expect(h.states.at(-1)?.playing).toBe(false);
    h.run.syncPlay();
    expect(h.sent.at(-1)).toEqual({ type: 'play' });
  });

  it('a worker that fails to load is reported, and nothing plays until a scene arrives', () => {
    const h = harness({ wantsPlay: true });
    h.run.configure('seed=1');
    h.failWorker('script error');
    expect(h.calls).toContain('failure:script error');
    expect(h.run.state).toMatchObject({ failed: true, ready: false, playing: false });
    h.run.syncPlay();
    expect(h.sent.map((m) => m.type)).toEqual(['configure']);
  });

  it('a worker that cannot be created is reported once, and later calls send nothing', () => {
    const h = harness({ throwOnConnect: 'blocked by policy' });
    expect(h.run.start()).toBe(false);
    h.run.configure('seed=1');
    h.run.step(1);
    expect(h.calls).toEqual(['failure:blocked by policy']);
    expect(h.run.state.failed).toBe(true);
  });

  it('without Web Workers it says so once and stays idle', () => {
    const calls: string[] = [];
    const run = new WorkerRun({ onUnsupported: () => calls.push('unsupported') }, { connect: null });
    expect(run.start()).toBe(false);
    run.configure('seed=1');
    expect(calls).toEqual(['unsupported']);
    // In Node there is no Worker, so the default connection finds none too.
    expect(new WorkerRun({}).start()).toBe(false);
  });

  it('an unknown message type hits assertNever: handle throws, and the port entry reports it too', () => {
    const h = harness();
    h.run.configure('seed=1');
    const stray = { type: 'telemetry', value: 1 } as unknown as FromWorker;
    expect(() => h.run.handle(stray)).toThrow(/Unhandled message from the lab worker: “telemetry”/);
    expect(() => h.fromWorker(stray)).toThrow(/telemetry/);
    expect(h.calls.some((c) => c.startsWith('notice:warning:') && c.includes('telemetry'))).toBe(true);
  });

  it('dispose ends the worker and later calls send nothing', () => {
    const h = harness();
    h.run.configure('seed=1');
    h.run.dispose();
    expect(h.terminated()).toBe(true);
    h.run.configure('seed=2');
    expect(h.sent).toHaveLength(1);
  });
});

describe('assertNever', () => {
  it('throws with the kind and the type of what was not handled', () => {
    expect(() => assertNever({ type: 'x' } as never, 'message')).toThrow('Unhandled message: “x”');
    expect(() => assertNever(42 as never)).toThrow('Unhandled value: 42');
  });
});

describe('the worker side', () => {
  it('answers a message type it does not know with an error message, not silence', async () => {
    const posted: FromWorker[] = [];
    const session = new TrainingSession({
      post: (m) => posted.push(m),
      backends: { probeOrder: [], activate: async () => false, label: async (name) => name },
    });
    await session.handle({ type: 'shutdown' } as unknown as ToWorker);
    expect(posted).toEqual([{ type: 'error', message: 'Unhandled message to the lab worker: “shutdown”' }]);
  });
});
