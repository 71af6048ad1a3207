/**
 * Observable Plot, rendered once at build time into an SVG string with a server-side DOM
 * (linkedom). Text and axes use `currentColor`, so a chart follows the page's theme, and
 * the page ships no JavaScript for it.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export interface ChartOptions extends Plot.PlotOptions {
  /** The chart's text alternative: what it shows and its main values. */
  description: string;
}

/** Render a chart as an SVG string with `role="img"` and the description as its label. */
export function plotToSvg({ description, ...options }: ChartOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const chart = Plot.plot({
    ...options,
    document: document as unknown as Document,
    style: { fontFamily: 'var(--sans)', fontSize: '12px', overflow: 'visible' },
  });
  const svg = chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector('svg');
  if (!svg) throw new Error('Plot produced no <svg>');
  // The chart is one image to assistive technology: its label states the values, and the
  // marks' own aria-labels (not allowed on plain <g> elements) are dropped.
  for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', description);
  return svg.outerHTML;
}
