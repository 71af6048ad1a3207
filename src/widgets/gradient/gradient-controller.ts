/**
 * Drives one `<pce-gradient>`: configures a worker with a partial-CE model, trains it for
 * the chosen number of steps, asks for one pass under full and partial CE, and draws it.
 */
import { BACKGROUND, FOREGROUND, UNLABELED } from '../../core/labels';
import { defaultSettings, parseSettings, type Settings, serializeSettings, withSettings } from '../../core/settings';
import { type UiKey, type UiText, uiTextOf } from '../../i18n/ui';
import { CURSOR_RINGS } from '../../styles/palette';
import type { GradientsMessage, SceneMessage } from '../../worker/protocol';
import { divergingColour, legend, probabilityColour } from '../shared/charts';
import { bindControls } from '../shared/controls';
import { drawMap, GREY, imageOf, lookupTable, type Rgb, SCALE, stretch } from '../shared/draw';
import { fixed } from '../shared/format';
import { readSegment, storeInLocation } from '../shared/hash';
import { bindNotice, describeCorrections, type NoticeHandle } from '../shared/notice';
import { WorkerRun } from '../shared/worker-run';

const KEYS = ['seed', 'density', 'background'] as const;
const PRETRAIN_MAX = 300;
/** Enough partial-CE training that p is confident inside the objects. */
const DEFAULT_PRETRAIN = 100;
const LABEL_NAMES: Record<number, UiKey> = {
  [UNLABELED]: 'gradient.unlabeled',
  [BACKGROUND]: 'gradient.backgroundLabel',
  [FOREGROUND]: 'gradient.foregroundLabel',
};

/** Split the widget's hash segment into its lab settings and its own `pretrain=` value. */
function splitSegment(segment: string): { lab: string; pretrain: number | null; bad: boolean } {
  let pretrain: number | null = null;
  let bad = false;
  const lab = segment
    .split('&')
    .filter((part) => {
      if (!part.startsWith('pretrain=')) return true;
      const v = Number(part.slice('pretrain='.length));
      if (Number.isFinite(v) && v >= 0 && v <= PRETRAIN_MAX) pretrain = Math.round(v / 10) * 10;
      else bad = true;
      return false;
    })
    .join('&');
  return { lab, pretrain, bad };
}

export class GradientController {
  private readonly root: HTMLElement;
  private readonly id: string;
  private readonly notice: NoticeHandle;
  private readonly text: UiText;
  private readonly run: WorkerRun;
  private settings: Settings;
  private pretrain = DEFAULT_PRETRAIN;
  private scene: SceneMessage | null = null;
  private pass: GradientsMessage | null = null;
  private image = 0;
  private cursor: { x: number; y: number } | null = null;
  private readonly tables = { p: lookupTable(probabilityColour()), grad: lookupTable(divergingColour()) };

  constructor(root: HTMLElement) {
    this.root = root;
    this.id = root.dataset.id ?? 'gradient';
    this.notice = bindNotice(root);
    this.text = uiTextOf(root);
    const { t } = this.text;
    this.run = new WorkerRun(
      {
        onScene: (scene) => this.onScene(scene),
        onGradients: (pass) => this.onGradients(pass),
        onNotice: (message, level) => this.notice.show(message, level),
        onError: (message) => {
          this.notice.show(t('gradient.passFailed', { message }), 'warning');
          this.out('check', t('gradient.noGradients'));
        },
        onFailure: (message) => this.notice.show(t('gradient.workerFailed', { message }), 'warning'),
        onUnsupported: () => this.out('check', t('gradient.noWorkers')),
      },
      { locale: this.text.locale },
    );
    const baseline = withSettings(defaultSettings(), { losses: ['partial'] }).settings;
    const split = splitSegment(readSegment(window.location.hash, this.id) ?? '');
    const parsed = parseSettings(split.lab, baseline);
    const corrections = [...parsed.corrections];
    if (split.bad)
      corrections.push({
        key: 'pretrain',
        input: '',
        message: `must be 0–${PRETRAIN_MAX}; using ${DEFAULT_PRETRAIN}`,
        code: 'pretrain',
        values: { max: PRETRAIN_MAX, value: DEFAULT_PRETRAIN },
      });
    if (corrections.length > 0) this.notice.show(describeCorrections(corrections, this.text), 'warning');
    this.settings = { ...parsed.settings, losses: ['partial'] };
    this.pretrain = split.pretrain ?? DEFAULT_PRETRAIN;

    const controls = bindControls(root, (patch, commit) => {
      if (!commit) return;
      this.settings = { ...withSettings(this.settings, patch).settings, losses: ['partial'] };
      this.store();
      this.request();
    });
    controls.show(this.settings);
    this.bindLocalControls();
    this.request();
  }

