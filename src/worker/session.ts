/**
 * What a lab worker does with each message, written against injected ports (post, clock,
 * timers, backends) so that Vitest can drive it in Node exactly as a widget would.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossId } from '../core/catalog';
import type { Dataset } from '../core/dataset';
import { buildDataset } from '../core/dataset';
import { borderRing, labelStats } from '../core/labels';
import { estimatePropensity } from '../core/propensity';
import { parseSettings, SCHEMA, type Settings, serializeSettings } from '../core/settings';
import { LockstepTrainer } from '../core/train';
import { type UiKey, type UiText, uiText } from '../i18n/ui';
import { assertNever } from '../lib/assert-never';
import { type BackendPort, FALLBACK, matmulGflops, probeBackend } from './backend-probe';
import {
  type BackendChoice,
  type BackendMessage,
  type BackendName,
  type CustomData,
  type FromWorker,
  fastestOf,
  type ProbeResult,
  type ProgressMessage,
  REPROBE_NEAR_PERCENT,
  REPROBE_SWITCH_RATIO,
  type ToWorker,
} from './protocol';

// The backend port now lives beside the probe; re-exported for existing imports.
export type { BackendPort } from './backend-probe';

export interface SessionPorts {
  post(message: FromWorker): void;
  backends: BackendPort;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Train on the fused lockstep path (the default); false runs the unfused one, for the benchmark. */
  fused?: boolean;
}

/** Milliseconds between play ticks: each tick trains, reads once, and posts once. */
const TICK_MS = 50;
/** At most this many ms between probability maps: about screen rate. */
const MAP_INTERVAL_MS = 1000 / 30;
/** Most label draws one propensity estimate may take, so that a bad request cannot stall the worker for long. */
const MAX_PROPENSITY_DRAWS = 1000;
/**
 * The most steps a move to another backend replays to keep the run (about 30 s on WASM at the
 * default settings); a run further along restarts from step 0 there instead, as a tab left
 * playing for an hour would otherwise stall for minutes.
 */
export const MAX_REPLAY_STEPS = 2000;

function customDataset(custom: CustomData): Dataset {
  return {
    size: custom.size,
    count: custom.count,
    images: custom.images,
    clean: custom.clean ?? null,
    noise: custom.clean ? (custom.noise ?? 0) : 0,
    labels: custom.labels,
    truth: custom.truth,
    scene: null,
    stats: labelStats(custom.labels, custom.truth),
  };
}

export class TrainingSession {
  private readonly post: (message: FromWorker) => void;
  private readonly backends: BackendPort;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly fused: boolean;

  private backend: BackendName | null = null;
  private choice: BackendChoice = 'auto';
  /** The backend came from the page's memory of an earlier probe, so a `reprobe` may re-time it. */
  private fromMemory = false;
  private settings: Settings | null = null;
  private custom: CustomData | undefined;
  private wantMaps = false;
  private trainer: LockstepTrainer | null = null;
  private run = 0;
  private playing = false;
  private timer: unknown = null;
  private speed = SCHEMA.speed.default;
  private lastMapsAt = -Infinity;
  private rateWindow: { t: number; step: number }[] = [];
  /** The words of the page that configured this worker (English until told). */
  private text: UiText = uiText('en');

  constructor(ports: SessionPorts) {
    this.post = ports.post;
    this.backends = ports.backends;
    this.now = ports.now ?? (() => performance.now());
    this.setTimer = ports.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = ports.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.fused = ports.fused ?? true;
  }

  /** A trainer for these settings on the current backend, on the session's training path. */
  private newTrainer(settings: Settings): LockstepTrainer {
    return new LockstepTrainer(this.dataset(settings), settings, { fused: this.fused });
  }

