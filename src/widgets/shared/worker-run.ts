/**
 * One lab-worker run as the main thread sees it: the one place that talks to the worker.
 * It opens the worker on first use, sends the remembered backend probe before the first
 * configuration (and, when that memory is stale, asks the worker to re-probe once training
 * is under way: see `REPROBE_AFTER_PROGRESS`), turns the reader's play intent into play/pause messages, and handles every
 * `FromWorker` message in one exhaustive switch. It holds no DOM: views get typed callbacks
 * and a small state (ready, playing, step, run), so the loop is tested in Node with a fake port.
 *
 * Usage, from a controller that owns a `RunDisplay` (`view`) and a notice:
 *
 *   const run = new WorkerRun(
 *     {
 *       onBackend: (m) => view.showBackend(m),
 *       onScene: (scene) => { view.startRun(scene); setReady(true); },
 *       onProgress: (p) => view.addProgress(p),
 *       onNotice: (text, level) => notice.show(text, level),
 *       onError: (text) => notice.show(`Training stopped: ${text}`, 'warning'),
 *       onFailure: (text) => { notice.show(`The training worker failed: ${text}`, 'warning'); setReady(false); },
 *       onUnsupported: () => view.say('backend', 'This browser cannot run Web Workers, …'),
 *       onStateChange: (state) => { view.workerPlaying = state.playing; renderPlayButton(root, state); },
 *     },
 *     { wantsPlay: !reducedMotion, canPlay: () => onScreen && !document.hidden },
 *   );
 *   run.configure(serializeSettings(settings), { maps: true }); // opens the worker if needed
 *   playButton.addEventListener('click', () => run.togglePlay());
 *   stepButton.addEventListener('click', () => run.step(1));    // pauses, then trains one step
 *   document.addEventListener('visibilitychange', () => run.syncPlay());
 *
 * After a `scene` the run calls `onScene` first and then `syncPlay`, so anything the view
 * sends from `onScene` (an e(x) request) reaches the worker before play resumes.
 */
import type { LossId } from '../../core/catalog';
import type { Locale } from '../../i18n/locales';
import { type UiText, uiText } from '../../i18n/ui';
import { assertNever } from '../../lib/assert-never';
import { type ConnectWorker, TrainingClient, type WorkerPort } from '../../worker/client';
import {
  type BackendChoice,
  type BackendMessage,
  type CustomData,
  type FromWorker,
  fastestOf,
  type GradientsMessage,
  type ProgressMessage,
  type PropensityMessage,
  type SceneMessage,
} from '../../worker/protocol';
import { recallProbe, rememberFallback, rememberProbe } from './probe-cache';

export type { BackendMessage } from '../../worker/protocol';
export type PeakMessage = Extract<FromWorker, { type: 'peak' }>;

/**
 * A stale remembered backend is re-timed after this many progress messages of play (about a
 * second at the default speed): late enough that the first trained frames never wait for the
 * probe, early enough that a switch replays few steps.
 */
export const REPROBE_AFTER_PROGRESS = 20;

/** What views need to know of the run; a fresh copy goes to every `onStateChange`. */
export interface WorkerRunState {
  /** A scene of the latest configuration has arrived (false from `configure` until then, and after a failure). */
  ready: boolean;
  /** Whether the worker is training, as far as the main thread knows. */
  playing: boolean;
  /** The reader's intent: train whenever the other conditions allow. */
  wantsPlay: boolean;
  /** The worker's step in the current run. */
  step: number;
  /** The current run's id (from its `scene`); -1 before the first scene. */
  run: number;
  /** The worker failed to load or to talk; nothing trains until a scene arrives again. */
  failed: boolean;
}

