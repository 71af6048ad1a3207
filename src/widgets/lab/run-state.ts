/**
 * The Lab's run as plain data: the settings, the synthetic scene or the reader's image, the
 * label editor, the label statistics, which charts show, and whether the models can train
 * and why not. No DOM: the controller turns the reader's actions into calls here and draws
 * the result, and `tests/unit/run-state.test.ts` drives it in Node.
 */
import { LOSS_INFO, type LossId, lossesRequiring, lossesWantingBothClasses } from '../../core/catalog';
import { buildDataset, type Dataset } from '../../core/dataset';
import { type LabelStats, labelStats } from '../../core/labels';
import {
  defaultSettings,
  formatValue,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
  withSettings,
} from '../../core/settings';
import { localizedPath } from '../../i18n/locales';
import { type UiText, uiText } from '../../i18n/ui';
import { resampleLabels, standardise } from '../../lab-page/image';
import { editsFromMap, type LabState, type ReadResult, toDocument } from '../../lab-page/lab-state';
import { LabelEditor, type Start } from '../../lab-page/label-editor';
import { type LabChartId, matchingPreset } from '../../lab-page/presets';
import { correctionReason } from '../../lab-page/words';
import { withBase } from '../../lib/base-path';
import type { CustomData } from '../../worker/protocol';
import { imageOf } from '../shared/draw';
import { chartNeedsTruth } from './chart-series';
import { modelPixels, type SourceImage } from './image-input';

export { imageRead, loadNotice, presetRead, sceneRead } from './run-reads';

/** Settings that move the scene's objects or pixels: strokes drawn before no longer fit. */
export const GEOMETRY_KEYS: readonly SettingKey[] = ['seed', 'size', 'images', 'shapes', 'radius'];
/** Settings that change the synthetic scene or its simulated labels. */
export const SCENE_KEYS: readonly SettingKey[] = [
  ...GEOMETRY_KEYS,
  'contrast',
  'noise',
  'labelType',
  'density',
  'background',
];
/** Where the chapter on foreground-only labels lives (the "only foreground" message links it). */
export const CHAPTER_FOUR = withBase('/chapters/foreground-only-labels/');

/** Where a run came from: named in the notice, and a draft's strokes are not yet saved elsewhere. */
export type RunSource = 'link' | 'file' | 'draft' | null;

/** The reader's image: the kept source (for other model sizes), its model bytes and standardised input. */
export interface OwnImage {
  source: SourceImage;
  pixels: Uint8Array;
  images: Float32Array;
}

/** One piece of a message: plain text, or a link. */
export type MessagePart = string | { text: string; href: string };

/** Whether the labels let the models train, and what the reader is told about them. */
export interface LabelVerdict {
  canTrain: boolean;
  level: '' | 'info' | 'warning';
  /** Empty when there is nothing to say. */
  parts: MessagePart[];
}

/** What a change of settings would do, worked out before anything changes (the page may ask first). */
export interface SettingsPlan {
  next: Settings;
  changed: SettingKey[];
  /** One line per value the schema corrected. */
  corrections: string[];
  /** `none`: nothing changed; `speed`: only the speed, the run goes on; `run`: a new run. */
  kind: 'none' | 'speed' | 'run';
  /** The new scene no longer fits strokes the reader has drawn, so they would be removed. */
  dropsStrokes: boolean;
}

/** The worker's `configure` payload for custom data, and the buffers to transfer with it. */
export interface CustomPayload {
  custom: CustomData | undefined;
  transfer: Transferable[];
}

/** True when two arrays hold the same numbers. */
export const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.prototype.every.call(a, (v, i) => v === b[i]);

const DEFAULT_CHARTS: [LabChartId, LabChartId] = ['recallUnlabeledFg', 'meanPUnlabeledFg'];
const NO_TRUTH_CHARTS: [LabChartId, LabChartId] = ['loss', 'labelAgreement'];

/** Losses named as in a sentence, from the loss table: "partial CE on foreground, nnPU". */
const inText = (ids: readonly LossId[], text: UiText): string =>
  ids.map((id) => text.t(`loss.${id}.inText`)).join(text.t('lab.list.comma'));

