/**
 * What every trainer figure shows of the worker's current run, kept in one place: the run
 * state built from `scene` and `progress` messages, and its drawing on the next animation
 * frame (status, charts, maps, values table). The chapter trainers and the Lab both use it;
 * they keep their own settings, controls and play intent.
 */

import { parseSettings } from '../../core/settings';
import type { ModelSnapshot, Snapshot } from '../../core/train';
import { type UiText, uiTextOf } from '../../i18n/ui';
import { LOSS_COLORS, OUTLINE_RGB } from '../../styles/palette';
import type { FromWorker, ProgressMessage, SceneMessage } from '../../worker/protocol';
import { type ChartSeries, errorLegend, legend, probabilityColour, renderChart } from './charts';
import { drawMap, GREY, imageOf, lookupTable, type Rgb, stretch } from './draw';
import { ERROR_TABLE, errorCategories, nearBoundary } from './error-map';
import { fixed } from './format';
import { RunHistory, type Thinning } from './history';
import { lossErrorText } from './loss-error';

const CHART_INTERVAL_MS = 100;
const TABLE_INTERVAL_MS = 250;

/** One column of the values table: `data-cell` id and the value it shows. */
export interface TableColumn {
  id: string;
  value: (model: ModelSnapshot) => number | null;
}

export interface RunDisplayOptions {
  /** The series chart slot `slot` (the n-th `[data-chart]`) shows, or null to leave it. */
  series: (slot: number) => ChartSeries | null;
  columns: TableColumn[];
  /** Which image of the scene the maps show. */
  image: () => number;
  /** Show the labeling propensity e(x) (set with `setPropensity`) as a map before the models' p. */
  propensityMap?: boolean;
  /** Called after the maps were drawn, i.e. at most at screen rate while maps arrive. */
  onMapsDrawn?: () => void;
  /** Also map where each model is wrong, near a boundary or farther in (needs the truth). */
  errorMaps?: boolean;
}

export class RunDisplay {
  run = -1;
  scene: SceneMessage | null = null;
  /** The run's snapshots, bounded: recent steps in full, older ones thinned (see `RunHistory`). */
  readonly history = new RunHistory();
  /** The previous run, drawn faded after a change of settings. */
  ghost: readonly Snapshot[] | null = null;
  probabilities: Float32Array[] | null = null;
  /** e(x) of the scene, laid out like its truth, when the figure shows it and it has arrived. */
  propensity: Float32Array | null = null;
  step = 0;
  rate: number | null = null;
  /** Whether the worker is training, as far as the main thread knows. */
  workerPlaying = false;
  /** The words of the figure's language. */
  readonly text: UiText;

  private readonly root: HTMLElement;
  private readonly options: RunDisplayOptions;
  private frame = 0;
  private lastChart = 0;
  private lastTable = 0;
  private chartsDirty = true;
  /** Charts of the current round still to draw, one per frame, and the slot of the next. */
  private pendingCharts = 0;
  private nextChart = 0;
  private mapsDirty = true;
  private freshScene = false;
  private probabilityTable: Rgb[] | null = null;
  /** The run's mask strength λ, read from the scene's settings for the blend's reference line. */
  private lambda: number | null = null;
  /** The near-boundary mask of the image the error maps show, with the scene and image it belongs to. */
  private near: { scene: SceneMessage; image: number; mask: Uint8Array } | null = null;

  constructor(root: HTMLElement, options: RunDisplayOptions) {
    this.root = root;
    this.options = options;
    this.text = uiTextOf(root);
  }

  /** Show the backend a `backend` message names, with its reason (its `WorkerRun` remembers probes). */
  showBackend(message: Extract<FromWorker, { type: 'backend' }>): void {
    this.say('backend', this.text.t('backend.line', { label: message.label }));
    this.say('backend-reason', this.text.t('backend.reason', { label: message.label, reason: message.reason }));
    this.root.dataset.backend = message.name;
    this.root.dataset.probeMs = message.probeMs.toFixed(0);
  }

  /** A `scene` message: a new run starts at step 0. */
  startRun(scene: SceneMessage): void {
    this.run = scene.run;
    this.scene = scene;
    this.lambda = parseSettings(scene.settings).settings.lambda;
    this.history.clear();
    this.probabilities = null;
    this.step = 0;
    this.workerPlaying = false;
    this.freshScene = true;
    this.buildMaps(scene);
    this.chartsDirty = true;
    this.mapsDirty = true;
    this.requestDraw();
  }

