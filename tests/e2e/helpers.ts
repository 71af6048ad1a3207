/** Helpers shared by the browser tests. */
import type { Locator, Page } from '@playwright/test';

/** Collect console errors and uncaught exceptions of `page` from now on. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Latin-letter words a Chinese widget or the Chinese Lab may show: math symbols and subscripts,
 * units, loss and metric abbreviations, backend and file-format names, the optimizers' proper
 * names, and the adapter and renderer names the browser reports in the backend line. Each spec
 * adds the few its own page needs.
 */
export const LATIN_IN_CHINESE_UI: readonly string[] = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
  ...['px', 'fg', 'xy', 'ms', 'CE', 'nnPU', 'PU', 'IoU', 'CRF', 'DenseCRF', 'Potts', 'SCAR', 'FPR', 'oracle', 'logit'],
  ...['WASM', 'SIMD', 'WebGL', 'WebGPU', 'CPU', 'GPU', 'CSV', 'PNG', 'JSON', 'Adam', 'SGD', 'tfjs', 'on', 'off'],
  ...['Web', 'Worker', 'JavaScript', 'google', 'swiftshader', 'SwiftShader'],
];

/** What of an element `latinWordsIn` reads besides its rendered text. */
export interface TextScope {
  /** Attributes whose values count as shown text (labels, titles, …). */
  attributes: readonly string[];
  /** Also the text of every `<option>` (closed selects do not render theirs). */
  options?: boolean;
  /** Leave out the element's own `<figcaption>` (a chapter's prose, checked with the chapter). */
  dropCaption?: boolean;
}

/**
 * The Latin words in what `root` shows (rendered text, and the attributes and options `scope`
 * names) that `allowed` lacks: English that a catalog missed.
 */
export async function latinWordsIn(root: Locator, allowed: ReadonlySet<string>, scope: TextScope): Promise<string[]> {
  const text = await root.evaluate((el, { attributes, options, dropCaption }) => {
    // innerText, not textContent: what the reader sees (hidden spans and noscript are not shown).
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
    const parts = [(el as HTMLElement).innerText];
    for (const node of el.querySelectorAll(attributes.map((a) => `[${a}]`).join(', '))) {
      for (const name of attributes) {
        const value = node.getAttribute(name);
        if (value) parts.push(value);
      }
    }
    if (options) for (const option of el.querySelectorAll('option')) parts.push(option.textContent ?? '');
    const caption = dropCaption ? (el.querySelector(':scope > figcaption') as HTMLElement | null) : null;
    // biome-ignore lint/performance/useDomNodeTextContent: the caption as rendered, to cut it from the rendered text
    return parts.join('\n').replace(caption?.innerText ?? '\u0000', '');
  }, scope);
  return [...new Set((text.match(/[A-Za-z]+/g) ?? []).filter((w) => !allowed.has(w)))];
}