/** "a", "a and b", "a, b and c": the losses as the subject of a sentence. */
const asSubject = (ids: readonly LossId[], text: UiText): string => {
  const names = ids.map((id) => text.t(`loss.${id}.inText`));
  const last = names.at(-1) ?? '';
  if (names.length < 2) return last;
  if (names.length === 2) return text.t('lab.list.two', { first: names[0] as string, last });
  return text.t('lab.list.many', { rest: names.slice(0, -1).join(text.t('lab.list.comma')), last });
};

/** The Lab's run: settings, scene or image, labels, charts, and whether it can train. */
export class LabRun {
  settings: Settings = defaultSettings();
  /** The reader's image; null for the synthetic scene. */
  own: OwnImage | null = null;
  data: Dataset | null = null;
  editor: LabelEditor;
  stats: LabelStats;
  /** The image the reader draws on and whose maps show. */
  imageIndex = 0;
  charts: [LabChartId, LabChartId] = [...DEFAULT_CHARTS];
  /** Drawn labels not yet saved anywhere but this browser (a link with them, or a file). */
  dirty = false;

  /**
   * An empty placeholder (nothing labeled, so nothing trains) until `load` brings a run.
   * `text` gives the words of every message (the page's language; English by default).
   */
  constructor(private readonly text: UiText = uiText('en')) {
    const { size, images } = this.settings;
    this.editor = new LabelEditor(size, images, new Uint8Array(size * size * images), 'empty');
    this.stats = labelStats(this.editor.labels, null);
  }

  get hasTruth(): boolean {
    return this.own === null;
  }

  /**
   * Make `read` the current run: settings, image, labels, charts. `image` is the reader's
   * source image when it was just read (else the stored pixels stand in for it). Returns
   * the problems the reader must be told, one sentence each.
   */
  load(read: ReadResult, source: RunSource, image?: SourceImage): string[] {
    const problems = [...read.problems];
    const state = read.state;
    let settings = state.settings;
    if (state.image) {
      const kept = image ?? {
        name: state.image.name,
        side: state.image.size,
        gray: Float32Array.from(state.image.pixels, (v) => v / 255),
      };
      const pixels = image ? modelPixels(kept, settings.size) : state.image.pixels;
      this.own = { source: kept, pixels, images: standardise(pixels) };
      settings = { ...settings, size: image ? settings.size : state.image.size };
      this.data = null;
    } else {
      this.own = null;
      this.data = buildDataset(settings);
    }
    if (this.own && settings.losses.some((l) => LOSS_INFO[l].requires === 'truth')) {
      const rest = settings.losses.filter((l) => LOSS_INFO[l].requires !== 'truth');
      // Nothing left: the default comparison without the truth (full and partial CE).
      const fallback = defaultSettings().losses.filter((l) => LOSS_INFO[l].requires !== 'truth');
      settings = { ...settings, losses: rest.length > 0 ? rest : fallback };
    }
    this.settings = settings;
    const size = settings.size;
    const count = this.own ? 1 : settings.images;
    const simulated = this.data ? this.data.labels : new Uint8Array(size * size);
    const start: Start = this.own ? 'empty' : state.start;
    this.editor = new LabelEditor(size, count, simulated, start, state.edits ?? undefined);
    if (read.map && !sameArray(read.map, this.editor.labels)) {
      this.editor = new LabelEditor(size, count, simulated, 'empty', editsFromMap(read.map));
      if (state.edits || start === 'simulated') problems.push(this.text.t('lab.load.rebuilt'));
    }
    if (read.linkHadOwnImage) problems.push(this.text.t('lab.load.ownImageLink'));
    if (read.linkOmittedLabels) problems.push(this.text.t('lab.load.labelsOmitted'));
    this.imageIndex = Math.min(this.imageIndex, count - 1);
    // Labels from a link or a file are saved there; a draft's strokes are kept only in this browser.
    this.dirty = source === 'draft' && this.editor.edited;
    const preset = matchingPreset(settings);
    this.charts = preset ? [...preset.charts] : this.hasTruth ? [...DEFAULT_CHARTS] : [...NO_TRUTH_CHARTS];
    this.refreshStats();
    return problems;
  }

