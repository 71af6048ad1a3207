/**
 * Drives the Lab page. It keeps only the brush and a busy flag itself: the run is a `LabRun`
 * (settings, image, labels), the worker is a `WorkerRun`, the link and the local draft are
 * `lab-storage`, the files `lab-files`, and the page is drawn by `LabView`, the drawing
 * surface and the shared `RunDisplay`. Here the reader's actions become calls on those, in
 * the order that keeps the link, the draft and the worker in step with the run.
 */

import { LOSS_IDS, type LossId } from '../../core/catalog';
import { defaultSettings, type Settings, serializeSettings } from '../../core/settings';
import { type UiText, uiTextOf } from '../../i18n/ui';
import { type ReadResult, readDocument } from '../../lab-page/lab-state';
import type { Tool } from '../../lab-page/label-editor';
import { PRESETS } from '../../lab-page/presets';
import { type BoundControls, bindControls } from '../shared/controls';
import { bindNotice, type NoticeHandle } from '../shared/notice';
import { RunDisplay } from '../shared/run-display';
import type { WorkerRun } from '../shared/worker-run';
import { type ChartOption, chartOption, chartOptions, valueColumns } from './chart-series';
import { DrawSurface } from './draw-surface';
import type { SourceImage } from './image-input';
import { exportHandlers } from './lab-files';
import { readRunFile, useImageFile } from './lab-image';
import { bindLabInputs } from './lab-inputs';
import {
  chooseInitial,
  DraftKeeper,
  dropPrevious,
  keepPrevious,
  LabLink,
  readDraft,
  readPrevious,
} from './lab-storage';
import { LabView } from './lab-view';
import { createLabWorker } from './lab-worker';
import { LabRun, loadNotice, presetRead, type RunSource, sceneRead } from './run-state';

export class LabController {
  private readonly root: HTMLElement;
  /** The page's words, from the nearest `lang` attribute. */
  private readonly text: UiText;
  private readonly chartOptions: readonly ChartOption[];
  private readonly notice: NoticeHandle;
  private readonly controls: BoundControls;
  private readonly surface: DrawSurface;
  private readonly display: RunDisplay;
  private readonly view: LabView;
  private readonly run: LabRun;
  private readonly worker: WorkerRun;
  private readonly link: LabLink;
  private readonly drafts: DraftKeeper;
  private tool: Tool = 'foreground';
  private radius = 1;
  /** An image is being read: drawing and a second image wait. */
  private busy = false;
  private readonly reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  constructor(root: HTMLElement) {
    this.root = root;
    this.text = uiTextOf(root);
    this.chartOptions = chartOptions(this.text);
    this.run = new LabRun(this.text);
    this.link = new LabLink(this.text);
    this.notice = bindNotice(root);
    this.view = new LabView(root, this.text);
    this.display = new RunDisplay(root, {
      series: (slot) => chartOption(this.chartOptions, this.run.charts[slot] as string)?.series ?? null,
      columns: valueColumns(this.text).map((o) => ({ id: o.id, value: o.series.value })),
      image: () => this.run.imageIndex,
    });
    this.worker = createLabWorker({
      root,
      display: this.display,
      view: this.view,
      notice: this.notice,
      run: this.run,
      text: this.text,
      setReady: (ready) => this.setReady(ready),
    });
    this.drafts = new DraftKeeper(
      () => this.run.documentText(),
      () => this.view.say('json-note', this.text.t('lab.share.noStorage')),
    );
    this.controls = bindControls(root, (patch, commit) => this.onSettings(patch, commit));
    this.surface = new DrawSurface(
      root.querySelector('[data-surface]') as HTMLElement,
      this.view.out('cursor'),
      {
        editor: () => this.run.editor,
        image: () => this.run.currentImage(),
        imageIndex: () => this.run.imageIndex,
        tool: () => this.tool,
        setTool: (t) => this.setTool(t),
        radius: () => this.radius,
        setRadius: (r) => this.setRadius(r),
        painted: () => this.updateStats(),
        strokeEnded: (changed) => this.onLabelsChanged(changed),
        undo: () => this.undo(),
        redo: () => this.redo(),
        enabled: () => !this.busy,
      },
      this.text,
    );
    this.bindInputs();
    // The first configuration opens the worker.
    this.loadInitial();
    new ResizeObserver(() => this.display.redrawCharts()).observe(root.querySelector('.charts') as Element);
    document.addEventListener('visibilitychange', () => this.syncPlay());
    window.addEventListener('beforeunload', (event) => {
      this.drafts.saveNow();
      if (!this.run.dirty) return;
      event.preventDefault();
      event.returnValue = '';
    });
    window.addEventListener('hashchange', () => {
      const change = this.link.readChange(this.run.state());
      if (!change) return;
      // The run's own link replaces a preset's address or one the Lab could not read entirely.
      if (change.kind === 'preset' || change.clearHash) this.clearHash();
      if (change.kind === 'preset') {
        if (!this.loadPreset(change.preset.id)) this.updateHash();
      } else this.apply(change.read, 'link');
    });
  }

