/**
 * One colour per loss, the same in every chart, map legend and static figure of the site.
 *
 * Chosen so that each colour has at least 3:1 contrast against both the light and the
 * dark page background, and every pair stays apart for a reader with deuteranopia
 * (simulated); `tests/unit/palette.test.ts` checks both claims.
 */
import type { LossId } from '../lab/catalog';

export const LOSS_COLORS: Record<LossId, string> = {
  full: '#CC5500',
  partial: '#0066CC',
  oracle: '#808080',
  blend: '#EE22EE',
  'partial-fg': '#4488AA',
  nnpu: '#008844',
};

/** The oracle is drawn dashed: it is a reference, not a contender. */
export const LOSS_DASHED: Record<LossId, boolean> = {
  full: false,
  partial: false,
  oracle: true,
  blend: false,
  'partial-fg': false,
  nnpu: false,
};

/** Page backgrounds the colours are checked against (also set in the site's CSS). */
export const BACKGROUNDS = { light: '#ffffff', dark: '#16181d' } as const;