  /** The run as a link or a file describes it. */
  state(): LabState {
    const image = this.own ? { name: this.own.source.name, size: this.settings.size, pixels: this.own.pixels } : null;
    return {
      settings: this.settings,
      start: this.editor.start,
      edits: this.editor.edited ? this.editor.edits : null,
      image,
    };
  }

  /** The run as the JSON file (and the local draft) holds it. */
  documentText(): string {
    return `${JSON.stringify(toDocument(this.state(), this.editor.labels, this.stats.coverage, this.text.t), null, 1)}\n`;
  }

  /** The standardised pixels of the image the reader draws on. */
  currentImage(): Float32Array {
    if (this.own) return this.own.images;
    const size = this.editor.size;
    if (!this.data) return new Float32Array(size * size);
    return imageOf(this.data.images, this.imageIndex, size);
  }

  /** Show image `index` (0-based), kept within the run's images. */
  setImage(index: number): void {
    const n = Number.isFinite(index) ? Math.trunc(index) : 0;
    this.imageIndex = Math.max(0, Math.min(n, this.editor.count - 1));
  }

  /** Recount the labels (after every change of the editor, strokes in progress included). */
  refreshStats(): LabelStats {
    this.stats = labelStats(this.editor.labels, this.data?.truth ?? null);
    return this.stats;
  }

  /** Whether the current labels can train, and the message about them. */
  verdict(): LabelVerdict {
    const s = this.stats;
    const t = this.text.t;
    if (s.labeled === 0) {
      return { canTrain: false, level: 'warning', parts: [t('lab.verdict.nothing')] };
    }
    if (s.backgroundLabeled === 0) {
      return {
        canTrain: true,
        level: 'info',
        parts: [
          t('lab.verdict.onlyForeground', { losses: asSubject(lossesWantingBothClasses(), this.text) }),
          { text: t('lab.verdict.chapterFour'), href: localizedPath(this.text.locale, CHAPTER_FOUR) },
          t('lab.verdict.cures'),
        ],
      };
    }
    if (s.foregroundLabeled === 0) {
      return {
        canTrain: true,
        level: 'info',
        parts: [t('lab.verdict.onlyBackground', { losses: inText(lossesRequiring('foreground-labels'), this.text) })],
      };
    }
    return { canTrain: true, level: '', parts: [] };
  }

  /**
   * The losses after ticking (`on`) or clearing loss `id`; null when that would leave
   * none, since a comparison needs at least one.
   */
  toggleLoss(id: LossId, on: boolean): LossId[] | null {
    const losses = this.settings.losses.filter((l) => l !== id);
    if (on) losses.push(id);
    return losses.length > 0 ? losses : null;
  }

  /** Why loss `id` cannot be chosen now, or null when it can. */
  lossBlocked(id: LossId): string | null {
    return this.own && LOSS_INFO[id].requires === 'truth' ? this.text.t('lab.lossBlocked') : null;
  }

  /** Undo the last stroke or reset; true when the labels changed. */
  undo(): boolean {
    return this.editor.undo();
  }

  /** Redo what was undone; true when the labels changed. */
  redo(): boolean {
    return this.editor.redo();
  }

  /**
   * Start the labels over from nothing or from the simulated labels (an undo step). Returns
   * whether anything changed, or null when not possible (a reader's image has no simulated labels).
   */
  resetLabels(start: Start): boolean | null {
    if (start === 'simulated' && this.own) return null;
    const before = Array.from(this.editor.labels);
    const hadEdits = this.editor.edited;
    this.editor.reset(start);
    return hadEdits || !sameArray(before, this.editor.labels);
  }

