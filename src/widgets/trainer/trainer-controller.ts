/**
 * Drives one `<pce-trainer>`: reads its settings (defaults, then the URL hash, then the
 * controls), runs the comparison in a lab worker, and draws what comes back on the next
 * animation frame. No training happens here.
 */
import { LOSS_INFO, type LossId } from '../../lab/catalog';
import {
  defaultSettings,
  parseSettings,
  SETTING_KEYS,
  serializeSettings,
  withSettings,
  type Settings,
} from '../../lab/settings';
import type { Snapshot } from '../../lab/train';
import { LabClient } from '../../worker/client';
import type { BackendChoice, FromWorker, ProgressMessage, SceneMessage } from '../../worker/protocol';
import { LOSS_COLORS } from '../../styles/palette';
import { legend, probabilityColour, renderChart } from '../shared/charts';
import { bindControls, type BoundControls } from '../shared/controls';
import { runToCsv } from '../shared/csv';
import { chartsToPng, downloadBlob } from '../shared/download';
import { drawMap, GREY, hexToRgb, imageOf, lookupTable, stretch, type Rgb } from '../shared/draw';
import { fixed } from '../shared/format';
import { readSegment, storeInLocation } from '../shared/hash';
import { TABLE_METRICS, type ChartMetric } from '../shared/metrics-meta';
import { bindNotice, describeCorrections, type NoticeHandle } from '../shared/notice';
import { recallProbe, rememberProbe } from '../shared/probe-cache';

interface TrainerConfig {
  losses: LossId[];
  charts: [ChartMetric, ChartMetric];
  defaults: Partial<Settings>;
}

/** The settings a chapter trainer keeps in the URL: all but the fixed list of losses. */
const HASH_KEYS = SETTING_KEYS.filter((k) => k !== 'losses');
const CHART_INTERVAL_MS = 100;
const TABLE_INTERVAL_MS = 250;

export class TrainerController {
  private readonly root: HTMLElement;
  private readonly id: string;
  private readonly config: TrainerConfig;
  private readonly notice: NoticeHandle;
  private readonly controls: BoundControls;
  private client: LabClient | null = null;
  private settings: Settings;

  private run = -1;
  private scene: SceneMessage | null = null;
  private records: Snapshot[] = [];
  private ghost: Snapshot[] | null = null;
  private probabilities: Float32Array[] | null = null;
  private step = 0;
  private rate: number | null = null;

  private wantsPlay: boolean;
  private onScreen = false;
  private workerPlaying = false;
  private image = 0;

  private frame = 0;
  private lastChart = 0;
  private lastTable = 0;
  private chartsDirty = true;
  private mapsDirty = true;
  private freshScene = false;
  private probabilityTable: Rgb[] | null = null;
  private readonly resize: ResizeObserver;
  private readonly onVisibility = () => this.syncPlay();

  constructor(root: HTMLElement) {
    this.root = root;
    this.id = root.dataset.id ?? 'trainer';
    this.config = JSON.parse(root.dataset.config ?? '{}') as TrainerConfig;
    this.notice = bindNotice(root);
    this.wantsPlay = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;

    const baseline = withSettings(defaultSettings(), { ...this.config.defaults, losses: this.config.losses }).settings;
    const stored = readSegment(window.location.hash, this.id);
    const parsed = parseSettings(stored ?? '', baseline);
    const corrections = [...parsed.corrections];
    if (parsed.settings.losses.join() !== this.config.losses.join()) {
      corrections.push({ key: 'losses', input: parsed.settings.losses.join(','), message: `this figure always compares ${this.config.losses.join(', ')}` });
      parsed.settings.losses = [...this.config.losses];
    }
    if (corrections.length > 0) this.notice.show(describeCorrections(corrections), 'warning');
    this.settings = parsed.settings;

    this.controls = bindControls(root, (patch, commit) => this.onSettings(patch, commit));
    this.controls.show(this.settings);
    this.bindButtons();

    this.resize = new ResizeObserver(() => {
      this.chartsDirty = true;
      this.requestDraw();
    });
    this.resize.observe(root.querySelector('.charts') as Element);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.start();
  }

  /** The figure scrolled onto or off the screen. */
  setOnScreen(onScreen: boolean): void {
    this.onScreen = onScreen;
    this.syncPlay();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.client?.terminate();
    this.client = null;
  }

