/**
 * A tiny fully-convolutional segmenter: three 3×3 convolutions with ReLU, then a 1×1
 * convolution to one logit per pixel. It sees only intensities, never pixel coordinates.
 *
 * Each layer is one fused forward op with a hand-written backward pass whose filter
 * gradient is itself a convolution, so training runs on backends that lack the
 * Conv2DBackpropFilter kernel (WASM) and avoids its slow path elsewhere (CPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './random';

export interface LayerWeights {
  /** Filter values in tfjs order [kh, kw, in, out]. */
  filter: Float32Array;
  bias: Float32Array;
  shape: [number, number, number, number];
}

/** Kernel sizes and ReLU of each layer; widths come from the settings. */
export const LAYOUT = [
  { kernel: 3, relu: true },
  { kernel: 3, relu: true },
  { kernel: 3, relu: true },
  { kernel: 1, relu: false },
] as const;

/** Shape [kh, kw, in, out] of each layer for a model of the given hidden width. */
function layerShapes(width: number): [number, number, number, number][] {
  return LAYOUT.map((layer, i) => [
    layer.kernel,
    layer.kernel,
    i === 0 ? 1 : width,
    i === LAYOUT.length - 1 ? 1 : width,
  ]);
}

/** He-normal initial weights for a model of the given hidden width, drawn from `rng`. */
export function initialWeights(width: number, rng: Rng): LayerWeights[] {
  return layerShapes(width).map((shape) => {
    const [kh, kw, inputs, outputs] = shape;
    const scale = Math.sqrt(2 / (kh * kw * inputs));
    const filter = new Float32Array(kh * kw * inputs * outputs);
    for (let j = 0; j < filter.length; j++) filter[j] = rng.normal() * scale;
    return { filter, bias: new Float32Array(outputs), shape };
  });
}

/** Multiply-adds of one forward pass per pixel, for FLOP counts in the benchmark. */
export function multiplyAddsPerPixel(width: number): number {
  return layerShapes(width).reduce((sum, [kh, kw, i, o]) => sum + kh * kw * i * o, 0);
}

/**
 * FLOPs of one training step per pixel: forward pass, filter gradients and input
 * gradients (none for the first layer, whose input is the image). Element-wise work and
 * the optimizer are left out: they are small beside the convolutions.
 */
export function trainingFlopsPerPixel(width: number): number {
  const macs = layerShapes(width).map(([kh, kw, i, o]) => kh * kw * i * o);
  const total = macs.reduce((a, b) => a + b, 0);
  return 2 * (total + total + (total - (macs[0] as number)));
}

/** The filter a 'same' convolution's input gradient needs: flipped in space, in/out swapped. */
function flipFilter(filter: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
}

/**
 * ∂L/∂filter of a stride-1 'same' convolution, as a convolution of the input (channels as
 * batch) with the output gradient (batch as channels).
 */
export function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number): tf.Tensor4D {
  const pad = (kernel - 1) / 2;
  const inputAsBatch = tf.transpose(x, [3, 1, 2, 0]);
  const gradAsFilter = tf.transpose(dy, [1, 2, 0, 3]);
  // Explicit padding: a numeric pad assumes a square filter, and this one is H × W.
  const g = tf.conv2d(inputAsBatch, gradAsFilter, 1, [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ]);
  return tf.transpose(g, [1, 2, 0, 3]);
}

/**
 * One convolution layer (stride 1, 'same', optional ReLU) with the backward pass above.
 * `inputGradient` false skips ∂L/∂x for the first layer, whose input is the image.
 */
export function convLayer(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  relu: boolean,
  inputGradient = true,
): tf.Tensor4D {
  const kernel = filter.shape[0];
  const pad = (kernel - 1) / 2;
  const forward = (input: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const y = tf.fused.conv2d({ x: input, filter: w, strides: 1, pad, bias: b, activation: relu ? 'relu' : 'linear' });
    save([input, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const dz: tf.Tensor4D = relu ? tf.mul(dy, tf.step(ys)) : dy;
        const db = tf.sum(dz, [0, 1, 2]);
        const dw = filterGradient(xs, dz, kernel);
        const dx = inputGradient ? tf.conv2d(dz, flipFilter(ws), 1, pad) : tf.zerosLike(xs);
        return [dx, dw, db];
      },
    };
  };
  const op = tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as (a: tf.Tensor4D, b: tf.Tensor4D, c: tf.Tensor1D) => tf.Tensor4D)(x, filter, bias);
}

/** A segmenter's trainable variables and its forward pass. */
export class Segmenter {
  readonly filters: tf.Variable<tf.Rank.R4>[];
  readonly biases: tf.Variable<tf.Rank.R1>[];

  constructor(weights: readonly LayerWeights[]) {
    // tidy frees the initial-value tensors; the variables themselves survive it.
    this.filters = tf.tidy(() => weights.map((l) => tf.variable(tf.tensor4d(l.filter, l.shape))));
    this.biases = tf.tidy(() => weights.map((l) => tf.variable(tf.tensor1d(l.bias))));
  }

  /** Every trainable variable, filters then biases. */
  get variables(): tf.Variable[] {
    return [...this.filters, ...this.biases];
  }

  /** Logits [batch, H, W, 1] for images [batch, H, W, 1]. */
  logits(images: tf.Tensor4D): tf.Tensor4D {
    let h = images;
    LAYOUT.forEach((layer, i) => {
      h = convLayer(h, this.filters[i] as tf.Tensor4D, this.biases[i] as tf.Tensor1D, layer.relu, i > 0);
    });
    return h;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