  /** What `patch` would change; nothing changes until `commitSettings`. */
  planSettings(patch: Partial<Settings>): SettingsPlan {
    const result = withSettings(this.settings, patch);
    const next = result.settings;
    const changed = SETTING_KEYS.filter((k) => formatValue(next[k]) !== formatValue(this.settings[k]));
    const corrections = result.corrections.map((c) =>
      this.text.t('lab.train.correction', { key: c.key, message: correctionReason(c, this.text.t) }),
    );
    const kind = changed.length === 0 ? 'none' : changed.every((k) => k === 'speed') ? 'speed' : 'run';
    const moves = changed.some((k) => GEOMETRY_KEYS.includes(k));
    return { next, changed, corrections, kind, dropsStrokes: !this.own && moves && this.editor.edited };
  }

  /**
   * Apply a plan: a new scene (strokes kept when they still fit), or the reader's image at a
   * new size (strokes resampled with it). Returns whether drawn strokes were resampled.
   */
  commitSettings(plan: SettingsPlan): { resampled: boolean } {
    const { next, changed } = plan;
    if (plan.kind !== 'run' || !this.own) {
      const rebuild = plan.kind === 'run' && changed.some((k) => SCENE_KEYS.includes(k));
      this.settings = next;
      if (rebuild) {
        this.data = buildDataset(next);
        if (changed.some((k) => GEOMETRY_KEYS.includes(k)))
          this.editor = new LabelEditor(next.size, next.images, this.data.labels, this.editor.start);
        else this.editor.setSimulated(this.data.labels);
        this.imageIndex = Math.min(this.imageIndex, next.images - 1);
      }
      this.refreshStats();
      return { resampled: false };
    }
    this.settings = next;
    const resampled = changed.includes('size') ? this.resizeOwn(next.size) : false;
    this.refreshStats();
    return { resampled };
  }

  /** A new model size for the reader's image: resample it from the kept source, and the strokes with it. */
  private resizeOwn(size: number): boolean {
    if (!this.own) return false;
    const edits = resampleLabels(this.editor.edits, this.editor.size, size);
    const pixels = modelPixels(this.own.source, size);
    this.own = { ...this.own, pixels, images: standardise(pixels) };
    this.editor = new LabelEditor(size, 1, new Uint8Array(size * size), 'empty', edits);
    return this.editor.edited;
  }

  /** Show `id` in chart `slot`. */
  setChart(slot: number, id: LabChartId): void {
    if (slot === 0 || slot === 1) this.charts[slot] = id;
  }

  /** The charts to show, with truth-only charts replaced when there is no truth. */
  fitCharts(): [LabChartId, LabChartId] {
    if (!this.hasTruth) {
      this.charts = this.charts.map((id, slot) => (chartNeedsTruth(id) ? NO_TRUTH_CHARTS[slot] : id)) as [
        LabChartId,
        LabChartId,
      ];
    }
    return this.charts;
  }

  /** What the worker trains on when it is not the settings' own scene: a reader's image or drawn labels. */
  customData(): CustomPayload {
    const labels = this.editor.labels;
    let custom: CustomData | undefined;
    if (this.own) {
      custom = {
        size: this.settings.size,
        count: 1,
        images: Float32Array.from(this.own.images),
        labels: Uint8Array.from(labels),
        truth: null,
      };
    } else if (this.data && !sameArray(labels, this.data.labels)) {
      const d = this.data;
      custom = {
        size: d.size,
        count: d.count,
        images: Float32Array.from(d.images),
        clean: d.clean ? Float32Array.from(d.clean) : null,
        noise: d.noise,
        labels: Uint8Array.from(labels),
        truth: d.truth ? Uint8Array.from(d.truth) : null,
      };
    }
    const transfer: Transferable[] = custom
      ? [
          custom.images.buffer,
          custom.labels.buffer,
          ...(custom.truth ? [custom.truth.buffer] : []),
          ...(custom.clean ? [custom.clean.buffer] : []),
        ]
      : [];
    return { custom, transfer };
  }

  /** The line under the image picker about the reader's image, empty for the scene. */
  imageStatus(): string {
    if (!this.own) return '';
    const { name, side } = this.own.source;
    const size = this.settings.size;
    return this.text.t(side < size ? 'lab.image.statusUpscaled' : 'lab.image.status', { name, size, side });
  }

  /** The true class prior π of the scene, or null for a reader's image. */
  truePrior(): number | null {
    return this.data?.scene?.prior ?? null;
  }
}