  private start(): void {
    if (typeof Worker === 'undefined') {
      this.status('backend', 'This browser cannot run Web Workers, so the models cannot train here.');
      this.notice.show('Live training needs Web Workers, which this browser does not offer. The chapter’s text and static figures show the same results.', 'warning');
      return;
    }
    try {
      this.client = new LabClient(
        (m) => this.onMessage(m),
        (message) => this.fail(message),
      );
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
      return;
    }
    this.status('backend', 'Starting the training worker…');
    this.configure();
  }

  private configure(): void {
    if (this.run < 0) {
      const remembered = recallProbe();
      if (remembered) this.client?.send({ type: 'backend', choice: remembered.name, remembered: remembered.reason });
    }
    this.client?.send({ type: 'configure', settings: serializeSettings(this.settings), maps: true });
    this.workerPlaying = false;
  }

  private fail(message: string): void {
    this.status('backend', 'Training stopped.');
    this.notice.show(`The training worker failed: ${message}`, 'warning');
    this.setReady(false);
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'backend':
        this.status('backend', `· ${message.label}`);
        this.status('backend-reason', `Backend ${message.label}: ${message.reason}.`);
        this.root.dataset.backend = message.name;
        if (message.probe.length > 0) rememberProbe(message.name, message.label, message.reason);
        return;
      case 'scene':
        this.onScene(message);
        return;
      case 'progress':
        this.onProgress(message);
        return;
      case 'notice':
        this.notice.show(message.message, message.level);
        return;
      case 'error':
        this.workerPlaying = false;
        this.notice.show(`Training stopped: ${message.message}`, 'warning');
        this.renderPlayButton();
        return;
      case 'gradients':
        return;
    }
  }

  private onScene(scene: SceneMessage): void {
    this.run = scene.run;
    this.scene = scene;
    this.records = [];
    this.probabilities = null;
    this.freshScene = true;
    this.workerPlaying = false;
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    if (picker) {
      picker.max = String(scene.count);
      this.image = Math.min(this.image, scene.count - 1);
    }
    const prior = this.root.querySelector<HTMLElement>('[data-out="true-prior"]');
    if (prior && scene.prior !== null) {
      prior.textContent = `The true π of this scene is ${fixed(scene.prior)} (marked under the slider).`;
      this.markPrior(scene.prior);
    }
    const cov = this.root.querySelector<HTMLElement>('[data-out="coverage"]');
    if (cov) cov.textContent = `Label density Σm/N = ${fixed(scene.stats.density, 3)}; foreground coverage c = ${fixed(scene.stats.coverage, 3)}.`;
    this.buildMaps(scene);
    this.setReady(true);
    this.chartsDirty = true;
    this.mapsDirty = true;
    this.syncPlay();
    this.requestDraw();
  }

  private onProgress(progress: ProgressMessage): void {
    if (progress.run !== this.run) return;
    this.records.push(...progress.records);
    if (progress.maps) {
      this.probabilities = progress.maps.probabilities;
      this.mapsDirty = true;
    }
    this.step = progress.step;
    this.rate = progress.stepsPerSecond;
    this.workerPlaying = progress.playing;
    this.root.dataset.numTensors = String(progress.memory.numTensors);
    this.root.dataset.numBytes = String(progress.memory.numBytes);
    this.chartsDirty = true;
    this.requestDraw();
  }

  private onSettings(patch: Partial<Settings>, commit: boolean): void {
    if (!commit) return;
    const result = withSettings(this.settings, patch);
    if (result.corrections.length > 0) this.notice.show(describeCorrections(result.corrections), 'info');
    const onlySpeed = Object.keys(patch).every((k) => k === 'speed');
    this.settings = result.settings;
    storeInLocation(this.id, serializeSettings(this.settings, HASH_KEYS));
    if (onlySpeed) {
      this.client?.send({ type: 'speed', stepsPerSecond: this.settings.speed });
      return;
    }
    this.restart();
  }

  /** Start the comparison again on new settings; the old curves stay faded for reference. */
  private restart(): void {
    if (this.records.length > 1) this.ghost = this.records;
    this.root.querySelector<HTMLElement>('[data-ghost-key]')?.removeAttribute('hidden');
    this.configure();
  }

  private bindButtons(): void {
    const on = (action: string, fn: () => void) =>
      this.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)?.addEventListener('click', fn);
    on('play', () => {
      this.wantsPlay = !this.wantsPlay;
      this.syncPlay();
    });
    const stepBy = (steps: number) => {
      this.wantsPlay = false;
      this.syncPlay();
      this.client?.send({ type: 'step', steps });
    };
    on('step', () => stepBy(1));
    on('skip', () => stepBy(50));
    on('reset', () => {
      this.ghost = null;
      this.root.querySelector<HTMLElement>('[data-ghost-key]')?.setAttribute('hidden', '');
      this.client?.send({ type: 'reset' });
      this.workerPlaying = false;
    });
    on('csv', () => {
      const csv = runToCsv(serializeSettings(this.settings), this.records);
      downloadBlob(new Blob([csv], { type: 'text/csv' }), `partial-ce-${this.id}-seed${this.settings.seed}-step${this.step}.csv`);
    });
    on('png', () => {
      const svgs = [...this.root.querySelectorAll<SVGSVGElement>('[data-plot] svg')];
      chartsToPng(svgs)
        .then((blob) => downloadBlob(blob, `partial-ce-${this.id}-seed${this.settings.seed}-step${this.step}.png`))
        .catch((error: unknown) => this.notice.show(`The PNG could not be made: ${error instanceof Error ? error.message : String(error)}`, 'warning'));
    });
    const select = this.root.querySelector<HTMLSelectElement>('[data-backend]');
    select?.addEventListener('change', () => {
      if (this.records.length > 1) this.ghost = this.records;
      this.client?.send({ type: 'backend', choice: select.value as BackendChoice });
      this.status('backend', `· switching to ${select.value}…`);
    });
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    picker?.addEventListener('input', () => {
      this.image = Number(picker.value) - 1;
      this.mapsDirty = true;
      this.requestDraw();
    });
  }

  /** Train exactly when the reader wants it, the figure is on screen and the tab is visible. */
  private syncPlay(): void {
    const should = this.wantsPlay && this.onScreen && !document.hidden && this.scene !== null;
    if (should !== this.workerPlaying && this.client) {
      this.client.send({ type: should ? 'play' : 'pause' });
      this.workerPlaying = should;
    }
    this.renderPlayButton();
  }

  private renderPlayButton(): void {
    const button = this.root.querySelector<HTMLButtonElement>('[data-action="play"]');
    if (!button) return;
    button.textContent = this.wantsPlay ? 'Pause' : 'Play';
    button.setAttribute('aria-label', this.wantsPlay ? 'Pause training' : 'Play: train all models');
    this.root.dataset.playing = String(this.workerPlaying);
  }

  private setReady(ready: boolean): void {
    for (const el of this.root.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('[data-action], [data-backend]')) {
      el.disabled = !ready;
    }
  }

  private status(name: string, text: string): void {
    const el = this.root.querySelector(`[data-out="${name}"]`);
    if (el) el.textContent = text;
  }

  /** A tick under the prior slider at the scene's true π. */
  private markPrior(prior: number): void {
    const input = this.root.querySelector<HTMLInputElement>('[data-setting="prior"] input');
    if (!input) return;
    let tick = this.root.querySelector<HTMLElement>('.prior-tick');
    if (!tick) {
      tick = document.createElement('span');
      tick.className = 'prior-tick';
      tick.setAttribute('aria-hidden', 'true');
      tick.textContent = '▲ true π';
      input.insertAdjacentElement('afterend', tick);
    }
    const share = (prior - Number(input.min)) / (Number(input.max) - Number(input.min));
    // A native slider's thumb centre runs from half a thumb in from each end.
    tick.style.left = `calc(${(share * 100).toFixed(2)}% + ${((0.5 - share) * 16).toFixed(1)}px)`;
  }

  private buildMaps(scene: SceneMessage): void {
    const box = this.root.querySelector<HTMLElement>('[data-maps]');
    if (!box || box.childElementCount === 2 + scene.losses.length) return;
    const figure = (key: string, caption: string, colour?: string) => {
      const f = document.createElement('figure');
      f.className = 'map';
      const c = document.createElement('canvas');
      c.dataset.map = key;
      c.setAttribute('role', 'img');
      c.setAttribute('aria-label', caption);
      const cap = document.createElement('figcaption');
      cap.textContent = caption;
      if (colour) cap.style.borderTop = `3px solid ${colour}`;
      f.append(c, cap);
      return f;
    };
    box.replaceChildren(
      figure('image', 'Image and its labels'),
      figure('truth', 'Ground truth'),
      ...scene.losses.map((loss) => figure(`p-${loss}`, `p under ${LOSS_INFO[loss].label}`, LOSS_COLORS[loss])),
    );
    this.root.querySelector('[data-map-legend]')?.replaceChildren(legend('probability', 'p = predicted foreground probability'));
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const now = performance.now();
    this.status('step', `Step ${this.step}`);
    this.status('rate', this.rate !== null && this.workerPlaying ? `· ${this.rate.toFixed(0)} steps/s` : '');
    if (this.freshScene) {
      this.freshScene = false;
      for (const el of this.root.querySelectorAll('.charts, [data-maps]')) {
        el.classList.remove('fade-in');
        void (el as HTMLElement).offsetWidth;
        el.classList.add('fade-in');
      }
    }
    let again = false;
    if (this.chartsDirty) {
      if (now - this.lastChart >= CHART_INTERVAL_MS) {
        this.drawCharts();
        this.lastChart = now;
        this.chartsDirty = false;
      } else again = true;
    }
    if (this.mapsDirty) {
      this.drawMaps();
      this.mapsDirty = false;
    }
    if (now - this.lastTable >= TABLE_INTERVAL_MS) {
      this.drawTable();
      this.lastTable = now;
    } else again = true;
    if (again) this.requestDraw();
  }

  private drawCharts(): void {
    // When the first trained step reached the screen (read by the browser benchmark).
    if (!this.root.dataset.firstTrainedFrame && (this.records.at(-1)?.step ?? 0) > 0) {
      this.root.dataset.firstTrainedFrame = performance.now().toFixed(0);
    }
    const coverage = this.scene?.stats.coverage ?? null;
    for (const chart of this.root.querySelectorAll<HTMLElement>('[data-chart]')) {
      const target = chart.querySelector<HTMLElement>('[data-plot]');
      if (!target) continue;
      const svg = renderChart({
        metric: chart.dataset.metric as ChartMetric,
        losses: this.config.losses,
        records: this.records,
        ghost: this.ghost,
        coverage,
        width: Math.max(240, target.clientWidth || chart.clientWidth),
      });
      target.replaceChildren(svg);
    }
  }

  private drawMaps(): void {
    const scene = this.scene;
    if (!scene) return;
    const { size } = scene;
    const n = this.image;
    const canvas = (key: string) => this.root.querySelector<HTMLCanvasElement>(`canvas[data-map="${key}"]`);
    const image = imageOf(scene.images, n, size);
    const imageCanvas = canvas('image');
    if (imageCanvas) drawMap(imageCanvas, size, { values: image, normalise: stretch(image), table: GREY }, { labels: imageOf(scene.labels, n, size) });
    const truthCanvas = canvas('truth');
    if (truthCanvas && scene.truth) drawMap(truthCanvas, size, { values: imageOf(scene.truth, n, size), normalise: (v) => v, table: GREY });
    this.status('image', `${n + 1} of ${scene.count}`);
    if (!this.probabilities) return;
    this.probabilityTable ??= lookupTable(probabilityColour());
    const truth = scene.truth ? imageOf(scene.truth, n, size) : undefined;
    scene.losses.forEach((loss, k) => {
      const c = canvas(`p-${loss}`);
      const p = this.probabilities?.[k];
      if (!c || !p) return;
      drawMap(c, size, { values: imageOf(p, n, size), normalise: (v) => v, table: this.probabilityTable as Rgb[] }, {
        outline: truth,
        outlineRgb: hexToRgb('#ffffff'),
      });
    });
  }

  private drawTable(): void {
    const last = this.records.at(-1);
    if (!last) return;
    this.status('table-caption', `Values at step ${last.step}`);
    for (const model of last.models) {
      const row = this.root.querySelector(`[data-row="${model.id}"]`);
      if (!row) continue;
      const set = (cell: string, text: string) => {
        const el = row.querySelector(`[data-cell="${cell}"]`);
        if (el) el.textContent = text;
      };
      set('loss', model.error ? 'cannot train' : fixed(model.loss, 3));
      for (const metric of TABLE_METRICS) set(metric, fixed(model.metrics[metric]));
      if (model.error) row.setAttribute('title', model.error.message);
    }
  }
}
