/**
 * The numbers behind the propensity scatter, on plain arrays (no DOM, no chart library), so
 * that they can be tested in Node: pixels binned by x = e(x)·P(y = 1 | x), with full CE's
 * mean p in each bin.
 */

/** One bin of the scatter: its range of x, how many pixels fell in it, and their means. */
export interface PropensityBin {
  from: number;
  to: number;
  pixels: number;
  /** Mean x of the bin's pixels (where its dot sits), and mean p over them. */
  meanX: number;
  meanP: number;
}

/**
 * x = e(x)·P(y = 1 | x) per pixel. The synthetic truth is deterministic (P(y = 1 | x) is 0 or 1),
 * so x is e on true foreground and 0 on background. Values outside [0, 1] or not finite count as 0.
 */
export function labeledShare(rate: ArrayLike<number>, truth: ArrayLike<number>): Float32Array {
  const n = Math.min(rate.length, truth.length);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const e = rate[i] as number;
    x[i] = truth[i] === 1 && Number.isFinite(e) ? Math.min(1, Math.max(0, e)) : 0;
  }
  return x;
}

/**
 * Pixels binned into `bins` equal ranges of x over [0, 1] (x = 1 in the last bin), with mean x
 * and mean p per bin; empty bins, and pixels whose p is not finite, are left out.
 */
export function binByPropensity(x: ArrayLike<number>, p: ArrayLike<number>, bins = 10): PropensityBin[] {
  const k = Math.max(1, Math.floor(Number.isFinite(bins) ? bins : 10));
  const count = new Float64Array(k);
  const sumX = new Float64Array(k);
  const sumP = new Float64Array(k);
  const n = Math.min(x.length, p.length);
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const pi = p[i] as number;
    if (!Number.isFinite(xi) || !Number.isFinite(pi)) continue;
    const b = Math.min(k - 1, Math.max(0, Math.floor(xi * k)));
    count[b] = (count[b] as number) + 1;
    sumX[b] = (sumX[b] as number) + xi;
    sumP[b] = (sumP[b] as number) + pi;
  }
  const out: PropensityBin[] = [];
  for (let b = 0; b < k; b++) {
    const c = count[b] as number;
    if (c === 0) continue;
    out.push({
      from: b / k,
      to: (b + 1) / k,
      pixels: c,
      meanX: (sumX[b] as number) / c,
      meanP: (sumP[b] as number) / c,
    });
  }
  return out;
}