  /** A `progress` message; false when it belongs to an earlier run. */
  addProgress(progress: ProgressMessage): boolean {
    if (progress.run !== this.run) return false;
    this.history.push(progress.records);
    if (progress.maps) {
      this.probabilities = progress.maps.probabilities;
      this.mapsDirty = true;
    }
    this.step = progress.step;
    this.rate = progress.stepsPerSecond;
    this.workerPlaying = progress.playing;
    this.root.dataset.step = String(progress.step);
    this.root.dataset.numTensors = String(progress.memory.numTensors);
    this.root.dataset.numBytes = String(progress.memory.numBytes);
    this.chartsDirty = true;
    this.requestDraw();
    return true;
  }

  /** The snapshots behind the curves and the CSV, oldest first (older steps may be thinned). */
  get records(): readonly Snapshot[] {
    return this.history.records();
  }

  /** Whether and how the history thinned older steps, for the CSV's header. */
  get thinning(): Thinning | null {
    return this.history.thinning();
  }

  /** Keep the current curves, faded, for comparison with the run that replaces them. */
  keepGhost(): void {
    if (this.history.length > 1) this.ghost = this.history.records();
  }

  redrawCharts(): void {
    this.chartsDirty = true;
    this.requestDraw();
  }

  /** Show e(x) of the current scene (null: none yet); kept across a reset, which keeps the scene. */
  setPropensity(rate: Float32Array | null): void {
    this.propensity = rate;
    this.redrawMaps();
  }

  redrawMaps(): void {
    this.mapsDirty = true;
    this.requestDraw();
  }

  say(name: string, text: string): void {
    const el = this.root.querySelector(`[data-out="${name}"]`);
    if (el) el.textContent = text;
  }

  private buildMaps(scene: SceneMessage): void {
    const box = this.root.querySelector<HTMLElement>('[data-maps]');
    if (!box) return;
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
    const { t } = this.text;
    const name = (loss: string) => t(`loss.${loss as SceneMessage['losses'][number]}.label`);
    box.replaceChildren(
      figure('image', t('map.imageAndLabels')),
      ...(scene.truth ? [figure('truth', t('map.truth'))] : []),
      ...(scene.truth && this.options.propensityMap ? [figure('propensity', t('map.propensity'))] : []),
      ...scene.losses.map((loss) => figure(`p-${loss}`, t('map.pUnder', { loss: name(loss) }), LOSS_COLORS[loss])),
      ...(this.showsErrors(scene)
        ? scene.losses.map((loss) => figure(`err-${loss}`, t('map.errorsOf', { loss: name(loss) }), LOSS_COLORS[loss]))
        : []),
    );
    this.root
      .querySelector('[data-map-legend]')
      ?.replaceChildren(
        legend('probability', t('map.probabilityLegend')),
        ...(this.showsErrors(scene) ? [errorLegend(this.text)] : []),
      );
  }

  private showsErrors(scene: SceneMessage): scene is SceneMessage & { truth: Uint8Array } {
    return this.options.errorMaps === true && scene.truth !== null;
  }

