/** The weak-label explorer element: redraws the scene whenever a label setting changes. */
import { buildDataset, type Dataset } from '../../core/dataset';
import { FOREGROUND } from '../../core/labels';
import { parseSettings, type Settings, serializeSettings, withSettings } from '../../core/settings';
import { type UiText, uiTextOf } from '../../i18n/ui';
import { bindControls } from '../shared/controls';
import { drawMap, GREY, imageOf, stretch } from '../shared/draw';
import { fixed } from '../shared/format';
import { readSegment, storeInLocation } from '../shared/hash';
import { bindNotice, describeCorrections } from '../shared/notice';

/** Settings this widget stores in the URL: the label settings and the seed. */
const KEYS = ['seed', 'density', 'labelType', 'background'] as const;

class ExplorerElement extends HTMLElement {
  private settings!: Settings;
  private data!: Dataset;
  private image = 0;
  private text!: UiText;

  connectedCallback(): void {
    const id = this.dataset.id ?? 'explorer';
    this.text = uiTextOf(this);
    const notice = bindNotice(this);
    const stored = readSegment(window.location.hash, id);
    const parsed = parseSettings(stored ?? '');
    if (parsed.corrections.length > 0) notice.show(describeCorrections(parsed.corrections, this.text), 'warning');
    this.settings = parsed.settings;

    const controls = bindControls(this, (patch, commit) => {
      if (!commit) return;
      this.settings = withSettings(this.settings, patch).settings;
      storeInLocation(id, serializeSettings(this.settings, KEYS));
      this.rebuild();
    });
    controls.show(this.settings);

    const picker = this.querySelector<HTMLInputElement>('[data-image-picker]');
    picker?.addEventListener('input', () => {
      this.image = Number(picker.value) - 1;
      this.draw();
    });
    if (picker) picker.max = String(this.settings.images);
    this.rebuild();
  }

  private rebuild(): void {
    this.data = buildDataset(this.settings);
    this.image = Math.min(this.image, this.data.count - 1);
    const { stats } = this.data;
    this.out('density', fixed(stats.density, 3));
    this.out('coverage', fixed(stats.coverage, 3));
    this.out(
      'labeled',
      this.text.t('explorer.labeledValue', {
        labeled: stats.labeled,
        pixels: stats.pixels,
        fg: stats.foregroundLabeled,
        bg: stats.backgroundLabeled,
      }),
    );
    this.draw();
  }

  private draw(): void {
    const { size, images, truth, labels } = this.data;
    const n = this.image;
    const image = imageOf(images, n, size);
    const layer = { values: image, normalise: stretch(image), table: GREY };
    const canvas = (name: string) => this.querySelector<HTMLCanvasElement>(`[data-map="${name}"]`) as HTMLCanvasElement;
    drawMap(canvas('image'), size, layer);
    drawMap(canvas('truth'), size, { values: imageOf(truth as Uint8Array, n, size), normalise: (v) => v, table: GREY });
    drawMap(canvas('labels'), size, layer, { labels: imageOf(labels, n, size) });
    const fg = imageOf(labels, n, size).filter((l) => l === FOREGROUND).length;
    canvas('labels').setAttribute('aria-label', this.text.t('explorer.labelsOver', { n: n + 1, fg }));
    this.out('image', this.text.t('control.imageOf', { n: n + 1, count: this.data.count }));
  }

  private out(name: string, text: string): void {
    const el = this.querySelector(`[data-out="${name}"]`);
    if (el) el.textContent = text;
  }
}

if (!customElements.get('pce-explorer')) customElements.define('pce-explorer', ExplorerElement);
