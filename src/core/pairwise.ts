/**
 * Pairwise (edge-aware) regularisers on the soft segmentation p = σ(z): the Potts
 * relaxation that DenseCRF losses use and the normalized cut, both built on a Gaussian
 * bilateral affinity W between the pixels of each image,
 *
 *   W_ij = exp(−‖x_i − x_j‖² / 2σ_xy² − (I_i − I_j)² / 2σ_I²),   W_ii = 0.
 *
 * Two ways of computing W v run the same formulas: the exact dense kernel (every pair of
 * pixels of an image, one [N, N] matrix per image) for images of up to DENSE_MAX_SIDE² pixels,
 * and a local window of radius ⌈2σ_xy⌉ (at most WINDOW_MAX_RADIUS) beyond, as the Gated CRF
 * loss does. Pixels outside the image are padding: they have no affinity to anything.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type KernelKind, type KernelWidths, kernelKind } from './kernel-kind';

export {
  DENSE_MAX_SIDE,
  describeKernel,
  type KernelKind,
  type KernelWidths,
  kernelKind,
  WINDOW_MAX_RADIUS,
} from './kernel-kind';

/**
 * W of every image of a batch, ready to multiply: `apply(v)` is W v for each image
 * (v shaped like the logits), `degree` is d = W 1 and `mass` the total Σ_ij W_ij over the batch.
 */
export interface PairwiseKernel {
  readonly kind: KernelKind;
  /** Number of images (the leading axis). */
  readonly images: number;
  readonly degree: tf.Tensor;
  readonly mass: tf.Scalar;
  apply(v: tf.Tensor): tf.Tensor;
}

/**
 * Build the kernel of `images` ([B, H, W, 1], the network's input) for these widths, the
 * computation chosen by `kernelKind` unless `kind` forces one.
 */
export function bilateralKernel(
  images: tf.Tensor4D,
  widths: KernelWidths,
  kind: KernelKind = kernelKind(images.shape[1], widths.sigmaXy),
): PairwiseKernel {
  const [batch, side, width] = images.shape;
  if (side !== width) throw new Error(`The pairwise kernel needs square images, got ${side}×${width}.`);
  return kind.kind === 'dense' ? denseKernel(images, widths) : windowKernel(images, widths, kind.radius, batch);
}

/** Squared distances between the pixel centres of a side × side grid, [N, N]. */
function gridDistances(side: number): tf.Tensor2D {
  const n = side * side;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i % side;
    ys[i] = Math.floor(i / side);
  }
  const x = tf.tensor1d(xs);
  const y = tf.tensor1d(ys);
  const dx = tf.sub(tf.reshape(x, [n, 1]), tf.reshape(x, [1, n]));
  const dy = tf.sub(tf.reshape(y, [n, 1]), tf.reshape(y, [1, n]));
  return tf.add(tf.square(dx), tf.square(dy)) as tf.Tensor2D;
}

/**
 * A kernel from explicit affinity matrices [B, N, N] (symmetric, zero diagonal): the dense
 * kernel builds one, and tests build their own.
 */
export function kernelFromMatrices(w: tf.Tensor3D, shape: number[]): PairwiseKernel {
  const [batch, n] = w.shape;
  const columns = (v: tf.Tensor) => tf.reshape(v, [batch, n, 1]);
  const degree = tf.reshape(tf.sum(w, 2), shape);
  return {
    kind: { kind: 'dense' },
    images: batch,
    degree,
    mass: tf.sum(degree),
    apply: (v) => tf.reshape(tf.matMul(w, columns(v)), v.shape),
  };
}

function denseKernel(images: tf.Tensor4D, { sigmaXy, sigmaIntensity }: KernelWidths): PairwiseKernel {
  const [batch, side] = images.shape;
  const n = side * side;
  // Only W outlives the construction: the [B, N, N] intermediates go at once.
  const w = tf.tidy(() => {
    const intensity = tf.reshape(images, [batch, n]);
    const di = tf.square(tf.sub(tf.reshape(intensity, [batch, n, 1]), tf.reshape(intensity, [batch, 1, n])));
    const exponent = tf.add(
      tf.mul(gridDistances(side), -1 / (2 * sigmaXy * sigmaXy)),
      tf.mul(di, -1 / (2 * sigmaIntensity * sigmaIntensity)),
    );
    return tf.mul(tf.exp(exponent), tf.sub(1, tf.eye(n))) as tf.Tensor3D;
  });
  return kernelFromMatrices(w, images.shape);
}

/** A [k, k, 1, k²−1] filter whose channel c copies the pixel at the c-th offset (centre left out). */
function shiftFilters(radius: number): { filter: tf.Tensor4D; spatial: Float32Array } {
  const k = 2 * radius + 1;
  const channels = k * k - 1;
  const values = new Float32Array(k * k * channels);
  const offsets: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) if (dx !== 0 || dy !== 0) offsets.push([dx, dy]);
  }
  offsets.forEach(([dx, dy], c) => {
    values[((dy + radius) * k + (dx + radius)) * channels + c] = 1;
  });
  const spatial = Float32Array.from(offsets, ([dx, dy]) => dx * dx + dy * dy);
  return { filter: tf.tensor4d(values, [k, k, 1, channels]), spatial };
}

