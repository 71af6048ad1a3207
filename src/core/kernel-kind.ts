/**
 * Which computation of the pairwise affinity W runs (`pairwise.ts` runs it): no tensors here,
 * so the widgets can say which one runs without loading tfjs on the main thread.
 */

/** Images up to this side get the exact dense kernel; larger ones the local window. */
export const DENSE_MAX_SIDE = 32;
/** The local window never reaches further than this many pixels. */
export const WINDOW_MAX_RADIUS = 6;

export interface KernelWidths {
  /** σ_xy: how far, in pixels, a pixel's affinity reaches. */
  sigmaXy: number;
  /** σ_I: how different two intensities may be and still count as alike. */
  sigmaIntensity: number;
}

/** Which computation of W runs for an image side and σ_xy. */
export type KernelKind = { kind: 'dense' } | { kind: 'window'; radius: number };

/** The dense kernel up to DENSE_MAX_SIDE, else the local window with its radius. */
export function kernelKind(side: number, sigmaXy: number): KernelKind {
  if (side <= DENSE_MAX_SIDE) return { kind: 'dense' };
  return { kind: 'window', radius: Math.max(1, Math.min(WINDOW_MAX_RADIUS, Math.ceil(2 * sigmaXy))) };
}

/** A sentence that says which kernel runs, for the widgets and the Lab. */
export function describeKernel(side: number, sigmaXy: number): string {
  const k = kernelKind(side, sigmaXy);
  return k.kind === 'dense'
    ? `exact dense kernel: every pair of the ${side * side} pixels of an image`
    : `local window of radius ${k.radius} px (${(2 * k.radius + 1) ** 2 - 1} neighbours per pixel)`;
}