/** The view's side of a run. Every callback is optional; messages without one are dropped. */
export interface WorkerRunCallbacks {
  /** The backend in use and why; a fresh probe result or a fallback is already remembered. */
  onBackend?(message: BackendMessage): void;
  /** A new run at step 0 (after configure, reset, backend change or fallback). */
  onScene?(scene: SceneMessage): void;
  /** Steps of the current run; progress of an earlier run never arrives here. */
  onProgress?(progress: ProgressMessage): void;
  /** A gradient pass of the current run. */
  onGradients?(pass: GradientsMessage): void;
  /** An e(x) estimate; matched to a scene by `settings`, since a reset keeps the estimate valid. */
  onPropensity?(estimate: PropensityMessage): void;
  onPeak?(peak: PeakMessage): void;
  /** A notice from the worker (a backend fallback, an estimate it cannot make) or about a message it sent. */
  onNotice?(message: string, level: 'info' | 'warning'): void;
  /** The worker stopped on an error and is paused; it still takes messages. */
  onError?(message: string): void;
  /** The worker could not be created, failed to load, or a message could not be read. */
  onFailure?(message: string): void;
  /** This browser has no Web Workers; called once, and the run then stays idle. */
  onUnsupported?(): void;
  onStateChange?(state: Readonly<WorkerRunState>): void;
}

/** The backend probe kept for the tab and later visits (sessionStorage and localStorage by default). */
export interface ProbeMemory {
  /** `stale`: start on it at once, and have the worker re-probe in the background. */
  recall(): { name: BackendChoice; reason: string; stale?: boolean } | null;
  /** `near`: a re-probe kept `name`, within `REPROBE_SWITCH_RATIO` of a faster backend. */
  remember(name: BackendMessage['name'], label: string, reason: string, kind?: 'probe' | 'near'): void;
  /** The worker fell back from an automatically chosen backend: remember what runs instead. */
  replace?(name: BackendMessage['name'], label: string, failedLabel: string): void;
}

export interface WorkerRunOptions {
  /** Opens the worker; defaults to a `TrainingClient`, or none where the browser has no Web Workers. */
  connect?: ConnectWorker | null;
  /** Whether the reader wants training from the start (false under reduced motion). */
  wantsPlay?: boolean;
  /** Conditions besides the intent and a scene, checked at every `syncPlay` (on screen, tab visible, labels to learn from). */
  canPlay?: () => boolean;
  probe?: ProbeMemory;
  /** The page's language: the worker words its notices and backend lines in it (English by default). */
  locale?: Locale;
}

/** A `TrainingClient` where the browser has Web Workers, else null. */
function browserConnect(): ConnectWorker | null {
  if (typeof Worker === 'undefined') return null;
  return (onMessage, onFailure) => new TrainingClient(onMessage, onFailure);
}

/** The browser's memory of the probe, its sentences in the page's language. */
const browserProbe = (text: UiText): ProbeMemory => ({
  recall: () => recallProbe({}, text),
  remember: (name, label, reason, kind) => rememberProbe(name, label, reason, {}, text, kind),
  replace: (name, label, failedLabel) => rememberFallback(name, label, failedLabel, {}, text),
});

/** Owns one lab worker and its run; see the file comment for how a view uses it. */
export class WorkerRun {
  private readonly callbacks: WorkerRunCallbacks;
  private readonly connect: ConnectWorker | null;
  private readonly canPlay: () => boolean;
  private readonly probe: ProbeMemory;
  private readonly text: UiText;
  private port: WorkerPort | null = null;
  /** Set once the worker could not be opened, so later calls stay quiet instead of retrying. */
  private unavailable = false;
  private probeSent = false;
  /** Progress messages of play still to come before a stale memory is re-probed; null when none is due. */
  private reprobeIn: number | null = null;
  /** The backend the worker last reported, to tell a fallback from a confirmation. */
  private running: { name: BackendMessage['name']; label: string } | null = null;
  /** The backend was picked by the probe or its memory, not by the reader, so a fallback should be remembered. */
  private autoBackend = true;
  private latestScene: SceneMessage | null = null;
  private readonly current: WorkerRunState;