  /** Handle one message; errors become an 'error' message, never an exception. */
  async handle(message: ToWorker): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (error) {
      this.stopTimer();
      this.playing = false;
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async dispatch(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'configure':
        this.settings = parseSettings(message.settings).settings;
        if (message.locale) this.text = uiText(message.locale);
        this.custom = message.custom;
        this.wantMaps = message.maps;
        this.speed = this.settings.speed;
        if (this.backend === null) await this.chooseBackend();
        this.rebuild();
        return;
      case 'play':
        if (!this.trainer || this.playing) return;
        this.playing = true;
        this.rateWindow = [];
        this.schedule(0);
        return;
      case 'pause':
        this.playing = false;
        this.stopTimer();
        this.postProgress([], true);
        return;
      case 'step':
        if (!this.trainer) return;
        this.guarded(() =>
          this.postProgress(this.checked(this.trainer!.record(Math.max(1, Math.floor(message.steps)))), true),
        );
        return;
      case 'reset':
        if (!this.trainer) return;
        this.trainer.reset();
        this.run++;
        this.postScene();
        return;
      case 'speed':
        this.speed = Math.min(SCHEMA.speed.max, Math.max(SCHEMA.speed.min, message.stepsPerSecond));
        return;
      case 'backend':
        this.choice = message.choice;
        this.fromMemory = message.remembered !== undefined;
        await this.chooseBackend(message.remembered);
        if (this.settings) this.rebuild();
        return;
      case 'reprobe':
        await this.reprobe();
        return;
      case 'gradients':
        this.postGradients(message.losses);
        return;
      case 'peak':
        if (this.backend === null) await this.chooseBackend();
        this.post({
          type: 'peak',
          backend: this.backend as BackendName,
          size: message.size,
          gflops: matmulGflops(message.size, () => this.now()),
        });
        return;
      case 'propensity':
        this.postPropensity(message.draws);
        return;
      default: // a new message fails to compile until handled; a stray one at run time becomes an 'error'
        assertNever(message, 'message to the lab worker');
    }
  }

  /**
   * e(x) of the current synthetic scene: the same truth, label settings and seed as the run,
   * drawn many times. Drawn labels (custom data) are one draw of no known mode, so they get a notice.
   */
  private postPropensity(draws: number): void {
    const trainer = this.trainer;
    const settings = this.settings;
    if (!trainer || !settings) {
      this.post({
        type: 'notice',
        level: 'info',
        message: this.text.t('propensity.needsScene'),
      });
      return;
    }
    const { truth, size } = trainer.data;
    if (this.custom || !truth) {
      const why = this.text.t(truth ? 'propensity.handDrawn' : 'propensity.noTruth');
      this.post({
        type: 'notice',
        level: 'info',
        message: this.text.t('propensity.onlySynthetic', { why }),
      });
      return;
    }
    const n = Number.isFinite(draws) ? Math.min(MAX_PROPENSITY_DRAWS, Math.max(1, Math.floor(draws))) : 1;
    const started = this.now();
    const { rate, draws: used } = estimatePropensity(truth, size, settings, settings.seed, n);
    const ring = borderRing(truth, size);
    const sums = { interior: 0, interiorN: 0, border: 0, borderN: 0 };
    for (let i = 0; i < truth.length; i++) {
      if (truth[i] !== 1) continue;
      if (ring[i] === 1) {
        sums.border += rate[i] as number;
        sums.borderN++;
      } else {
        sums.interior += rate[i] as number;
        sums.interiorN++;
      }
    }
    this.post({
      type: 'propensity',
      run: this.run,
      settings: serializeSettings(settings),
      rate,
      draws: used,
      interior: sums.interiorN > 0 ? sums.interior / sums.interiorN : null,
      border: sums.borderN > 0 ? sums.border / sums.borderN : null,
      ms: this.now() - started,
    });
  }