  /** The near-boundary mask of image `n`, computed once per scene and image. */
  private nearMask(scene: SceneMessage & { truth: Uint8Array }, n: number): Uint8Array {
    if (this.near?.scene !== scene || this.near.image !== n) {
      this.near = { scene, image: n, mask: nearBoundary(imageOf(scene.truth, n, scene.size), scene.size) };
    }
    return this.near.mask;
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Cancel a pending frame (the figure is going away). */
  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private draw(): void {
    const now = performance.now();
    const { t } = this.text;
    this.say('step', t('toolbar.stepCount', { n: this.step }));
    this.say('rate', this.rate !== null && this.workerPlaying ? t('toolbar.rate', { n: this.rate.toFixed(0) }) : '');
    if (this.freshScene) {
      this.freshScene = false;
      for (const el of this.root.querySelectorAll<HTMLElement>('.charts, [data-maps]')) {
        el.classList.remove('fade-in');
        void el.offsetWidth;
        el.classList.add('fade-in');
      }
    }
    // At most one heavy job per frame (one chart, or the maps), so that no frame's task
    // grows with the number of charts while the worker keeps the other core busy.
    let again = false;
    let busy = false;
    if (this.chartsDirty && this.pendingCharts === 0) {
      if (now - this.lastChart >= CHART_INTERVAL_MS) {
        this.pendingCharts = this.root.querySelectorAll('[data-chart]').length;
        this.nextChart = 0;
        this.lastChart = now;
        this.chartsDirty = false;
      } else again = true;
    }
    if (this.pendingCharts > 0) {
      this.drawChart(this.nextChart);
      this.nextChart++;
      this.pendingCharts--;
      busy = true;
      if (this.pendingCharts > 0) again = true;
    }
    if (this.mapsDirty) {
      if (busy) again = true;
      else {
        this.drawMaps();
        this.mapsDirty = false;
        this.options.onMapsDrawn?.();
      }
    }
    if (now - this.lastTable >= TABLE_INTERVAL_MS) {
      this.drawTable();
      this.lastTable = now;
    } else again = true;
    if (again) this.requestDraw();
  }

  /** Draw the chart in slot `slot` (the n-th `[data-chart]`) from the current records. */
  private drawChart(slot: number): void {
    // When the first trained step reached the screen (read by the browser benchmark).
    if (!this.root.dataset.firstTrainedFrame && (this.history.last()?.step ?? 0) > 0) {
      this.root.dataset.firstTrainedFrame = performance.now().toFixed(0);
    }
    const chart = this.root.querySelectorAll<HTMLElement>('[data-chart]')[slot];
    const target = chart?.querySelector<HTMLElement>('[data-plot]');
    const series = this.options.series(slot);
    if (!chart || !target || !series) return;
    target.replaceChildren(
      renderChart({
        metric: series,
        losses: this.scene?.losses ?? [],
        records: this.records,
        ghost: this.ghost,
        coverage: this.scene?.stats.coverage ?? null,
        lambda: this.lambda,
        width: Math.max(240, target.clientWidth || chart.clientWidth),
        text: this.text,
      }),
    );
  }

  private drawMaps(): void {
    const scene = this.scene;
    if (!scene) return;
    const { size } = scene;
    const n = Math.min(this.options.image(), scene.count - 1);
    const canvas = (key: string) => this.root.querySelector<HTMLCanvasElement>(`canvas[data-map="${key}"]`);
    const image = imageOf(scene.images, n, size);
    const imageCanvas = canvas('image');
    if (imageCanvas)
      drawMap(
        imageCanvas,
        size,
        { values: image, normalise: stretch(image), table: GREY },
        { labels: imageOf(scene.labels, n, size) },
      );
    const truthCanvas = canvas('truth');
    if (truthCanvas && scene.truth)
      drawMap(truthCanvas, size, { values: imageOf(scene.truth, n, size), normalise: (v) => v, table: GREY });
    this.say('image', this.text.t('control.imageOf', { n: n + 1, count: scene.count }));
    this.probabilityTable ??= lookupTable(probabilityColour());
    const truth = scene.truth ? imageOf(scene.truth, n, size) : undefined;
    const propensityCanvas = canvas('propensity');
    // Same colour scale as p, so that the reader can hold e(x) against full CE's p directly.
    if (propensityCanvas && this.propensity && this.propensity.length === scene.count * size * size) {
      drawMap(
        propensityCanvas,
        size,
        { values: imageOf(this.propensity, n, size), normalise: (v) => v, table: this.probabilityTable },
        {
          outline: truth,
          outlineRgb: OUTLINE_RGB,
        },
      );
    }
    if (!this.probabilities) return;
    scene.losses.forEach((loss, k) => {
      const c = canvas(`p-${loss}`);
      const p = this.probabilities?.[k];
      if (!c || !p) return;
      drawMap(
        c,
        size,
        { values: imageOf(p, n, size), normalise: (v) => v, table: this.probabilityTable as Rgb[] },
        {
          outline: truth,
          outlineRgb: OUTLINE_RGB,
        },
      );
      const e = canvas(`err-${loss}`);
      if (!e || !truth || !this.showsErrors(scene)) return;
      const categories = errorCategories(imageOf(p, n, size), truth, this.nearMask(scene, n));
      drawMap(e, size, { values: categories, normalise: (v) => v / 2, table: ERROR_TABLE }, { outline: truth });
    });
  }

  private drawTable(): void {
    const last = this.history.last();
    if (!last) return;
    const { t } = this.text;
    this.say('table-caption', t('trainer.valuesAt', { n: last.step }));
    for (const model of last.models) {
      const row = this.root.querySelector(`[data-row="${model.id}"]`);
      if (!row) continue;
      const set = (cell: string, text: string) => {
        const el = row.querySelector(`[data-cell="${cell}"]`);
        if (el) el.textContent = text;
      };
      set('loss', model.error ? t('trainer.cannotTrain') : fixed(model.loss, 3));
      for (const column of this.options.columns) set(column.id, fixed(column.value(model)));
      if (model.error) row.setAttribute('title', lossErrorText(this.text, model.error));
      else row.removeAttribute('title');
    }
  }
}