  constructor(callbacks: WorkerRunCallbacks, options: WorkerRunOptions = {}) {
    this.callbacks = callbacks;
    this.connect = options.connect === undefined ? browserConnect() : options.connect;
    this.canPlay = options.canPlay ?? (() => true);
    this.text = uiText(options.locale ?? 'en');
    this.probe = options.probe ?? browserProbe(this.text);
    this.current = {
      ready: false,
      playing: false,
      wantsPlay: options.wantsPlay ?? false,
      step: 0,
      run: -1,
      failed: false,
    };
  }

  /** A copy of the run's state. */
  get state(): Readonly<WorkerRunState> {
    return { ...this.current };
  }

  /** The latest scene, kept across a new configuration until its scene replaces it; null before the first. */
  get scene(): SceneMessage | null {
    return this.latestScene;
  }

  /** Open the worker unless it is open; false when there is none (no Web Workers, or it could not be created). */
  start(): boolean {
    if (this.port) return true;
    if (this.unavailable) return false;
    if (!this.connect) {
      this.unavailable = true;
      this.callbacks.onUnsupported?.();
      return false;
    }
    try {
      this.port = this.connect(
        (message) => this.receive(message),
        (message) => this.fail(message),
      );
    } catch (error) {
      this.unavailable = true;
      this.fail(error instanceof Error ? error.message : String(error));
      return false;
    }
    return true;
  }

  /** Build a new scene and models (paused at step 0); opens the worker first if needed. */
  configure(settings: string, extra: { custom?: CustomData; maps?: boolean; transfer?: Transferable[] } = {}): void {
    if (!this.start() || !this.port) return;
    if (!this.probeSent) {
      // An earlier probe (this tab's, or a fresh one from an earlier visit) spares this worker its own.
      this.probeSent = true;
      const remembered = this.probe.recall();
      if (remembered) {
        this.port.send({ type: 'backend', choice: remembered.name, remembered: remembered.reason });
        if (remembered.stale) this.reprobeIn = REPROBE_AFTER_PROGRESS;
      }
    }
    this.port.send(
      { type: 'configure', settings, custom: extra.custom, maps: extra.maps ?? true, locale: this.text.locale },
      extra.transfer ?? [],
    );
    this.current.playing = false;
    this.current.ready = false;
    this.emit();
  }

  /** Set the reader's intent and play or pause to match. */
  setWantsPlay(wantsPlay: boolean): void {
    this.current.wantsPlay = wantsPlay;
    this.syncPlay();
  }

  /** The play button: flip the intent. */
  togglePlay(): void {
    this.setWantsPlay(!this.current.wantsPlay);
  }

  /** Train exactly when the reader wants it, a scene is there and `canPlay` allows; call when a condition changes. */
  syncPlay(): void {
    const should = this.current.wantsPlay && this.latestScene !== null && !this.current.failed && this.canPlay();
    if (should !== this.current.playing && this.port) {
      this.port.send({ type: should ? 'play' : 'pause' });
      this.current.playing = should;
    }
    this.emit();
  }

  /** Stop playing, then train exactly `steps` steps. */
  step(steps: number): void {
    this.setWantsPlay(false);
    this.port?.send({ type: 'step', steps: Math.max(1, Math.floor(Number.isFinite(steps) ? steps : 1)) });
  }

  /** Back to step 0 with the same scene and initial weights; the worker answers with a new scene. */
  reset(): void {
    this.port?.send({ type: 'reset' });
    this.current.playing = false;
    this.emit();
  }

  /** Change the training speed without a new run. */
  setSpeed(stepsPerSecond: number): void {
    this.port?.send({ type: 'speed', stepsPerSecond });
  }

  /** The reader's backend pick; the worker rebuilds the run on it and says which backend it got. */
  chooseBackend(choice: BackendChoice): void {
    this.autoBackend = choice === 'auto';
    // The reader's pick (or a fresh probe under 'auto') makes a pending re-probe moot.
    this.reprobeIn = null;
    this.port?.send({ type: 'backend', choice });
  }

