/**
 * Drives the Lab page: the label editor and its drawing surface, the reader's image, the
 * settings, the presets, and one lab worker that trains every chosen loss in lockstep.
 * It keeps the URL hash and a local draft in step with the run, and exports it.
 */
import { LOSS_INFO, type LossId } from '../../lab/catalog';
import { buildDataset, type Dataset } from '../../lab/dataset';
import { standardise } from '../../lab/image';
import { LabelEditor, type Tool } from '../../lab/label-editor';
import { labelStats, type LabelStats } from '../../lab/labels';
import {
  DRAW_SEGMENT,
  editsFromMap,
  LAB_SEGMENT,
  planHash,
  readDocument,
  readHash,
  toDocument,
  type LabImage,
  type LabState,
  type ReadResult,
} from '../../lab/lab-state';
import { matchingPreset, PRESETS, presetSettings, type LabChartId, type Preset } from '../../lab/presets';
import { defaultSettings, formatValue, SETTING_KEYS, serializeSettings, withSettings, type SettingKey, type Settings } from '../../lab/settings';
import { LabClient } from '../../worker/client';
import type { BackendChoice, CustomData, FromWorker, SceneMessage } from '../../worker/protocol';
import { LOSS_COLORS, LOSS_DASHED } from '../../styles/palette';
import { bindControls, type BoundControls } from '../shared/controls';
import { runToCsv } from '../shared/csv';
import { chartsToPng, downloadBlob } from '../shared/download';
import { imageOf } from '../shared/draw';
import { fixed } from '../shared/format';
import { readSegment, writeSegment } from '../shared/hash';
import { bindNotice, type NoticeHandle } from '../shared/notice';
import { RunDisplay } from '../shared/run-display';
import { recallProbe } from '../shared/probe-cache';
import { chartOption, CHART_OPTIONS } from './chart-series';
import { DrawSurface } from './draw-surface';
import { modelPixels, readImageFile, type SourceImage } from './image-input';

const STORAGE_KEY = 'partial-ce:lab';
const PREVIOUS_KEY = 'partial-ce:lab:previous';
const CHAPTER_FOUR = '/chapters/foreground-only-labels/';
/** `#preset:<id>` opens the Lab on a preset. */
const PRESET_SEGMENT = 'preset';
const SAVE_DELAY_MS = 300;
/** Settings that move the scene's objects or pixels: strokes drawn before no longer fit. */
const GEOMETRY_KEYS: SettingKey[] = ['seed', 'size', 'images', 'shapes', 'radius'];
/** Settings that change the synthetic scene or its simulated labels. */
const SCENE_KEYS: SettingKey[] = [...GEOMETRY_KEYS, 'contrast', 'noise', 'labelType', 'density', 'background'];

interface Draft {
  hash: string;
  text: string;
}

const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v, i) => v === b[i]);

export class LabController {
  private readonly root: HTMLElement;
  private readonly notice: NoticeHandle;
  private readonly controls: BoundControls;
  private readonly surface: DrawSurface;
  private readonly view: RunDisplay;
  private client: LabClient | null = null;

  private settings: Settings = defaultSettings();
  /** The reader's image; null for the synthetic scene. */
  private own: { source: SourceImage; pixels: Uint8Array; images: Float32Array } | null = null;
  private data: Dataset | null = null;
  private editor!: LabelEditor;
  private stats!: LabelStats;
  private imageIndex = 0;
  private tool: Tool = 'foreground';
  private radius = 1;
  private charts: [LabChartId, LabChartId] = ['recallUnlabeledFg', 'meanPUnlabeledFg'];
  /** Drawn labels not yet saved anywhere but this browser (a link with them, or a file). */
  private dirty = false;
  private busy = false;

  private wantsPlay = false;
  private labelsIncluded = true;
  private linkLength = 0;

  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  constructor(root: HTMLElement) {
    this.root = root;
    this.notice = bindNotice(root);
    this.view = new RunDisplay(root, {
      series: (slot) => chartOption(this.charts[slot] as string)?.series ?? null,
      columns: CHART_OPTIONS.filter((o) => o.id !== 'loss').map((o) => ({ id: o.id, value: o.series.value })),
      image: () => this.imageIndex,
    });
    this.controls = bindControls(root, (patch, commit) => this.onSettings(patch, commit));
    this.surface = new DrawSurface(root.querySelector('[data-surface]') as HTMLElement, this.out('cursor'), {
      editor: () => this.editor,
      image: () => this.currentImage(),
      imageIndex: () => this.imageIndex,
      tool: () => this.tool,
      setTool: (t) => this.setTool(t),
      radius: () => this.radius,
      setRadius: (r) => this.setRadius(r),
      painted: () => this.onPainted(),
      strokeEnded: (changed) => this.onLabelsChanged(changed),
      undo: () => this.undo(),
      redo: () => this.redo(),
      enabled: () => !this.busy,
    });
    this.bindInputs();
    this.loadInitial();
    this.startWorker();
    new ResizeObserver(() => this.view.redrawCharts()).observe(root.querySelector('.charts') as Element);
    document.addEventListener('visibilitychange', () => this.syncPlay());
    window.addEventListener('beforeunload', (event) => {
      this.saveNow();
      if (!this.dirty) return;
      event.preventDefault();
      event.returnValue = '';
    });
    window.addEventListener('hashchange', () => this.onHashChange());
  }

