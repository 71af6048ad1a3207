/**
 * The propensity panel of a lockstep trainer: full CE's p held against the labeling
 * propensity e(x) that the worker estimated for the scene. A binned scatter (Observable Plot)
 * and one status line comparing interior and border; the e(x) map itself is drawn by
 * `RunDisplay` with the other maps.
 */
import * as Plot from '@observablehq/plot';
import type { LossId } from '../../core/catalog';
import type { UiText } from '../../i18n/ui';
import { DASH, LOSS_COLORS } from '../../styles/palette';
import type { PropensityMessage } from '../../worker/protocol';
import { fixed } from '../shared/format';
import type { RunDisplay } from '../shared/run-display';
import { binByPropensity, labeledShare, type PropensityBin } from './propensity-bins';

/** At most one scatter redraw in this many ms: maps arrive at screen rate, a Plot render costs more. */
const DRAW_INTERVAL_MS = 200;
const BINS = 10;

/** The model whose p the panel shows: full CE when compared, else the first. */
export function panelModel(losses: readonly LossId[]): { id: LossId; index: number } | null {
  const index = losses.indexOf('full');
  if (index >= 0) return { id: 'full', index };
  const first = losses[0];
  return first ? { id: first, index: 0 } : null;
}

export interface ScatterInput {
  bins: PropensityBin[];
  coverage: number | null;
  model: LossId;
  width: number;
  text: UiText;
}

/** The binned scatter as an SVG, with a text alternative that lists every bin. */
export function renderPropensityScatter(input: ScatterInput): SVGSVGElement {
  const { bins, coverage, model, width, text } = input;
  const colour = LOSS_COLORS[model];
  const name = text.t(`loss.${model}.label`);
  const marks: Plot.Markish[] = [
    Plot.line(
      [
        [0, 0],
        [1, 1],
      ],
      { stroke: 'currentColor', strokeOpacity: 0.55, strokeDasharray: DASH.identity },
    ),
    Plot.text([[0.98, 0.98]], {
      text: () => 'p = e·P(y|x)',
      textAnchor: 'end',
      dy: 14,
      dx: -4,
      fontSize: 11,
      rotate: 0,
    }),
    Plot.line(bins, { x: 'meanX', y: 'meanP', stroke: colour, strokeOpacity: 0.55, strokeWidth: 1.5 }),
    Plot.dot(bins, {
      x: 'meanX',
      y: 'meanP',
      r: 'pixels',
      fill: colour,
      fillOpacity: 0.45,
      stroke: colour,
      strokeWidth: 1.5,
    }),
  ];
  if (coverage !== null) {
    marks.push(Plot.ruleY([coverage], { stroke: 'currentColor', strokeDasharray: DASH.guide, strokeOpacity: 0.8 }));
    marks.push(
      Plot.text([coverage], {
        x: 1,
        y: (d: number) => d,
        text: () => `c = ${fixed(coverage)}`,
        textAnchor: 'end',
        dy: -6,
        fontSize: 11,
      }),
    );
  }
  const listed = bins
    .map((b) =>
      text.t('propensity.bin', { from: fixed(b.from, 1), to: fixed(b.to, 1), pixels: b.pixels, p: fixed(b.meanP) }),
    )
    .join(text.t('chart.lineSeparator'));
  const maxPixels = Math.max(1, ...bins.map((b) => b.pixels));
  const svg = Plot.plot({
    width,
    height: Math.round(Math.min(300, Math.max(220, width * 0.62))),
    marginLeft: 42,
    marginRight: 14,
    marginBottom: 38,
    marginTop: 26,
    style: { background: 'transparent', fontSize: '11px' },
    x: { domain: [0, 1], label: text.t('propensity.xLabel'), labelAnchor: 'right', ticks: 5 },
    y: { domain: [0, 1], label: text.t('propensity.yLabel', { loss: name }), labelAnchor: 'top', grid: true, ticks: 5 },
    // Square-root area: a bin's dot grows with its pixel count without the background bin swamping the rest.
    r: { type: 'sqrt', domain: [0, maxPixels], range: [2, 13] },
    marks,
    ariaLabel: text.t('propensity.ariaLabel', { loss: name, n: bins.length }),
    ariaDescription: text.t('propensity.ariaDescription', {
      bins: listed || text.t('propensity.noneYet'),
      coverage: coverage !== null ? text.t('propensity.ariaCoverage', { c: fixed(coverage) }) : '',
    }),
  }) as SVGSVGElement;
  for (const g of svg.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
  return svg;
}

/** Draws the scatter and the interior/border line from the run display's state and the latest estimate. */
export class PropensityPanel {
  private readonly root: HTMLElement;
  private readonly view: RunDisplay;
  private estimate: PropensityMessage | null = null;
  private lastDraw = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(root: HTMLElement, view: RunDisplay) {
    this.root = root;
    this.view = view;
  }

  /** The worker's estimate for the current scene, or null while a new one is computed. */
  set(estimate: PropensityMessage | null): void {
    this.estimate = estimate;
    this.view.setPropensity(estimate?.rate ?? null);
    this.root.dataset.propensityDraws = estimate ? String(estimate.draws) : '';
    this.root.dataset.propensityMs = estimate ? estimate.ms.toFixed(0) : '';
    if (!estimate) this.say(this.view.text.t('propensity.estimating'));
    this.update();
  }

  /** Settings behind the estimate shown, or null. */
  get settings(): string | null {
    return this.estimate?.settings ?? null;
  }

  /** Redraw soon: at once if the last drawing is old enough, else once the interval has passed. */
  update(): void {
    if (this.timer !== null) return;
    const wait = DRAW_INTERVAL_MS - (performance.now() - this.lastDraw);
    if (wait <= 0) {
      this.draw();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.draw();
    }, wait);
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private say(text: string): void {
    const out = this.root.querySelector('[data-out="propensity"]');
    if (out) out.textContent = text;
  }

  private draw(): void {
    this.lastDraw = performance.now();
    const scene = this.view.scene;
    const estimate = this.estimate;
    const target = this.root.querySelector<HTMLElement>('[data-propensity-plot]');
    if (!scene || !estimate || !target) return;
    const chosen = panelModel(scene.losses);
    const p = chosen ? this.view.probabilities?.[chosen.index] : undefined;
    if (!chosen || !scene.truth || !p || p.length !== estimate.rate.length) return;
    const bins = binByPropensity(labeledShare(estimate.rate, scene.truth), p, BINS);
    const width = Math.max(240, Math.min(560, target.clientWidth || 320));
    const { text } = this.view;
    target.replaceChildren(
      renderPropensityScatter({ bins, coverage: scene.stats.coverage, model: chosen.id, width, text }),
    );
    const metrics = this.view.records.at(-1)?.models.find((m) => m.id === chosen.id)?.metrics;
    this.say(
      text.t('propensity.means', {
        interior: fixed(estimate.interior),
        border: fixed(estimate.border),
        loss: text.t(`loss.${chosen.id}.label`),
        pInterior: fixed(metrics?.meanPUnlabeledFgInterior),
        pBorder: fixed(metrics?.meanPUnlabeledFgBorder),
        draws: estimate.draws,
      }),
    );
  }
}
