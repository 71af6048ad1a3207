/**
 * Every colour and dash pattern of the site, in one place: the loss colours of charts,
 * legends and static figures; the page themes (the site's CSS custom properties are
 * generated from them by `themeCss`, inlined by Base.astro); the label overlay, grey ramp,
 * outlines and cursor rings of the canvas maps; the colour scales of the maps; dashes.
 *
 * The loss colours have at least 3:1 contrast against both page backgrounds, and every
 * pair stays apart for a reader with deuteranopia (simulated); `tests/unit/palette.test.ts`
 * checks both claims.
 */
import type { LossId } from '../core/catalog';

/** An RGB colour as three bytes. */
export type Rgb = [number, number, number];

export const LOSS_COLORS: Record<LossId, string> = {
  full: '#CC5500',
  partial: '#0066CC',
  oracle: '#808080',
  blend: '#EE22EE',
  'partial-fg': '#4488AA',
  nnpu: '#008844',
  crf: '#F85858',
  ncut: '#0058F0',
};

/** The oracle is drawn dashed: it is a reference, not a contender. */
export const LOSS_DASHED: Record<LossId, boolean> = {
  full: false,
  partial: false,
  oracle: true,
  blend: false,
  'partial-fg': false,
  nnpu: false,
  crf: false,
  ncut: false,
};

/** SVG dash patterns (`stroke-dasharray`), one per role, so a role looks the same in every chart. */
export const DASH = {
  /** A dashed loss (the oracle), and a loss's variant drawn beside it in its own colour. */
  loss: '6,4',
  /** A thin guide in the axes' colour: the coverage c, a theory curve, the true prior. */
  guide: '2,3',
  /** Where the mask-strength blend settles, drawn in the blend's colour across the curves. */
  equilibrium: '6,3,1,3',
  /** A second metric of the same loss in one chart (nnPU's background FPR beside its IoU). */
  companion: '6,3',
  /** The identity line of the propensity panel (p equal to the propensity). */
  identity: '5,4',
} as const;

/** The dash of a loss's curve, or undefined for a solid one. */
export const lossDash = (id: LossId): string | undefined => (LOSS_DASHED[id] ? DASH.loss : undefined);

/** The colour roles of the page; each becomes the CSS custom property `--<role>`. */
export type ThemeRole =
  | 'bg'
  | 'fg'
  | 'muted'
  | 'link'
  | 'link-visited'
  | 'border'
  | 'surface'
  | 'note'
  | 'caution'
  | 'target'
  | 'focus';

/** The page colours of each theme. Print overrides only what paper needs; the rest stays. */
export const THEMES: {
  light: Record<ThemeRole, string>;
  dark: Record<ThemeRole, string>;
  print: Partial<Record<ThemeRole, string>>;
} = {
  light: {
    bg: '#ffffff',
    fg: '#1d1f24',
    muted: '#565c67',
    link: '#0b57b0',
    'link-visited': '#6b3fa0',
    border: '#d5d8de',
    surface: '#f3f4f6',
    note: '#0b57b0',
    caution: '#a34700',
    target: '#fff3b0',
    focus: '#0b57b0',
  },
  dark: {
    bg: '#16181d',
    fg: '#e4e6ea',
    muted: '#a7adb8',
    link: '#8cbcff',
    'link-visited': '#c6a6f2',
    border: '#363a44',
    surface: '#1f2229',
    note: '#8cbcff',
    caution: '#ffab70',
    target: '#3d3a1c',
    focus: '#8cbcff',
  },
  print: {
    bg: '#ffffff',
    fg: '#000000',
    muted: '#333333',
    link: '#000000',
    'link-visited': '#000000',
    border: '#999999',
    surface: '#ffffff',
  },
};

/** Page backgrounds the loss colours are checked against. */
export const BACKGROUNDS = { light: THEMES.light.bg, dark: THEMES.dark.bg } as const;

/** Label overlay colours: amber for foreground, sky blue for background (CVD-safe pair). */
export const LABEL_RGB: Record<'foreground' | 'background', Rgb> = {
  foreground: [255, 176, 0],
  background: [0, 158, 255],
};

/** Grey ramp from black to white: the colour table of images and ground truth. */
export const GREY: Rgb[] = Array.from({ length: 256 }, (_, i) => [i, i, i]);

/** Behind a map canvas before its first frame: the black end of the grey ramp. */
export const MAP_BACKGROUND = '#000000';

/** Outline of the unlabeled foreground on probability and propensity maps. */
export const OUTLINE_RGB: Rgb = [255, 255, 255];

/**
 * The error maps of the border-gap trainer: correct pixels dark, errors within 2 px of a
 * boundary red, errors farther in cyan (Paul Tol's bright scheme, apart for colour-blind readers).
 */
export const ERROR_MAP_RGB: Record<'correct' | 'border' | 'interior', Rgb> = {
  correct: [51, 51, 51],
  border: [238, 102, 119],
  interior: [102, 204, 238],
};

/** A cursor drawn on a map as one light and one dark ring, so that it shows on any pixel. */
export const CURSOR_RINGS = { light: '#ffffff', dark: '#000000' } as const;

/** The colour scales of the maps, as Observable Plot options (domains are set where drawn). */
export const MAP_SCALES = {
  /** p ∈ [0, 1]: cividis, ordered light to dark for every reader. */
  probability: { type: 'linear', scheme: 'cividis' },
  /** Signed gradients: purple–orange, safe for colour-blind readers. */
  gradient: { type: 'diverging', scheme: 'PuOr', reverse: true },
} as const;

/** `rgb(r g b)` of a byte triple, as CSS writes it. */
export const rgbCss = ([r, g, b]: Rgb): string => `rgb(${r} ${g} ${b})`;

/** Colours that do not change with the theme, as CSS custom properties. */
const CONSTANTS: Record<string, string> = {
  'label-fg': rgbCss(LABEL_RGB.foreground),
  'label-bg': rgbCss(LABEL_RGB.background),
  'map-bg': MAP_BACKGROUND,
};

const declarations = (vars: Record<string, string | undefined>): string =>
  Object.entries(vars)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `--${name}: ${value};`)
    .join(' ');

/**
 * The site's colour custom properties as a stylesheet: light by default, dark for readers
 * whose system is dark and who chose nothing, dark for an explicit choice, and print.
 */
export function themeCss(): string {
  const dark = `color-scheme: dark; ${declarations(THEMES.dark)}`;
  return [
    `:root { color-scheme: light; ${declarations(THEMES.light)} ${declarations(CONSTANTS)} }`,
    `@media (prefers-color-scheme: dark) { :root:not([data-theme='light']) { ${dark} } }`,
    `:root[data-theme='dark'] { ${dark} }`,
    // Outranks both dark rules above (specificity 0,2,1).
    `@media print { html:root:not([data-print-theme]) { color-scheme: light; ${declarations(THEMES.print)} } }`,
  ].join('\n');
}