  // ---------------------------------------------------------------- state

  private out(name: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`[data-out="${name}"]`);
  }

  private say(name: string, text: string): void {
    const el = this.out(name);
    if (el) el.textContent = text;
  }

  private get hasTruth(): boolean {
    return this.own === null;
  }

  private currentImage(): Float32Array {
    const size = this.editor.size;
    if (this.own) return this.own.images;
    return imageOf((this.data as Dataset).images, this.imageIndex, size);
  }

  /** The run as a link or a file describes it. */
  private state(): LabState {
    const image: LabImage | null = this.own ? { name: this.own.source.name, size: this.settings.size, pixels: this.own.pixels } : null;
    return { settings: this.settings, start: this.editor.start, edits: this.editor.edited ? this.editor.edits : null, image };
  }

  /** First state: a link, else this browser's draft, else the defaults. */
  private loadInitial(): void {
    const hash = window.location.hash;
    const lab = readSegment(hash, LAB_SEGMENT);
    const draw = readSegment(hash, DRAW_SEGMENT);
    const draft = this.readDraft();
    const preset = PRESETS.find((p) => p.id === readSegment(hash, PRESET_SEGMENT));
    if (preset && lab === null) {
      // `#preset:<id>`: how a chapter links to its claim here.
      if (draft) this.offerRestore(draft);
      history.replaceState(history.state, '', window.location.pathname + window.location.search);
      this.apply(this.presetRead(preset), { source: null });
      return;
    }
    if (lab === null && draw === null) {
      if (draft) {
        this.apply(readDocument(draft.text, defaultSettings()), { source: 'draft' });
        return;
      }
      this.apply(readHash(null, null, defaultSettings()), { source: null });
      return;
    }
    const read = readHash(lab, draw, defaultSettings());
    if (draft && draft.hash === hash) {
      // A reload of this page: the draft holds everything, including what a link cannot.
      this.apply(readDocument(draft.text, defaultSettings()), { source: 'draft' });
      return;
    }
    if (draft && (read.linkHadOwnImage || read.linkOmittedLabels)) {
      const fromDraft = readDocument(draft.text, defaultSettings());
      if (serializeSettings(fromDraft.state.settings) === serializeSettings(read.state.settings)) {
        this.apply(fromDraft, { source: 'draft' });
        return;
      }
    }
    if (draft) this.offerRestore(draft);
    this.apply(read, { source: 'link' });
  }

  private readDraft(): Draft | null {
    try {
      const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Draft> | null;
      if (value && typeof value.hash === 'string' && typeof value.text === 'string') return { hash: value.hash, text: value.text };
    } catch {
      // A damaged draft is ignored; the page starts from the link or the defaults.
    }
    return null;
  }

  /** Keep a draft the link is about to replace, and offer it back. */
  private offerRestore(draft: Draft): void {
    const doc = readDocument(draft.text, defaultSettings());
    if (!doc.state.edits && !doc.state.image) return;
    try {
      localStorage.setItem(PREVIOUS_KEY, JSON.stringify(draft));
    } catch {
      return;
    }
    const box = this.root.querySelector<HTMLElement>('[data-restore]');
    const text = this.root.querySelector<HTMLElement>('[data-restore-text]');
    if (!box || !text) return;
    text.textContent = doc.state.image
      ? `The link replaced the run you had here, on your image “${doc.state.image.name}”. It is kept in this browser.`
      : 'The link replaced the labels you had drawn here. They are kept in this browser.';
    box.hidden = false;
  }

  private restorePrevious(): void {
    try {
      const value = JSON.parse(localStorage.getItem(PREVIOUS_KEY) ?? 'null') as Draft | null;
      if (!value) return;
      this.apply(readDocument(value.text, defaultSettings()), { source: 'draft' });
      localStorage.removeItem(PREVIOUS_KEY);
      this.store();
    } catch {
      this.notice.show('The earlier run could not be read back.', 'warning');
    }
    const box = this.root.querySelector<HTMLElement>('[data-restore]');
    if (box) box.hidden = true;
  }

  /**
   * Make `read` the current run: settings, image, labels. `source` names where it came from
   * for the notice; problems are listed there.
   */
  private apply(read: ReadResult, options: { source: 'link' | 'file' | 'draft' | null; image?: SourceImage; fileName?: string }): void {
    const problems = [...read.problems];
    const state = read.state;
    let settings = state.settings;
    if (state.image) {
      const source = options.image ?? {
        name: state.image.name,
        side: state.image.size,
        gray: Float32Array.from(state.image.pixels, (v) => v / 255),
      };
      const pixels = options.image ? modelPixels(source, settings.size) : state.image.pixels;
      this.own = { source, pixels, images: standardise(pixels) };
      settings = { ...settings, size: options.image ? settings.size : state.image.size };
      this.data = null;
    } else {
      this.own = null;
      this.data = buildDataset(settings);
    }
    if (this.own && settings.losses.includes('oracle')) {
      const rest = settings.losses.filter((l) => l !== 'oracle');
      settings = { ...settings, losses: rest.length > 0 ? rest : ['full', 'partial'] };
    }
    this.settings = settings;
    const size = settings.size;
    const count = this.own ? 1 : settings.images;
    const simulated = this.data ? this.data.labels : new Uint8Array(size * size);
    const start = this.own ? 'empty' : state.start;
    this.editor = new LabelEditor(size, count, simulated, start, state.edits ?? undefined);
    if (read.map && !sameArray(read.map, this.editor.labels)) {
      this.editor = new LabelEditor(size, count, simulated, 'empty', editsFromMap(read.map));
      if (state.edits || start === 'simulated') problems.push('The labels were rebuilt from the label map stored in the file.');
    }
    if (read.linkHadOwnImage) problems.push('This link was made on the sender’s own image, which links cannot carry; ask for their JSON file. The synthetic scene is shown instead.');
    if (read.linkOmittedLabels) problems.push('The drawn labels of this run were too long for the link, so the simulated labels are shown; the sender can share the run as a JSON file.');
    this.imageIndex = Math.min(this.imageIndex, count - 1);
    // Labels from a link or a file are saved there; a draft's strokes are kept only in this browser.
    this.dirty = options.source === 'draft' && this.editor.edited;
    const preset = matchingPreset(settings);
    this.charts = preset ? [...preset.charts] : this.hasTruth ? ['recallUnlabeledFg', 'meanPUnlabeledFg'] : ['loss', 'labelAgreement'];
    this.view.ghost = null;
    this.controls.show(settings);
    this.showMode();
    this.afterLabels();
    if (problems.length > 0) {
      const where =
        options.source === 'file' ? `The file ${options.fileName ? `“${options.fileName}” ` : ''}` : options.source === 'draft' ? 'The run kept in this browser' : 'The link';
      this.notice.show(`${where} could not be used entirely. ${problems.join(' ')}`, 'warning');
    } else if (options.source === 'file') {
      this.notice.show(`Loaded ${options.fileName ? `“${options.fileName}”` : 'the file'}: the settings and labels of that run.`, 'info');
    }
    this.configure();
  }

  // ---------------------------------------------------------------- inputs

  private bindInputs(): void {
    const on = (action: string, fn: () => void) =>
      this.root.querySelectorAll<HTMLButtonElement>(`[data-action="${action}"]`).forEach((b) => b.addEventListener('click', fn));
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
      this.view.ghost = null;
      this.client?.send({ type: 'reset' });
      this.view.workerPlaying = false;
    });
    on('undo', () => this.undo());
    on('redo', () => this.redo());
    on('clear', () => this.resetLabels('empty'));
    on('simulated', () => this.resetLabels('simulated'));
    on('scene', () => this.backToScene());
    on('csv', () => this.downloadCsv());
    on('png', () => void this.downloadPng());
    on('json', () => this.downloadJson());
    on('copy-link', () => void this.copyLink());
    on('restore', () => this.restorePrevious());
    on('restore-dismiss', () => {
      const box = this.root.querySelector<HTMLElement>('[data-restore]');
      if (box) box.hidden = true;
    });
    for (const button of this.root.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
      button.addEventListener('click', () => this.loadPreset(button.dataset.preset ?? ''));
    }
    for (const radio of this.root.querySelectorAll<HTMLInputElement>('[data-tool]')) {
      radio.addEventListener('change', () => {
        if (radio.checked) this.setTool(radio.value as Tool);
      });
    }
    const brush = this.root.querySelector<HTMLInputElement>('[data-brush]');
    brush?.addEventListener('input', () => this.setRadius(Number(brush.value)));
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    picker?.addEventListener('input', () => {
      this.imageIndex = Number(picker.value) - 1;
      this.surface.render();
      this.view.redrawMaps();
    });
    for (const box of this.root.querySelectorAll<HTMLInputElement>('[data-loss]')) {
      box.addEventListener('change', () => this.onLossToggle(box));
    }
    for (const select of this.root.querySelectorAll<HTMLSelectElement>('[data-chart-select]')) {
      select.addEventListener('change', () => {
        const slot = Number(select.dataset.chartSelect);
        this.charts[slot] = select.value as LabChartId;
        this.view.redrawCharts();
      });
    }
    const backend = this.root.querySelector<HTMLSelectElement>('[data-backend]');
    backend?.addEventListener('change', () => {
      this.view.keepGhost();
      this.client?.send({ type: 'backend', choice: backend.value as BackendChoice });
      this.say('backend', `· switching to ${backend.value}…`);
    });
    const file = this.root.querySelector<HTMLInputElement>('[data-image-file]');
    file?.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) void this.loadImage(f);
    });
    const importer = this.root.querySelector<HTMLInputElement>('[data-import-file]');
    importer?.addEventListener('change', () => {
      const f = importer.files?.[0];
      importer.value = '';
      if (f) void this.importJson(f);
    });
    for (const zone of this.root.querySelectorAll<HTMLElement>('[data-dropzone], [data-surface]')) {
      zone.addEventListener('dragover', (e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        zone.classList.add('dragging');
      });
      zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
      zone.addEventListener('drop', (e) => {
        e.preventDefault();
        zone.classList.remove('dragging');
        const f = e.dataTransfer?.files[0];
        if (f) void this.loadImage(f);
      });
    }
  }

  private setTool(tool: Tool): void {
    this.tool = tool;
    for (const radio of this.root.querySelectorAll<HTMLInputElement>('[data-tool]')) radio.checked = radio.value === tool;
    this.surface.render();
  }

  private setRadius(radius: number): void {
    this.radius = radius;
    const brush = this.root.querySelector<HTMLInputElement>('[data-brush]');
    const text = `${2 * radius + 1} px`;
    if (brush) {
      brush.value = String(radius);
      brush.setAttribute('aria-valuetext', text);
    }
    this.say('brush', text);
    this.surface.render();
  }

  // ---------------------------------------------------------------- labels

  private onPainted(): void {
    this.updateStats();
  }

  /** After a stroke, undo, redo or reset: new labels train from step 0. */
  private onLabelsChanged(changed: boolean): void {
    this.updateStats();
    this.updateUndo();
    if (!changed) return;
    this.dirty = true;
    this.restart();
    this.store();
  }

  private undo(): void {
    this.onLabelsChanged(this.editor.undo());
    this.surface.render();
  }

  private redo(): void {
    this.onLabelsChanged(this.editor.redo());
    this.surface.render();
  }

  private resetLabels(start: 'empty' | 'simulated'): void {
    if (start === 'simulated' && this.own) return;
    const before = Array.from(this.editor.labels);
    const hadEdits = this.editor.edited;
    this.editor.reset(start);
    this.surface.render();
    this.onLabelsChanged(hadEdits || !sameArray(before, this.editor.labels));
  }

  private updateUndo(): void {
    const set = (action: string, enabled: boolean) => {
      const b = this.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
      if (b) b.disabled = !enabled;
    };
    set('undo', this.editor.canUndo);
    set('redo', this.editor.canRedo);
    set('simulated', !this.own);
  }

  /** Density, coverage and the messages about the labels; training is off without any. */
  private updateStats(): void {
    this.stats = labelStats(this.editor.labels, this.data?.truth ?? null);
    const s = this.stats;
    this.say('density', fixed(s.density, 3));
    this.say('coverage', s.coverage === null ? 'needs ground truth' : fixed(s.coverage, 3));
    this.say('labeled', `${s.foregroundLabeled} / ${s.backgroundLabeled} of ${s.pixels}`);
    const message = this.out('label-message');
    if (message) {
      message.replaceChildren();
      message.dataset.level = '';
      if (s.labeled === 0) {
        message.textContent = 'Nothing is labeled, so no loss can train. Draw at least one stroke (or press “Simulated labels”).';
        message.dataset.level = 'warning';
      } else if (s.backgroundLabeled === 0) {
        const link = document.createElement('a');
        link.href = CHAPTER_FOUR;
        link.textContent = 'chapter 4';
        message.append('Only foreground is labeled: partial CE can then call every pixel foreground. This is the degenerate case of ', link, '; nnPU or one background stroke are the cures.');
        message.dataset.level = 'info';
      } else if (s.foregroundLabeled === 0) {
        message.textContent = 'Only background is labeled: the losses that learn from foreground labels (partial CE on foreground, nnPU) cannot train.';
        message.dataset.level = 'info';
      }
    }
    this.setReady(this.view.scene !== null);
  }

  /** Everything that follows a new editor: stats, canvas, buttons, picker. */
  private afterLabels(): void {
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    if (picker) {
      picker.max = String(this.editor.count);
      picker.value = String(this.imageIndex + 1);
      picker.disabled = this.editor.count === 1;
    }
    this.say('image', `${this.imageIndex + 1} of ${this.editor.count}`);
    this.updateStats();
    this.updateUndo();
    this.surface.render();
    this.updateHash();
  }

  // ---------------------------------------------------------------- settings

  private onSettings(patch: Partial<Settings>, commit: boolean): void {
    if (!commit) return;
    const result = withSettings(this.settings, patch);
    const next = result.settings;
    const changed = SETTING_KEYS.filter((k) => formatValue(next[k]) !== formatValue(this.settings[k]));
    if (changed.length === 0) {
      this.controls.show(this.settings);
      return;
    }
    if (result.corrections.length > 0) {
      this.notice.show(result.corrections.map((c) => `${c.key}: ${c.message}`).join('; '), 'info');
    }
    if (changed.every((k) => k === 'speed')) {
      this.settings = next;
      this.client?.send({ type: 'speed', stepsPerSecond: next.speed });
      this.updateHash();
      this.store();
      return;
    }
    if (this.own) {
      this.settings = next;
      if (changed.includes('size')) {
        this.resizeOwn(next.size);
        this.showImageStatus();
      }
    } else if (changed.some((k) => SCENE_KEYS.includes(k))) {
      const moves = changed.some((k) => GEOMETRY_KEYS.includes(k));
      if (moves && this.editor.edited && !window.confirm('This setting draws a new scene, so your strokes no longer fit it and will be removed. Continue?')) {
        this.controls.show(this.settings);
        return;
      }
      this.settings = next;
      this.data = buildDataset(next);
      if (moves) this.editor = new LabelEditor(next.size, next.images, this.data.labels, this.editor.start);
      else this.editor.setSimulated(this.data.labels);
      this.imageIndex = Math.min(this.imageIndex, next.images - 1);
    } else {
      this.settings = next;
    }
    this.showPrior();
    this.afterLabels();
    this.restart();
    this.store();
  }

  /** A new model size for the reader's image: resample it from the kept source, and the strokes with it. */
  private resizeOwn(size: number): void {
    if (!this.own) return;
    const from = this.editor.size;
    const edits = this.editor.edits;
    const resampled = new Uint8Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const sx = Math.min(from - 1, Math.floor(((x + 0.5) * from) / size));
        const sy = Math.min(from - 1, Math.floor(((y + 0.5) * from) / size));
        resampled[y * size + x] = edits[sy * from + sx] as number;
      }
    }
    const pixels = modelPixels(this.own.source, size);
    this.own = { ...this.own, pixels, images: standardise(pixels) };
    this.editor = new LabelEditor(size, 1, new Uint8Array(size * size), 'empty', resampled);
    if (this.editor.edited) this.notice.show(`Your strokes were resampled to ${size} × ${size} pixels with the image.`, 'info');
  }

  private onLossToggle(box: HTMLInputElement): void {
    const id = box.value as LossId;
    let losses = this.settings.losses.filter((l) => l !== id);
    if (box.checked) losses = [...losses, id];
    if (losses.length === 0) {
      box.checked = true;
      this.notice.show('Compare at least one loss.', 'info');
      return;
    }
    this.onSettings({ losses }, true);
  }

  /** Show what depends on the mode: loss boxes, chart choices, table columns, scene settings. */
  private showMode(): void {
    const own = this.own !== null;
    for (const box of this.root.querySelectorAll<HTMLInputElement>('[data-loss]')) {
      const id = box.value as LossId;
      box.checked = this.settings.losses.includes(id);
      const needsTruth = LOSS_INFO[id].needsTruth;
      box.disabled = own && needsTruth;
      const why = this.root.querySelector<HTMLElement>(`[data-loss-why="${id}"]`);
      if (why) why.textContent = own && needsTruth ? 'Needs the ground truth, which your image does not have.' : '';
    }
    for (const option of this.root.querySelectorAll<HTMLOptionElement>('option[data-needs-truth]')) option.disabled = own;
    for (const cell of this.root.querySelectorAll<HTMLElement>('th[data-needs-truth]')) cell.hidden = own;
    const sceneSettings = this.root.querySelector<HTMLFieldSetElement>('[data-scene-settings]');
    const simulatedSettings = this.root.querySelector<HTMLFieldSetElement>('[data-simulated-settings]');
    if (sceneSettings) sceneSettings.disabled = own;
    if (simulatedSettings) simulatedSettings.disabled = own;
    this.say('scene-note', own ? 'Your own image is in use, so these do not apply.' : 'These shape the generated images.');
    const back = this.root.querySelector<HTMLButtonElement>('[data-action="scene"]');
    if (back) back.hidden = !own;
    this.say(
      'truth-note',
      own
        ? 'Your image has no ground truth, so recall, mean p on unlabeled foreground, background FPR and IoU cannot be measured. The charts show the loss, agreement with your labels and the share predicted foreground.'
        : '',
    );
    this.showImageStatus();
    this.root.dataset.mode = own ? 'own' : 'scene';
    this.showCharts();
    this.showPrior();
  }

  private showImageStatus(): void {
    const status = this.out('image-status');
    if (status) status.dataset.level = '';
    this.say('image-status', this.own ? `Using your image “${this.own.source.name}” at ${this.settings.size} × ${this.settings.size} pixels.` : '');
  }

  private showCharts(): void {
    this.root.querySelectorAll<HTMLSelectElement>('[data-chart-select]').forEach((select, slot) => {
      let id = this.charts[slot] as LabChartId;
      if (!this.hasTruth && chartOption(id)?.needsTruth) {
        id = slot === 0 ? 'loss' : 'labelAgreement';
        this.charts[slot] = id;
      }
      select.value = id;
    });
    this.view.redrawCharts();
  }

  private showPrior(): void {
    const prior = this.data?.scene?.prior;
    this.say('true-prior', prior !== undefined && prior !== null ? `The true π of this scene is ${fixed(prior)}.` : 'Your image’s true π is unknown.');
  }

  private presetRead(preset: Preset): ReadResult {
    return { state: { settings: presetSettings(preset), start: 'simulated', edits: null, image: null }, problems: [], map: null, linkHadOwnImage: false, linkOmittedLabels: false };
  }

  private loadPreset(id: string): void {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) return;
    if ((this.editor.edited || this.own) && !window.confirm(`Load “${preset.title}”? It replaces your ${this.own ? 'image and ' : ''}drawn labels with the preset’s simulated ones.`)) return;
    this.imageIndex = 0;
    this.apply(this.presetRead(preset), { source: null });
    this.dirty = false;
    this.notice.show(`Loaded the preset “${preset.title}”: ${preset.setting}`, 'info');
    this.wantsPlay = !this.reducedMotion;
    this.store();
    this.root.querySelector('.lab-train')?.scrollIntoView({ behavior: this.reducedMotion ? 'auto' : 'smooth', block: 'start' });
  }

  // ---------------------------------------------------------------- images and files

  private async loadImage(file: File): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.say('image-status', `Reading “${file.name}”…`);
    const status = this.out('image-status');
    if (status) status.dataset.level = '';
    try {
      const outcome = await readImageFile(file);
      if (!outcome.ok) {
        if (status) status.dataset.level = 'warning';
        this.say('image-status', `“${file.name}” was not used. ${outcome.reason} The current ${this.own ? 'image' : 'scene'} and labels stay as they were.`);
        return;
      }
      if (this.editor.edited && !window.confirm('Use this image? Your drawn labels belong to the current image and will be removed.')) {
        this.say('image-status', `“${file.name}” was not used; your labels stay.`);
        return;
      }
      const pixels = modelPixels(outcome.image, this.settings.size);
      this.imageIndex = 0;
      this.apply(
        {
          state: { settings: this.settings, start: 'empty', edits: null, image: { name: outcome.image.name, size: this.settings.size, pixels } },
          problems: [],
          map: null,
          linkHadOwnImage: false,
          linkOmittedLabels: false,
        },
        { source: null, image: outcome.image },
      );
      this.notice.show(`Your image “${outcome.image.name}” is in use at ${this.settings.size} × ${this.settings.size} pixels. Draw foreground and background strokes on it, then press Play.`, 'info');
      this.store();
    } finally {
      this.busy = false;
    }
  }

  private backToScene(): void {
    if (!this.own) return;
    if (this.editor.edited && !window.confirm('Go back to the synthetic scene? Your labels on your image will be removed.')) return;
    this.apply({ state: { settings: this.settings, start: 'simulated', edits: null, image: null }, problems: [], map: null, linkHadOwnImage: false, linkOmittedLabels: false }, { source: null });
    this.dirty = false;
    this.store();
  }

  private async importJson(file: File): Promise<void> {
    if (file.size > 50 * 1024 * 1024) {
      this.notice.show(`“${file.name}” is too large to be a Lab file.`, 'warning');
      return;
    }
    const text = await file.text();
    this.imageIndex = 0;
    this.apply(readDocument(text, defaultSettings()), { source: 'file', fileName: file.name });
    this.store();
  }

  private document(): string {
    return `${JSON.stringify(toDocument(this.state(), this.editor.labels, this.stats.coverage), null, 1)}\n`;
  }

  private downloadJson(): void {
    downloadBlob(new Blob([this.document()], { type: 'application/json' }), `partial-ce-lab-seed${this.settings.seed}${this.own ? '-own-image' : ''}.json`);
    this.dirty = false;
    this.say('json-note', this.own ? 'The JSON file includes your image at the model’s resolution, so importing it reproduces this run.' : 'The JSON file holds the settings and the labels; the synthetic scene is rebuilt from the settings, so no image is included.');
  }

  private downloadCsv(): void {
    const csv = runToCsv(serializeSettings(this.settings), this.view.records);
    downloadBlob(new Blob([csv], { type: 'text/csv' }), `partial-ce-lab-seed${this.settings.seed}-step${this.view.step}.csv`);
  }

  /** The charts above the maps, in one PNG. */
  private async downloadPng(): Promise<void> {
    try {
      const svgs = [...this.root.querySelectorAll<SVGSVGElement>('[data-plot] svg')];
      const charts = await createImageBitmap(await chartsToPng(svgs));
      const maps = [...this.root.querySelectorAll<HTMLCanvasElement>('[data-maps] canvas')];
      const scale = 2;
      const tile = 150 * scale;
      const gap = 16 * scale;
      const caption = 18 * scale;
      const perRow = Math.max(1, Math.floor((charts.width - gap) / (tile + gap)));
      const rows = Math.ceil(maps.length / perRow);
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(charts.width, perRow * (tile + gap) + gap);
      canvas.height = charts.height + rows * (tile + caption + gap) + gap;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      const style = getComputedStyle(this.root);
      ctx.fillStyle = getComputedStyle(document.body).backgroundColor || '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(charts, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.fillStyle = style.color;
      ctx.font = `${12 * scale}px ${style.fontFamily}`;
      maps.forEach((map, i) => {
        const x = gap + (i % perRow) * (tile + gap);
        const y = charts.height + Math.floor(i / perRow) * (tile + caption + gap);
        ctx.drawImage(map, x, y, tile, tile);
        ctx.fillText(map.getAttribute('aria-label') ?? '', x, y + tile + 14 * scale, tile);
      });
      const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
      downloadBlob(blob, `partial-ce-lab-seed${this.settings.seed}-step${this.view.step}.png`);
    } catch (error) {
      this.notice.show(`The PNG could not be made: ${error instanceof Error ? error.message : String(error)}`, 'warning');
    }
  }

  private async copyLink(): Promise<void> {
    this.updateHash();
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      this.say('share', `${this.shareText()} Copied to the clipboard.`);
    } catch {
      window.prompt('Copy this link:', link);
    }
    if (this.labelsIncluded && !this.own) this.dirty = false;
  }

  // ---------------------------------------------------------------- hash and draft

  private updateHash(): void {
    const prefix = window.location.href.length - window.location.hash.length;
    const plan = planHash(this.state(), prefix);
    let hash = writeSegment(window.location.hash, LAB_SEGMENT, plan.lab);
    hash = writeSegment(hash, DRAW_SEGMENT, plan.draw);
    if (hash !== window.location.hash) history.replaceState(history.state, '', hash);
    this.labelsIncluded = plan.labelsIncluded;
    this.linkLength = prefix + hash.length;
    this.say('share', this.shareText());
    const share = this.out('share');
    if (share) share.dataset.level = this.labelsIncluded && !this.own ? '' : 'warning';
  }

  private shareText(): string {
    if (this.own) return 'A link cannot carry your own image: the address holds the settings only. Share the run as a JSON file, which includes the image at the model’s resolution.';
    if (!this.labelsIncluded) return `Your drawn labels are too detailed for a link (it would pass 2000 characters), so the address holds the settings only. Download the JSON file to share or keep the labels.`;
    return `The address reproduces this run: every setting${this.editor.edited ? ' and your drawn labels' : ''} (${this.linkLength} characters).`;
  }

  private onHashChange(): void {
    const lab = readSegment(window.location.hash, LAB_SEGMENT);
    const draw = readSegment(window.location.hash, DRAW_SEGMENT);
    const expected = planHash(this.state(), window.location.href.length - window.location.hash.length);
    if (lab === expected.lab && draw === expected.draw) return;
    this.apply(readHash(lab, draw, defaultSettings()), { source: 'link' });
  }

  /** Keep the run in this browser (debounced), so that a reload loses nothing. */
  private store(): void {
    this.updateHash();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  private saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ hash: window.location.hash, text: this.document() }));
    } catch {
      this.say('json-note', 'This browser did not let the page keep the run locally; download the JSON file to keep it.');
    }
  }

  // ---------------------------------------------------------------- worker

  private startWorker(): void {
    if (typeof Worker === 'undefined') {
      this.say('backend', 'This browser cannot run Web Workers, so the models cannot train here.');
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
    const remembered = recallProbe();
    if (remembered) this.client.send({ type: 'backend', choice: remembered.name, remembered: remembered.reason });
    this.configure();
  }

  private fail(message: string): void {
    this.say('backend', 'Training stopped.');
    this.notice.show(`The training worker failed: ${message}`, 'warning');
    this.setReady(false);
  }

  /** New run on the current settings and labels; the old curves stay faded for reference. */
  private restart(): void {
    this.view.keepGhost();
    this.configure();
  }

  private configure(): void {
    if (!this.client) return;
    const labels = this.editor.labels;
    let custom: CustomData | undefined;
    if (this.own) {
      custom = { size: this.settings.size, count: 1, images: Float32Array.from(this.own.images), labels: Uint8Array.from(labels), truth: null };
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
      ? [custom.images.buffer, custom.labels.buffer, ...(custom.truth ? [custom.truth.buffer] : []), ...(custom.clean ? [custom.clean.buffer] : [])]
      : [];
    this.client.send({ type: 'configure', settings: serializeSettings(this.settings), custom, maps: true }, transfer);
    this.view.workerPlaying = false;
    this.setReady(false);
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'backend':
        this.view.showBackend(message);
        return;
      case 'scene':
        this.onScene(message);
        return;
      case 'progress':
        this.view.addProgress(message);
        return;
      case 'notice':
        this.notice.show(message.message, message.level);
        return;
      case 'error':
        this.view.workerPlaying = false;
        this.notice.show(`Training stopped: ${message.message}`, 'warning');
        this.renderPlayButton();
        return;
      case 'gradients':
      case 'propensity':
        return;
    }
  }

  private onScene(scene: SceneMessage): void {
    this.view.startRun(scene);
    this.buildTable(scene.losses);
    this.buildLegend(scene.losses);
    const cov = scene.stats.coverage;
    this.say('coverage-line', `Label density Σm/N = ${fixed(scene.stats.density, 3)}; foreground coverage c = ${cov === null ? 'unknown (no ground truth)' : fixed(cov, 3)}.`);
    this.setReady(true);
    this.syncPlay();
  }

  /** Train exactly when the reader wants it, there is something to learn from, and the tab is visible. */
  private syncPlay(): void {
    const canTrain = this.view.scene !== null && this.stats.labeled > 0;
    if (!canTrain) this.wantsPlay = false;
    const should = this.wantsPlay && canTrain && !document.hidden;
    if (should !== this.view.workerPlaying && this.client && this.view.scene) {
      this.client.send({ type: should ? 'play' : 'pause' });
      this.view.workerPlaying = should;
    }
    this.renderPlayButton();
  }

  private renderPlayButton(): void {
    const button = this.root.querySelector<HTMLButtonElement>('[data-action="play"]');
    if (!button) return;
    button.textContent = this.wantsPlay ? 'Pause' : 'Play';
    button.setAttribute('aria-label', this.wantsPlay ? 'Pause training' : 'Play: train all models');
    this.root.dataset.playing = String(this.view.workerPlaying);
  }

  private setReady(ready: boolean): void {
    const canTrain = ready && (this.stats?.labeled ?? 0) > 0;
    for (const action of ['play', 'step', 'skip']) {
      const b = this.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
      if (b) b.disabled = !canTrain;
    }
    for (const action of ['reset', 'csv', 'png']) {
      const b = this.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
      if (b) b.disabled = !ready;
    }
    const backend = this.root.querySelector<HTMLSelectElement>('[data-backend]');
    if (backend) backend.disabled = !ready;
    this.root.dataset.ready = String(ready);
    if ((this.stats?.labeled ?? 0) === 0 && this.wantsPlay) {
      this.wantsPlay = false;
      this.syncPlay();
    }
  }

  // ---------------------------------------------------------------- drawing the run

  private buildLegend(losses: LossId[]): void {
    const box = this.root.querySelector<HTMLElement>('[data-legend]');
    if (!box) return;
    box.replaceChildren(
      ...losses.map((loss) => {
        const span = document.createElement('span');
        const key = document.createElement('span');
        key.className = `loss-key${LOSS_DASHED[loss] ? ' dashed' : ''}`;
        key.style.color = LOSS_COLORS[loss];
        span.append(key, `${LOSS_INFO[loss].label} `);
        return span;
      }),
    );
    if (this.view.ghost) {
      const ghost = document.createElement('span');
      ghost.textContent = '· faded lines: the run before your last change';
      box.append(ghost);
    }
  }

  private buildTable(losses: LossId[]): void {
    const body = this.root.querySelector<HTMLElement>('[data-table-body]');
    if (!body) return;
    const columns = CHART_OPTIONS.filter((o) => o.id !== 'loss');
    body.replaceChildren(
      ...losses.map((loss) => {
        const row = document.createElement('tr');
        row.dataset.row = loss;
        const head = document.createElement('th');
        head.scope = 'row';
        const key = document.createElement('span');
        key.className = `loss-key${LOSS_DASHED[loss] ? ' dashed' : ''}`;
        key.style.color = LOSS_COLORS[loss];
        head.append(key, LOSS_INFO[loss].label);
        const lossCell = document.createElement('td');
        lossCell.dataset.cell = 'loss';
        lossCell.textContent = '—';
        row.append(head, lossCell);
        for (const c of columns) {
          const td = document.createElement('td');
          td.dataset.cell = c.id;
          td.textContent = '—';
          td.hidden = c.needsTruth && !this.hasTruth;
          row.append(td);
        }
        return row;
      }),
    );
  }
}