  /** Pick the backend: the reader's choice, or the faster one in a short probe. */
  private async chooseBackend(remembered?: string): Promise<void> {
    const started = this.now();
    const probe: ProbeResult[] = [];
    let chosen: BackendName | null = null;
    let reason = '';
    const { t } = this.text;
    const join = (a: string, b: string) => (a ? `${a}${t('backend.joiner')}${b}` : b);
    if (this.choice !== 'auto') {
      if (await this.backends.activate(this.choice)) {
        chosen = this.choice;
        reason = remembered ?? t('backend.chosenByYou');
      } else {
        reason = t('backend.couldNotStart', { name: this.choice.toUpperCase() });
      }
    }
    if (chosen === null) {
      for (const name of this.backends.probeOrder) probe.push(await this.probe(name));
      const best = fastestOf(probe);
      if (best && (await this.backends.activate(best.name))) {
        chosen = best.name;
        reason = join(reason, this.probeReason(probe));
      }
    }
    if (chosen === null) {
      if (!(await this.backends.activate('cpu')))
        throw new Error('No TensorFlow.js backend could start in this browser.');
      chosen = 'cpu';
      reason = join(reason, t('backend.cpuFallback'));
    }
    this.backend = chosen;
    const probeMs = probe.length > 0 ? this.now() - started : 0;
    this.post({ type: 'backend', name: chosen, label: await this.backends.label(chosen), reason, probe, probeMs });
  }

  /** The probe's timings as the reader sees them: "fastest in a short probe of the first steps: WASM-SIMD 12 ms/step, …". */
  private probeReason(probe: ProbeResult[]): string {
    const { t } = this.text;
    const timings = probe.map((p) =>
      p.msPerStep === null
        ? t('backend.probeNote', { label: p.label, note: noteText(p.note, this.text) })
        : t('backend.probeTiming', { label: p.label, ms: p.msPerStep.toFixed(0) }),
    );
    return `${t('backend.probePrefix')}${timings.join(t('chart.listSeparator'))}`;
  }

  /**
   * Re-time the backends while a run goes on from a stale remembered backend (the page asks once
   * training is under way, so the first frames never wait for it). Ticks stop for the probe and
   * resume after it. Only a clearly faster backend (`REPROBE_SWITCH_RATIO`) takes over: its
   * models are rebuilt there and replayed to the same step on the same seeded batches, as after
   * a fallback, so the page keeps its run. The probe is reported in a `backend` message, which
   * the page remembers. If the probe fails, the run stays on the backend it had and nothing is
   * reported, so the page's memory stays as it was.
   */
  private async reprobe(): Promise<void> {
    const current = this.backend;
    if (!this.fromMemory || current === null) return;
    this.stopTimer();
    const started = this.now();
    let probe: ProbeResult[] = [];
    let target: BackendName = current;
    let kept: BackendMessage['kept'];
    let fastest: ProbeResult | undefined;
    try {
      for (const name of this.backends.probeOrder) probe.push(await this.probe(name));
      fastest = fastestOf(probe);
      const mine = probe.find((p) => p.name === current && p.msPerStep !== null);
      if (fastest && fastest.name !== current) {
        if (mine && (fastest.msPerStep as number) >= (mine.msPerStep as number) * REPROBE_SWITCH_RATIO) kept = 'near';
        else if ((this.trainer?.step ?? 0) > MAX_REPLAY_STEPS) kept = 'far';
        else if (await this.backends.activate(fastest.name)) target = fastest.name;
      }
    } catch {
      probe = [];
      target = current;
      kept = undefined;
    }
    if (target === current && !(await this.backends.activate(current))) {
      throw new Error(this.text.t('backend.couldNotStart', { name: current.toUpperCase() }));
    }
    if (target !== current) {
      const reached = this.trainer?.step ?? 0;
      try {
        this.trainer?.dispose();
      } catch {
        // Tensors left on the old backend are freed with it, or not at all; the run moves on either way.
      }
      this.trainer = null;
      this.backend = target;
      this.choice = target;
      if (this.settings) {
        this.trainer = this.newTrainer(this.settings);
        this.trainer.train(reached);
      }
    }
    if (probe.length > 0) {
      const label = await this.backends.label(target);
      const { t } = this.text;
      // The probe's line names the fastest; when the run stays elsewhere, the line says why first.
      const why =
        kept === 'near'
          ? t('backend.keptNear', {
              fastest: fastest?.label ?? '',
              percent: REPROBE_NEAR_PERCENT,
            })
          : kept === 'far'
            ? t('backend.keptFar', { fastest: fastest?.label ?? '', step: MAX_REPLAY_STEPS })
            : '';
      this.post({
        type: 'backend',
        name: target,
        label,
        reason: why ? `${why}${t('backend.joiner')}${this.probeReason(probe)}` : this.probeReason(probe),
        probe,
        probeMs: this.now() - started,
        ...(kept ? { kept } : {}),
      });
    }
    if (target !== current && this.trainer) {
      // The same run and step; fresh maps of the replayed models, and no record twice.
      this.lastMapsAt = -Infinity;
      this.postProgress([], true);
    }
    if (this.playing && this.trainer) {
      this.rateWindow = [];
      this.schedule(0);
    }
  }

