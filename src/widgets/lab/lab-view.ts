/**
 * What the Lab shows outside the run display: label statistics and their message, the
 * drawing tools, the image picker, the mode (scene or the reader's image) with the controls
 * and notes it changes, the legend and values table of a new run, the training buttons
 * (the play button is `shared/play-button.ts`), the share line and the restore offer. It only writes to the page; the state is in `LabRun`.
 */
import { LOSS_IDS, LOSS_INFO, type LossId } from '../../core/catalog';
import { kernelKind } from '../../core/kernel-kind';
import { parseSettings } from '../../core/settings';
import type { UiText } from '../../i18n/ui';
import type { Tool } from '../../lab-page/label-editor';
import type { LabChartId } from '../../lab-page/presets';
import { LOSS_COLORS, LOSS_DASHED } from '../../styles/palette';
import type { SceneMessage } from '../../worker/protocol';
import { fixed } from '../shared/format';
import { VALUE_COLUMNS } from './chart-series';
import type { LabelVerdict, LabRun } from './run-state';

export class LabView {
  /** `text` gives the words of everything it writes. */
  constructor(
    private readonly root: HTMLElement,
    private readonly text: UiText,
  ) {}

  /** The `[data-out=name]` element, if the page has one. */
  out(name: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`[data-out="${name}"]`);
  }

  /** Set the text of `[data-out=name]`. */
  say(name: string, text: string): void {
    const el = this.out(name);
    if (el) el.textContent = text;
  }

  private button(action: string): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  }

  /** Density, coverage, labeled counts and the message about the labels. */
  showStats(run: LabRun, verdict: LabelVerdict): void {
    const s = run.stats;
    const { t } = this.text;
    this.say('density', fixed(s.density, 3));
    this.say('coverage', s.coverage === null ? t('lab.stats.needsTruth') : fixed(s.coverage, 3));
    this.say(
      'labeled',
      t('lab.stats.labeledValue', { fg: s.foregroundLabeled, bg: s.backgroundLabeled, pixels: s.pixels }),
    );
    const message = this.out('label-message');
    if (!message) return;
    message.replaceChildren(
      ...verdict.parts.map((part) => {
        if (typeof part === 'string') return part;
        const link = document.createElement('a');
        link.href = part.href;
        link.textContent = part.text;
        return link;
      }),
    );
    message.dataset.level = verdict.level;
  }

  /** Undo, redo and "Simulated labels" as the editor and the mode allow. */
  showUndo(run: LabRun): void {
    const set = (action: string, enabled: boolean) => {
      const b = this.button(action);
      if (b) b.disabled = !enabled;
    };
    set('undo', run.editor.canUndo);
    set('redo', run.editor.canRedo);
    set('simulated', !run.own);
  }

  /** The image picker and its "n of m" line. */
  showPicker(run: LabRun): void {
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    const count = run.editor.count;
    if (picker) {
      picker.max = String(count);
      picker.value = String(run.imageIndex + 1);
      picker.disabled = count === 1;
    }
    this.say('image', this.text.t('lab.train.imageOf', { n: run.imageIndex + 1, count }));
  }

  /** Check the radio of `tool`. */
  showTool(tool: Tool): void {
    for (const radio of this.root.querySelectorAll<HTMLInputElement>('[data-tool]'))
      radio.checked = radio.value === tool;
  }

  /** Show brush radius `radius` as its diameter in pixels. */
  showRadius(radius: number): void {
    const brush = this.root.querySelector<HTMLInputElement>('[data-brush]');
    const text = this.text.t('lab.draw.pixels', { n: 2 * radius + 1 });
    if (brush) {
      brush.value = String(radius);
      brush.setAttribute('aria-valuetext', text);
    }
    this.say('brush', text);
  }

  /** Show what depends on the mode: loss boxes, chart choices, table columns, scene settings, notes. */
  showMode(run: LabRun): void {
    const own = run.own !== null;
    for (const box of this.root.querySelectorAll<HTMLInputElement>('[data-loss]')) {
      const id = box.value as LossId;
      if (!LOSS_IDS.includes(id)) continue;
      box.checked = run.settings.losses.includes(id);
      const why = run.lossBlocked(id);
      box.disabled = why !== null;
      const whyBox = this.root.querySelector<HTMLElement>(`[data-loss-why="${id}"]`);
      if (whyBox) whyBox.textContent = why ?? '';
    }
    for (const option of this.root.querySelectorAll<HTMLOptionElement>('option[data-needs-truth]'))
      option.disabled = own;
    for (const cell of this.root.querySelectorAll<HTMLElement>('th[data-needs-truth]')) cell.hidden = own;
    const sceneSettings = this.root.querySelector<HTMLFieldSetElement>('[data-scene-settings]');
    const simulatedSettings = this.root.querySelector<HTMLFieldSetElement>('[data-simulated-settings]');
    if (sceneSettings) sceneSettings.disabled = own;
    if (simulatedSettings) simulatedSettings.disabled = own;
    const { t } = this.text;
    this.say('scene-note', t(own ? 'lab.settings.sceneNoteOwn' : 'lab.settings.sceneNote'));
    const back = this.button('scene');
    if (back) back.hidden = !own;
    this.say('truth-note', own ? t('lab.train.truthNote') : '');
    this.showImageStatus(run.imageStatus());
    this.root.dataset.mode = own ? 'own' : 'scene';
    this.showCharts(run.fitCharts());
    this.showPrior(run.truePrior());
  }

  /** The line about the reader's image (`text`), or a neutral `level` for the line that says it. */
  showImageStatus(text: string, level: '' | 'warning' = ''): void {
    const status = this.out('image-status');
    if (status) status.dataset.level = level;
    this.say('image-status', text);
  }

  /** Select each chart's metric. */
  showCharts(charts: readonly LabChartId[]): void {
    this.root.querySelectorAll<HTMLSelectElement>('[data-chart-select]').forEach((select, slot) => {
      const id = charts[slot];
      if (id) select.value = id;
    });
  }

  /** The scene's true π beside the prior setting, or that it is unknown. */
  showPrior(prior: number | null): void {
    const { t } = this.text;
    this.say(
      'true-prior',
      prior !== null ? t('lab.train.truePrior', { prior: fixed(prior) }) : t('lab.train.unknownPrior'),
    );
  }

  /** The first frame of a new run: legend, an empty values table and the density line. */
  showScene(scene: SceneMessage, hasTruth: boolean, ghost: boolean): void {
    this.buildTable(scene.losses, hasTruth);
    this.buildLegend(scene.losses, ghost);
    const { t } = this.text;
    const cov = scene.stats.coverage;
    this.say(
      'coverage-line',
      t('lab.train.coverageLine', {
        density: fixed(scene.stats.density, 3),
        coverage: cov === null ? t('lab.train.coverageUnknown') : fixed(cov, 3),
      }),
    );
    const pairwise = scene.losses.some((loss) => LOSS_INFO[loss].pairwise);
    const { sigmaXy } = parseSettings(scene.settings).settings;
    this.say('kernel-note', pairwise ? t('lab.train.kernel', { kernel: this.kernel(scene.size, sigmaXy) }) : '');
  }

  /** Which computation of the pairwise affinity runs, as a phrase (see `core/kernel-kind.ts`). */
  private kernel(side: number, sigmaXy: number): string {
    const k = kernelKind(side, sigmaXy);
    return k.kind === 'dense'
      ? this.text.t('lab.train.kernelDense', { pixels: side * side })
      : this.text.t('lab.train.kernelWindow', { radius: k.radius, neighbours: (2 * k.radius + 1) ** 2 - 1 });
  }

  private buildLegend(losses: readonly LossId[], ghost: boolean): void {
    const box = this.root.querySelector<HTMLElement>('[data-legend]');
    if (!box) return;
    box.replaceChildren(
      ...losses.map((loss) => {
        const span = document.createElement('span');
        span.append(lossKey(loss), this.text.t('lab.train.legendEntry', { loss: this.text.t(`loss.${loss}.label`) }));
        return span;
      }),
    );
    if (ghost) {
      const faded = document.createElement('span');
      faded.textContent = this.text.t('lab.train.fadedLines');
      box.append(faded);
    }
  }

  private buildTable(losses: readonly LossId[], hasTruth: boolean): void {
    const body = this.root.querySelector<HTMLElement>('[data-table-body]');
    if (!body) return;
    body.replaceChildren(
      ...losses.map((loss) => {
        const row = document.createElement('tr');
        row.dataset.row = loss;
        const head = document.createElement('th');
        head.scope = 'row';
        head.append(lossKey(loss), this.text.t(`loss.${loss}.label`));
        const lossCell = document.createElement('td');
        lossCell.dataset.cell = 'loss';
        lossCell.textContent = '—';
        row.append(head, lossCell);
        for (const c of VALUE_COLUMNS) {
          const td = document.createElement('td');
          td.dataset.cell = c.id;
          td.textContent = '—';
          td.hidden = c.needsTruth && !hasTruth;
          row.append(td);
        }
        return row;
      }),
    );
  }

  /**
   * Enable the buttons a run allows: stepping needs a scene and labels (`canTrain`), reset
   * and the exports a scene (`ready`).
   */
  showReady(ready: boolean, canTrain: boolean): void {
    for (const action of ['play', 'step', 'skip']) {
      const b = this.button(action);
      if (b) b.disabled = !canTrain;
    }
    for (const action of ['reset', 'csv', 'png']) {
      const b = this.button(action);
      if (b) b.disabled = !ready;
    }
    const backend = this.root.querySelector<HTMLSelectElement>('[data-backend]');
    if (backend) backend.disabled = !ready;
    this.root.dataset.ready = String(ready);
  }

  /** The share line; a warning when the link does not reproduce the run by itself. */
  showShare(text: string, complete: boolean): void {
    this.say('share', text);
    const share = this.out('share');
    if (share) share.dataset.level = complete ? '' : 'warning';
  }

  /** Offer a replaced run back, in the words of `text`. */
  showRestore(text: string): void {
    const box = this.root.querySelector<HTMLElement>('[data-restore]');
    const line = this.root.querySelector<HTMLElement>('[data-restore-text]');
    if (!box || !line) return;
    line.textContent = text;
    box.hidden = false;
  }

  hideRestore(): void {
    const box = this.root.querySelector<HTMLElement>('[data-restore]');
    if (box) box.hidden = true;
  }
}

/** A loss's key: a short line in its colour, dashed for the oracle. */
function lossKey(loss: LossId): HTMLElement {
  const key = document.createElement('span');
  key.className = `loss-key${LOSS_DASHED[loss] ? ' dashed' : ''}`;
  key.style.color = LOSS_COLORS[loss];
  return key;
}