  dispose(): void {
    this.run.dispose();
  }

  private store(): void {
    storeInLocation(this.id, `${serializeSettings(this.settings, KEYS)}&pretrain=${this.pretrain}`);
  }

  /** Configure, train `pretrain` steps, then ask for the pass; the worker runs them in order. */
  private request(): void {
    if (!this.run.start()) return;
    this.out('check', this.text.t('gradient.running'));
    this.run.configure(serializeSettings(this.settings), { maps: false });
    if (this.pretrain > 0) this.run.step(this.pretrain);
    this.run.requestGradients(['full', 'partial']);
  }

  private bindLocalControls(): void {
    const pretrain = this.root.querySelector<HTMLInputElement>('[data-pretrain]');
    if (pretrain) {
      pretrain.value = String(this.pretrain);
      const show = () => {
        const text = this.text.t('gradient.pretrainSteps', { n: pretrain.value });
        this.out('pretrain', text);
        pretrain.setAttribute('aria-valuetext', text);
      };
      show();
      pretrain.addEventListener('input', show);
      pretrain.addEventListener('change', () => {
        this.pretrain = Number(pretrain.value);
        this.store();
        this.request();
      });
    }
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    picker?.addEventListener('input', () => {
      this.image = Number(picker.value) - 1;
      this.draw();
    });
    const maps = this.root.querySelector<HTMLElement>('[data-maps]');
    maps?.addEventListener('pointermove', (event) => {
      const canvas = (event.target as Element).closest('canvas');
      if (!canvas || !this.scene) return;
      const box = canvas.getBoundingClientRect();
      const size = this.scene.size;
      const x = Math.floor(((event.clientX - box.left) / box.width) * size);
      const y = Math.floor(((event.clientY - box.top) / box.height) * size);
      if (x >= 0 && y >= 0 && x < size && y < size) this.setCursor(x, y);
    });
    maps?.addEventListener('keydown', (event) => {
      if (!this.scene) return;
      const moves: Record<string, [number, number]> = {
        ArrowLeft: [-1, 0],
        ArrowRight: [1, 0],
        ArrowUp: [0, -1],
        ArrowDown: [0, 1],
      };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      const size = this.scene.size;
      const c = this.cursor ?? { x: Math.floor(size / 2), y: Math.floor(size / 2) };
      this.setCursor(Math.min(size - 1, Math.max(0, c.x + move[0])), Math.min(size - 1, Math.max(0, c.y + move[1])));
    });
  }

  private onScene(scene: SceneMessage): void {
    this.scene = scene;
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    if (picker) picker.max = String(scene.count);
    this.image = Math.min(this.image, scene.count - 1);
  }

  /** A pass of the current run (the run drops passes of a scene since replaced). */
  private onGradients(pass: GradientsMessage): void {
    this.pass = pass;
    const [full, partial] = pass.maxAbsDiff;
    const fmt = (d: number | null) => (d === null ? this.text.t('gradient.undefinedHere') : d.toExponential(1));
    this.out(
      'check',
      this.text.t('gradient.check', {
        step: pass.step,
        pixels: pass.probabilities.length,
        full: fmt(full ?? null),
        partial: fmt(partial ?? null),
      }),
    );
    this.draw();
  }