  /** Time a few real lockstep steps of the current experiment on one backend. */
  private probe(name: BackendName): Promise<ProbeResult> {
    return probeBackend(
      this.backends,
      name,
      () => this.now(),
      () => {
        const settings = this.settings ?? parseSettings('').settings;
        return this.newTrainer(settings);
      },
    );
  }

  private dataset(settings: Settings): Dataset {
    return this.custom ? customDataset(this.custom) : buildDataset(settings);
  }

  /** New scene and models for the current settings, paused at step 0. */
  private rebuild(): void {
    const settings = this.settings as Settings;
    this.stopTimer();
    this.playing = false;
    this.trainer?.dispose();
    this.trainer = null;
    this.trainer = this.newTrainer(settings);
    this.run++;
    this.postScene();
  }

  private postScene(): void {
    const trainer = this.trainer as LockstepTrainer;
    const data = trainer.data;
    this.post({
      type: 'scene',
      run: this.run,
      size: data.size,
      count: data.count,
      images: Float32Array.from(data.images),
      truth: data.truth ? Uint8Array.from(data.truth) : null,
      labels: Uint8Array.from(data.labels),
      stats: data.stats,
      prior: data.scene ? data.scene.prior : null,
      losses: trainer.losses,
      settings: serializeSettings(this.settings as Settings),
    });
    this.lastMapsAt = -Infinity;
    this.postProgress([trainer.snapshot()], true);
  }

  private postProgress(records: ProgressMessage['records'], forceMaps: boolean): void {
    const trainer = this.trainer;
    if (!trainer) return;
    const t = this.now();
    let maps: ProgressMessage['maps'] = null;
    if (this.wantMaps && (forceMaps || t - this.lastMapsAt >= MAP_INTERVAL_MS)) {
      maps = { step: trainer.step, probabilities: trainer.maps().probabilities };
      this.lastMapsAt = t;
    }
    this.rateWindow.push({ t, step: trainer.step });
    while (this.rateWindow.length > 2 && t - (this.rateWindow[0] as { t: number }).t > 1000) this.rateWindow.shift();
    const oldest = this.rateWindow[0] as { t: number; step: number };
    const rate = this.playing && t > oldest.t ? ((trainer.step - oldest.step) * 1000) / (t - oldest.t) : null;
    const memory = tf.memory();
    this.post({
      type: 'progress',
      run: this.run,
      records,
      maps,
      step: trainer.step,
      playing: this.playing,
      stepsPerSecond: rate,
      memory: { numTensors: memory.numTensors, numBytes: memory.numBytes },
    });
  }

  private postGradients(losses: LossId[]): void {
    const trainer = this.trainer;
    if (!trainer) return;
    this.guarded(() => {
      const pass = trainer.gradientsUnder(losses);
      this.post({ type: 'gradients', run: this.run, step: trainer.step, losses: [...losses], ...pass });
    });
  }