function windowKernel(
  images: tf.Tensor4D,
  { sigmaXy, sigmaIntensity }: KernelWidths,
  radius: number,
  batch: number,
): PairwiseKernel {
  const { filter, spatial } = shiftFilters(radius);
  const neighbours = (v: tf.Tensor) => tf.conv2d(tf.reshape(v, images.shape) as tf.Tensor4D, filter, 1, 'same');
  // Zero padding: a neighbour outside the image has no affinity, so it is masked out of W.
  const w = tf.tidy(() => {
    const inside = neighbours(tf.onesLike(images));
    const di = tf.square(tf.sub(images, neighbours(images)));
    const spatialTerm = tf.tensor1d(spatial.map((d) => -d / (2 * sigmaXy * sigmaXy)));
    return tf.mul(tf.exp(tf.add(tf.mul(di, -1 / (2 * sigmaIntensity * sigmaIntensity)), spatialTerm)), inside);
  });
  const apply = (v: tf.Tensor) => tf.reshape(tf.sum(tf.mul(w, neighbours(v)), 3, true), v.shape);
  const degree = tf.sum(w, 3, true);
  return { kind: { kind: 'window', radius }, images: batch, degree, mass: tf.sum(degree), apply };
}

/** Per-image sums of a tensor shaped like the logits: [B]. */
function perImage(v: tf.Tensor, images: number): tf.Tensor1D {
  return tf.sum(tf.reshape(v, [images, -1]), 1) as tf.Tensor1D;
}

/**
 * The Potts relaxation Σ_k S_kᵀ W (1 − S_k) over the two classes (S_fg = p, S_bg = 1 − p),
 * = 2 pᵀ W (1 − p) for a symmetric W, summed over the batch and divided by the kernel's total
 * mass: the share of the affinity that joins pixels of different classes, between 0 and 1/2.
 */
export function pottsValue(p: tf.Tensor, kernel: PairwiseKernel): tf.Scalar {
  const cut = tf.sub(tf.sum(tf.mul(p, kernel.degree)), tf.sum(tf.mul(p, kernel.apply(p))));
  return tf.div(tf.mul(2, cut), massOf(kernel));
}

/** ∂(pottsValue)/∂z = 2 (d − 2 W p) ⊙ p (1 − p) / mass. */
export function pottsGradLogits(p: tf.Tensor, kernel: PairwiseKernel): tf.Tensor {
  const dp = tf.mul(2, tf.sub(kernel.degree, tf.mul(2, kernel.apply(p))));
  return tf.div(tf.mul(dp, tf.mul(p, tf.sub(1, p))), massOf(kernel));
}

/**
 * The kernel's total mass, kept off zero: at the narrowest widths (σ_xy 0.5 px, σ_I 0.05) on a
 * noisy image every affinity can underflow, and the term is then 0, not 0/0.
 */
const MASS_FLOOR = 1e-12;
const massOf = (kernel: PairwiseKernel) => tf.maximum(kernel.mass, MASS_FLOOR);

/** Keeps a volume away from zero when one class is (almost) absent from an image. */
export const VOLUME_EPSILON = 1e-6;

/** Per image: cut = pᵀ W (1 − p), the volumes d ᵀ p and dᵀ (1 − p), and W p. */
function cutParts(p: tf.Tensor, kernel: PairwiseKernel) {
  const wp = kernel.apply(p);
  const volumeFg = tf.add(perImage(tf.mul(kernel.degree, p), kernel.images), VOLUME_EPSILON);
  const volumeAll = perImage(kernel.degree, kernel.images);
  const volumeBg = tf.add(tf.sub(volumeAll, volumeFg), 2 * VOLUME_EPSILON);
  const cut = tf.sub(perImage(tf.mul(p, kernel.degree), kernel.images), perImage(tf.mul(p, wp), kernel.images));
  return { wp, volumeFg, volumeBg, cut };
}

/**
 * The normalized cut Σ_k S_kᵀ W (1 − S_k) / dᵀ S_k, averaged over the images of the batch:
 * cut/vol(fg) + cut/vol(bg), between 0 and 2, whatever the image size or the kernel's scale.
 */
export function normalizedCutValue(p: tf.Tensor, kernel: PairwiseKernel): tf.Scalar {
  const { volumeFg, volumeBg, cut } = cutParts(p, kernel);
  return tf.mean(tf.add(tf.div(cut, volumeFg), tf.div(cut, volumeBg)));
}

/**
 * ∂(normalizedCutValue)/∂z per pixel of image b:
 * [(d − 2Wp)(1/V_fg + 1/V_bg) + cut·d(1/V_bg² − 1/V_fg²)] ⊙ p (1 − p) / B.
 */
export function normalizedCutGradLogits(p: tf.Tensor, kernel: PairwiseKernel): tf.Tensor {
  const { wp, volumeFg, volumeBg, cut } = cutParts(p, kernel);
  const b = kernel.images;
  const perPixel = (v: tf.Tensor) => tf.reshape(v, [b, 1]);
  const byVolume = tf.add(tf.div(1, volumeFg), tf.div(1, volumeBg));
  const byCut = tf.mul(cut, tf.sub(tf.div(1, tf.square(volumeBg)), tf.div(1, tf.square(volumeFg))));
  const shaped = (v: tf.Tensor) => tf.reshape(v, [b, -1]);
  const dp = tf.add(
    tf.mul(shaped(tf.sub(kernel.degree, tf.mul(2, wp))), perPixel(byVolume)),
    tf.mul(shaped(kernel.degree), perPixel(byCut)),
  );
  return tf.div(tf.mul(tf.reshape(dp, p.shape), tf.mul(p, tf.sub(1, p))), b);
}