  private draw(): void {
    const scene = this.scene;
    const pass = this.pass;
    if (!scene || !pass) return;
    const { size, count } = scene;
    const n = this.image;
    const N = size * size * count;
    const canvas = (k: string) =>
      this.root.querySelector<HTMLCanvasElement>(`canvas[data-map="${k}"]`) as HTMLCanvasElement;
    const image = imageOf(scene.images, n, size);
    const labels = imageOf(scene.labels, n, size);
    const truth = scene.truth ? imageOf(scene.truth, n, size) : null;
    const unlabeledFg = truth
      ? Uint8Array.from(labels, (l, i) => (l === UNLABELED && truth[i] === 1 ? 1 : 0))
      : undefined;
    const outline = { outline: unlabeledFg, outlineRgb: [0, 0, 0] as Rgb };
    drawMap(canvas('image'), size, { values: image, normalise: stretch(image), table: GREY }, { labels });
    drawMap(
      canvas('p'),
      size,
      { values: imageOf(pass.probabilities, n, size), normalise: (v) => v, table: this.tables.p },
      outline,
    );
    const extents: number[] = [];
    (['full', 'partial'] as const).forEach((loss, k) => {
      const grad = imageOf(pass.gradients[k] as Float32Array, n, size);
      const scaled = Float32Array.from(grad, (g) => g * N);
      const extent = Math.max(1e-6, ...Array.from(scaled, Math.abs));
      extents.push(extent);
      drawMap(
        canvas(loss),
        size,
        { values: scaled, normalise: (v) => (v / extent + 1) / 2, table: this.tables.grad },
        outline,
      );
    });
    this.root
      .querySelector('[data-legends]')
      ?.replaceChildren(
        legend('gradient', this.text.t('gradient.legendFull'), Number(fixed(extents[0], 2))),
        legend('gradient', this.text.t('gradient.legendPartial'), Number(fixed(extents[1], 2))),
      );
    this.out('image', this.text.t('control.imageOf', { n: n + 1, count }));
    if (this.cursor) {
      const { x, y } = this.cursor;
      for (const c of this.root.querySelectorAll<HTMLCanvasElement>('canvas[data-map]')) {
        const ctx = c.getContext('2d');
        if (!ctx) continue;
        ctx.lineWidth = 2;
        ctx.strokeStyle = CURSOR_RINGS.light;
        ctx.strokeRect(x * SCALE - 1, y * SCALE - 1, SCALE + 2, SCALE + 2);
        ctx.strokeStyle = CURSOR_RINGS.dark;
        ctx.strokeRect(x * SCALE - 3, y * SCALE - 3, SCALE + 6, SCALE + 6);
      }
      this.readout();
    }
  }

  private setCursor(x: number, y: number): void {
    if (this.cursor?.x === x && this.cursor.y === y) return;
    this.cursor = { x, y };
    this.draw();
  }

  /** Say the values of the pixel under the cursor. */
  private readout(): void {
    if (!this.cursor) return;
    const { x, y } = this.cursor;
    const scene = this.scene;
    const pass = this.pass;
    if (!scene || !pass) return;
    const { size, count } = scene;
    const N = size * size * count;
    const i = this.image * size * size + y * size + x;
    const { t } = this.text;
    const label = t(LABEL_NAMES[scene.labels[i] as number] ?? 'gradient.unlabeled');
    const truth = t(
      scene.truth ? (scene.truth[i] === 1 ? 'gradient.foreground' : 'gradient.background') : 'gradient.unknown',
    );
    const g = (k: number) => (pass.gradients[k]?.[i] ?? 0) as number;
    this.out(
      'pixel',
      t('gradient.pixel', {
        x,
        y,
        p: fixed(pass.probabilities[i], 3),
        label,
        truth,
        full: g(0).toExponential(2),
        fullN: fixed(g(0) * N, 3),
        partial: g(1).toExponential(2),
        partialN: fixed(g(1) * N, 3),
      }),
    );
  }

  private out(name: string, text: string): void {
    const el = this.root.querySelector(`[data-out="${name}"]`);
    if (el) el.textContent = text;
  }
}