  private bindInputs(): void {
    bindLabInputs(this.root, {
      play: () => this.worker.togglePlay(),
      step: (steps) => this.worker.step(steps),
      reset: () => {
        this.display.ghost = null;
        this.worker.reset();
      },
      undo: () => this.undo(),
      redo: () => this.redo(),
      resetLabels: (start) => this.resetLabels(start),
      backToScene: () => this.backToScene(),
      ...exportHandlers({
        root: this.root,
        run: this.run,
        display: this.display,
        text: this.text,
        say: (text) => this.view.say('json-note', text),
        warn: (text) => this.notice.show(text, 'warning'),
      }),
      copyLink: () => void this.copyLink(),
      restore: () => this.restorePrevious(),
      dismissRestore: () => this.view.hideRestore(),
      preset: (id) => void this.loadPreset(id),
      tool: (tool) => this.setTool(tool),
      radius: (radius) => this.setRadius(radius),
      image: (index) => {
        this.run.setImage(index);
        this.surface.render();
        this.display.redrawMaps();
      },
      lossToggle: (box) => this.onLossToggle(box),
      chart: (slot, id) => {
        this.run.setChart(slot, id);
        this.display.redrawCharts();
      },
      backend: (choice) => {
        this.display.keepGhost();
        this.worker.chooseBackend(choice);
        this.view.say('backend', this.text.t('lab.train.switching', { name: choice }));
      },
      imageFile: (file) => void this.loadImage(file),
      importFile: (file) => void this.importJson(file),
    });
  }

  /** First state: a link, else this browser's draft, else the defaults. */
  private loadInitial(): void {
    const initial = chooseInitial(window.location.hash, readDraft(), this.text);
    if (initial.replaced) {
      const text = keepPrevious(initial.replaced, this.text);
      if (text) this.view.showRestore(text);
    }
    if (initial.clearHash) this.clearHash();
    this.apply(initial.read, initial.source);
  }

  /** Remove the address's hash (no new history entry); the run's own link is written after. */
  private clearHash(): void {
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
  }

  /**
   * Make `read` the current run and show it; `source` names where it came from in the
   * notice, which lists what could not be used.
   */
  private apply(read: ReadResult, source: RunSource, options: { image?: SourceImage; fileName?: string } = {}): void {
    const problems = this.run.load(read, source, options.image);
    this.display.ghost = null;
    this.controls.show(this.run.settings);
    this.view.showMode(this.run);
    this.display.redrawCharts();
    this.afterLabels();
    const notice = loadNotice(problems, source, options.fileName, this.text);
    if (notice) this.notice.show(notice.text, notice.level);
    this.configure();
  }

  private restorePrevious(): void {
    try {
      const previous = readPrevious();
      if (!previous) return;
      this.apply(readDocument(previous.text, defaultSettings(), this.text.t), 'draft');
      dropPrevious();
      this.store();
    } catch {
      this.notice.show(this.text.t('lab.restore.failed'), 'warning');
    }
    this.view.hideRestore();
  }