  /** One pass of the first model under `losses` (answered by `onGradients`). */
  requestGradients(losses: LossId[]): void {
    this.port?.send({ type: 'gradients', losses });
  }

  /** e(x) of the current scene from `draws` label draws (answered by `onPropensity`). */
  requestPropensity(draws: number): void {
    this.port?.send({ type: 'propensity', draws });
  }

  /** GFLOP/s of an n×n matMul on the active backend (answered by `onPeak`). */
  requestPeak(size: number): void {
    this.port?.send({ type: 'peak', size });
  }

  /** End the worker; the run takes no more messages. */
  dispose(): void {
    this.port?.terminate();
    this.port = null;
    this.unavailable = true;
    this.current.playing = false;
  }

  /** Handle one message from the worker. Throws on a message type the protocol does not have. */
  handle(message: FromWorker): void {
    const callbacks = this.callbacks;
    switch (message.type) {
      case 'backend':
        if (message.probe.length > 0) {
          // A fresh probe (the first one, or the background re-probe of a stale memory) replaces
          // the memory. A re-probe that kept its backend on a near tie remembers that backend as
          // such; one that kept it only because the run was too far along to move remembers the
          // fastest, for the next visit to start on.
          const fastest = message.kept === 'far' ? fastestOf(message.probe) : undefined;
          if (fastest) this.probe.remember(fastest.name, fastest.label, message.reason);
          else
            this.probe.remember(
              message.name,
              message.label,
              message.reason,
              message.kept === 'near' ? 'near' : 'probe',
            );
          this.reprobeIn = null;
        } else if (this.autoBackend && this.running && this.running.name !== message.name) {
          // No probe ran, yet the backend changed without the reader asking: the worker fell
          // back from a failing one, so the next visit should not start on that one again.
          this.probe.replace?.(message.name, message.label, this.running.label);
        }
        this.running = { name: message.name, label: message.label };
        callbacks.onBackend?.(message);
        return;
      case 'scene':
        this.latestScene = message;
        Object.assign(this.current, { run: message.run, step: 0, playing: false, ready: true, failed: false });
        callbacks.onScene?.(message);
        this.syncPlay();
        return;
      case 'progress':
        if (message.run !== this.current.run) return;
        this.current.step = message.step;
        this.current.playing = message.playing;
        callbacks.onProgress?.(message);
        this.emit();
        if (message.playing && this.reprobeIn !== null && --this.reprobeIn <= 0) {
          this.reprobeIn = null;
          this.port?.send({ type: 'reprobe' });
        }
        return;
      case 'gradients':
        if (message.run !== this.current.run) return;
        callbacks.onGradients?.(message);
        return;
      case 'propensity':
        callbacks.onPropensity?.(message);
        return;
      case 'peak':
        callbacks.onPeak?.(message);
        return;
      case 'notice':
        callbacks.onNotice?.(message.message, message.level);
        return;
      case 'error':
        this.current.playing = false;
        callbacks.onError?.(message.message);
        this.emit();
        return;
      default:
        // A message added to the protocol fails to compile here until this switch handles it.
        assertNever(message, 'message from the lab worker');
    }
  }

  /** The port's entry: a message that cannot be handled is reported to the reader, then rethrown for the console. */
  private receive(message: FromWorker): void {
    try {
      this.handle(message);
    } catch (error) {
      this.callbacks.onNotice?.(
        this.text.t('trainer.badMessage', { message: error instanceof Error ? error.message : String(error) }),
        'warning',
      );
      throw error;
    }
  }

  private fail(message: string): void {
    this.current.failed = true;
    this.current.ready = false;
    this.current.playing = false;
    this.callbacks.onFailure?.(message);
    this.emit();
  }

  private emit(): void {
    this.callbacks.onStateChange?.(this.state);
  }
}