  /** One play tick: as many steps as the speed asks for in one tick, then one message. */
  private tick = (): void => {
    this.timer = null;
    const trainer = this.trainer;
    if (!this.playing || !trainer) return;
    const start = this.now();
    const steps = Math.max(1, Math.round((this.speed * TICK_MS) / 1000));
    const ok = this.guarded(() => this.postProgress(this.checked(trainer.record(steps)), false));
    if (!ok || !this.playing) return;
    const period = (steps * 1000) / this.speed;
    this.schedule(Math.max(0, period - (this.now() - start)));
  };

  private schedule(ms: number): void {
    this.stopTimer();
    this.timer = this.setTimer(this.tick, ms);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  /**
   * `records`, unless the backend lost its GPU context while making them: a lost WebGL
   * context does not always throw, it can return zeros, so the port is asked.
   */
  private checked<T>(records: T): T {
    const lost = this.backend ? this.backends.contextLost?.(this.backend) : null;
    if (lost) throw new Error(lost);
    return records;
  }

  /**
   * Run `work`; if the backend fails (a lost WebGL context, say), move to the next
   * backend, continue the comparison there from the same step and say so. False when it failed.
   */
  private guarded(work: () => void): boolean {
    try {
      work();
      return true;
    } catch (error) {
      const failed = this.backend;
      const next = failed ? FALLBACK[failed] : null;
      const why = error instanceof Error ? error.message : String(error);
      if (!failed || !next) throw error;
      this.stopTimer();
      const wasPlaying = this.playing;
      const reached = this.trainer?.step ?? 0;
      try {
        this.trainer?.dispose();
      } catch {
        // The failed backend may not even free its tensors; it is left behind either way.
      }
      this.trainer = null;
      void this.fallBack(failed, next, why, wasPlaying, reached);
      return false;
    }
  }

  /**
   * Move to `next` and continue: the same run (so the page keeps its curves and step
   * count), its models rebuilt there and replayed to step `reached` on the same seeded
   * batches, since the failed backend's weights cannot be read back.
   */
  private async fallBack(
    failed: BackendName,
    next: BackendName,
    why: string,
    resume: boolean,
    reached: number,
  ): Promise<void> {
    this.choice = next;
    await this.chooseBackend();
    const words = { failed: failed.toUpperCase(), why, next: (this.backend ?? next).toUpperCase(), step: reached };
    if (reached > MAX_REPLAY_STEPS) {
      // Too far along to replay quickly: a new run from step 0 on the next backend.
      this.post({ type: 'notice', level: 'warning', message: this.text.t('backend.fellBackRestart', words) });
      this.rebuild();
      if (resume) await this.handle({ type: 'play' });
      return;
    }
    const settings = this.settings as Settings;
    this.playing = false;
    this.trainer = this.newTrainer(settings);
    this.trainer.train(reached);
    this.post({ type: 'notice', level: 'warning', message: this.text.t('backend.fellBack', words) });
    this.lastMapsAt = -Infinity;
    this.postProgress([this.trainer.snapshot()], true);
    if (resume) await this.handle({ type: 'play' });
  }
}

/**
 * The probe's notes in the page's language. The backends word them in English (the benchmark
 * and the tests read them); the known ones are looked up here, an error message stays as it is.
 */
const NOTE_KEYS: Readonly<Record<string, UiKey>> = {
  'did not start': 'backend.didNotStart',
  'slow first step': 'backend.slowFirstStep',
  failed: 'backend.failed',
  'software renderer, skipped': 'backend.softwareRenderer',
  'no WebGL in this browser': 'backend.noWebgl',
  'no WebGPU in this browser': 'backend.noWebgpu',
  'no WebGPU adapter': 'backend.noAdapter',
  'started, but read back wrong values': 'backend.wrongValues',
};

function noteText(note: string | undefined, text: UiText): string {
  if (note === undefined) return '';
  const key = NOTE_KEYS[note];
  if (key) return text.t(key);
  const adapter = /^software adapter(?: \((.*)\))?, skipped$/.exec(note);
  if (adapter) return text.t('backend.softwareAdapter', { name: adapter[1] ? ` (${adapter[1]})` : '' });
  return note;
}