  /** Load preset `id` (asking first when drawn labels or an image would be lost); false when not loaded. */
  private loadPreset(id: string): boolean {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) return false;
    const own = this.run.own !== null;
    const { t } = this.text;
    const title = t(`lab.preset.${preset.id}.title`);
    if (
      (this.run.editor.edited || own) &&
      !window.confirm(t(own ? 'lab.presets.confirmOwn' : 'lab.presets.confirm', { title }))
    )
      return false;
    this.run.imageIndex = 0;
    this.apply(presetRead(preset), null);
    this.run.dirty = false;
    this.notice.show(t('lab.presets.loaded', { title, setting: t(`lab.preset.${preset.id}.setting`) }), 'info');
    this.worker.setWantsPlay(!this.reducedMotion);
    this.store();
    this.root
      .querySelector('.lab-train')
      ?.scrollIntoView({ behavior: this.reducedMotion ? 'auto' : 'smooth', block: 'start' });
    return true;
  }

  private async loadImage(file: File): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await useImageFile(file, {
        run: this.run,
        view: this.view,
        text: this.text,
        inform: (text) => this.notice.show(text, 'info'),
        apply: (read, image) => this.apply(read, null, { image }),
        store: () => this.store(),
      });
    } finally {
      this.busy = false;
    }
  }

  private backToScene(): void {
    if (!this.run.own) return;
    if (this.run.editor.edited && !window.confirm(this.text.t('lab.image.backConfirm'))) return;
    this.apply(sceneRead(this.run.settings), null);
    this.run.dirty = false;
    this.store();
  }

  private async importJson(file: File): Promise<void> {
    const read = await readRunFile(file, this.text, (reason) => this.notice.show(reason, 'warning'));
    if (!read) return;
    this.run.imageIndex = 0;
    this.apply(read, 'file', { fileName: file.name });
    this.store();
  }

  private onSettings(patch: Partial<Settings>, commit: boolean): void {
    if (!commit) return;
    const plan = this.run.planSettings(patch);
    if (plan.kind === 'none') {
      this.controls.show(this.run.settings);
      return;
    }
    if (plan.corrections.length > 0)
      this.notice.show(plan.corrections.join(this.text.t('lab.train.correctionJoiner')), 'info');
    if (plan.kind === 'speed') {
      this.run.commitSettings(plan);
      this.worker.setSpeed(plan.next.speed);
      this.store();
      return;
    }
    if (plan.dropsStrokes && !window.confirm(this.text.t('lab.train.newScene'))) {
      this.controls.show(this.run.settings);
      return;
    }
    const { resampled } = this.run.commitSettings(plan);
    const size = this.run.settings.size;
    if (resampled) this.notice.show(this.text.t('lab.image.resampled', { size }), 'info');
    if (this.run.own && plan.changed.includes('size')) this.view.showImageStatus(this.run.imageStatus());
    this.view.showPrior(this.run.truePrior());
    this.afterLabels();
    this.restart();
    this.store();
  }

  private onLossToggle(box: HTMLInputElement): void {
    const id = box.value as LossId;
    const losses = LOSS_IDS.includes(id) ? this.run.toggleLoss(id, box.checked) : this.run.settings.losses;
    if (losses) {
      this.onSettings({ losses }, true);
      return;
    }
    box.checked = true;
    this.notice.show(this.text.t('lab.train.atLeastOneLoss'), 'info');
  }

  private setTool(tool: Tool): void {
    this.tool = tool;
    this.view.showTool(tool);
    this.surface.render();
  }

  private setRadius(radius: number): void {
    this.radius = radius;
    this.view.showRadius(radius);
    this.surface.render();
  }

  /** After a stroke, undo, redo or reset: new labels train from step 0. */
  private onLabelsChanged(changed: boolean): void {
    this.updateStats();
    this.view.showUndo(this.run);
    if (!changed) return;
    this.run.dirty = true;
    this.restart();
    this.store();
  }

  private undo(): void {
    this.onLabelsChanged(this.run.undo());
    this.surface.render();
  }

  private redo(): void {
    this.onLabelsChanged(this.run.redo());
    this.surface.render();
  }

  private resetLabels(start: 'empty' | 'simulated'): void {
    const changed = this.run.resetLabels(start);
    if (changed === null) return;
    this.surface.render();
    this.onLabelsChanged(changed);
  }

  /** Density, coverage and the message about the labels; training is off without any. */
  private updateStats(): void {
    this.run.refreshStats();
    this.view.showStats(this.run, this.run.verdict());
    this.setReady(this.worker.state.ready);
  }

  /** Everything that follows a new editor: picker, stats, undo buttons, canvas, link. */
  private afterLabels(): void {
    this.view.showPicker(this.run);
    this.updateStats();
    this.view.showUndo(this.run);
    this.surface.render();
    this.updateHash();
  }

  private updateHash(): void {
    this.link.write(this.run.state());
    const own = this.run.own !== null;
    this.view.showShare(this.link.describe(own, this.run.editor.edited), this.link.complete(own));
  }

  /** Keep the run in the link now and in this browser shortly, so that a reload loses nothing. */
  private store(): void {
    this.updateHash();
    this.drafts.schedule();
  }

  private async copyLink(): Promise<void> {
    this.updateHash();
    const copied = await this.link.copy();
    const own = this.run.own !== null;
    if (copied)
      this.view.say(
        'share',
        this.text.t('lab.share.copied', { text: this.link.describe(own, this.run.editor.edited) }),
      );
    if (this.link.complete(own)) this.run.dirty = false;
  }

  /** New run on the current settings and labels; the old curves stay faded for reference. */
  private restart(): void {
    this.display.keepGhost();
    this.configure();
  }

  private configure(): void {
    if (!this.worker.start()) return;
    const { custom, transfer } = this.run.customData();
    this.worker.configure(serializeSettings(this.run.settings), { custom, maps: true, transfer });
    this.setReady(false);
  }

  /** Train exactly when the reader wants it and there is something to learn from; else drop the wish. */
  private syncPlay(): void {
    const canTrain = this.worker.scene !== null && this.run.stats.labeled > 0;
    if (!canTrain && this.worker.state.wantsPlay) this.worker.setWantsPlay(false);
    else this.worker.syncPlay();
  }

  /** Buttons for a run that is `ready` (its scene arrived); stepping needs labels too. */
  private setReady(ready: boolean): void {
    const canTrain = this.run.verdict().canTrain;
    this.view.showReady(ready, ready && canTrain);
    if (!canTrain && this.worker.state.wantsPlay) this.syncPlay();
  }
}
