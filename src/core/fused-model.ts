/**
 * The lockstep models fused: every model's parameters in one flat buffer, updated by one
 * optimizer update (`fused-optimizer.ts`); the first layer, whose input is the same image
 * for every model, run as one convolution with every model's filters concatenated along
 * the output channels, forward and backward; the later layers per model, with the backward
 * pass written out (no autodiff tape). The buffer keeps each filter in the layout its
 * gradient comes out in ([in, kh, kw, out]), and one gather after each update lays out
 * every filter the passes read (the forward filters, and the flipped ones of the input
 * gradients), so no transpose exists only to reshape. Per-model tensors are sliced along a
 * leading model axis, where a slice is one contiguous copy.
 *
 * Every op is the one the unfused path (`Segmenter` + a tfjs optimizer per model) runs on
 * the same values, so the results are bit-identical to it: the training forward pass is
 * tfjs's own unfused form of `fused.conv2d` under a gradient tape (conv2d, add, relu; the
 * linear last layer fused), the measuring forward pass is `fused.conv2d` as `Segmenter`
 * runs it, and a convolution's output channels do not depend on which other channels are
 * computed beside them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type FusedOptimizer, makeFusedOptimizer } from './fused-optimizer';
import type { LossDef, LossParams, LossTarget } from './losses';
import { LAYOUT, type LayerWeights } from './model';
import type { OptimizerId } from './settings';

/** How a lockstep trainer trains: fused (this file) or each model on its own (`Segmenter` + a tfjs optimizer). */
export interface LockstepOptions {
  /** Default true: bit-identical to the unfused path, with a third of its kernels. */
  fused?: boolean;
}

/** One model's loss on its logits: the value, and the closed-form ∂L/∂z that trains it. */
export type StepLoss = (logits: tf.Tensor4D) => { value: tf.Scalar; grad: tf.Tensor };

/** A loss of the table as a step loss: its value and its own closed-form gradient. */
export function closedFormLoss(def: LossDef, target: LossTarget, params: LossParams): StepLoss {
  return (z) => ({ value: def.value(z, target, params), grad: def.gradLogits(z, target, params) });
}

/** One block of the flat buffer: a filter or a bias of one model, or of every model's first layer. */
interface Block {
  /** A filter's shape as the convolutions read it, [kh, kw, in, out]; a bias's [out]. */
  shape: number[];
  size: number;
  /** The model it belongs to; null for the first layer's blocks, whose channels are every model's, model-major. */
  model: number | null;
}

/** One model's layers 2… as the passes read them. */
interface ModelViews {
  filters: tf.Tensor4D[];
  biases: tf.Tensor1D[];
  /** Each filter flipped in space with in/out swapped, [kh, kw, out, in]: the input gradient's filter. */
  flipped: tf.Tensor4D[];
}

/** The buffer's blocks as tensors: views refreshed after every update. */
interface Views {
  /** Every model's first layer: filter [kh, kw, 1, width·models] and bias [width·models]. */
  first: { filter: tf.Tensor4D; bias: tf.Tensor1D };
  models: ModelViews[];
}

/** Layer i's ReLU flag. */
const reluOf = (i: number) => (LAYOUT[i] as (typeof LAYOUT)[number]).relu;

/**
 * ∂L/∂filter of a stride-1 'same' convolution as `model.ts` computes it (a convolution of the
 * input, channels as batch, with the output gradient, batch as channels), left in the layout
 * it comes out in, [in, kh, kw, out], and flattened.
 */
function flatFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number): tf.Tensor1D {
  const pad = (kernel - 1) / 2;
  const g = tf.conv2d(tf.transpose(x, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ]);
  return tf.reshape(g, [-1]);
}

/** A layer's forward pass while training: what `fused.conv2d` runs under a gradient tape. */
function trainingLayer(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, relu: boolean): tf.Tensor4D {
  const pad = (filter.shape[0] - 1) / 2;
  if (!relu) return tf.fused.conv2d({ x, filter, strides: 1, pad, bias, activation: 'linear' });
  return tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(x, filter, 1, pad), bias));
}

/** A layer's forward pass while measuring: `fused.conv2d` as `Segmenter` runs it. */
function measuringLayer(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, relu: boolean): tf.Tensor4D {
  const pad = (filter.shape[0] - 1) / 2;
  return tf.fused.conv2d({ x, filter, strides: 1, pad, bias, activation: relu ? 'relu' : 'linear' });
}

/** Offset in an [in, kh, kw, out] block of the filter element (y, x, c, o) of a [kh, kw, in, out] filter. */
function stored(shape: number[], y: number, x: number, c: number, o: number): number {
  const [kh, kw, , out] = shape as [number, number, number, number];
  return ((c * kh + y) * kw + x) * out + o;
}

/** `count` copies of one segmenter, trained in lockstep through one buffer and one optimizer. */
export class FusedSegmenters {
  readonly count: number;
  private readonly blocks: Block[];
  private readonly theta: tf.Variable;
  private readonly optimizer: FusedOptimizer;
  /** Buffer offset of each element of the views, in view order (blocks, then the flipped filters). */
  private readonly viewIndex: tf.Tensor1D;
  private readonly viewShapes: number[][];
  private views: Views;

  constructor(weights: readonly LayerWeights[], count: number, optimizer: OptimizerId, lr: number) {
    if (weights.length !== LAYOUT.length) throw new Error(`Expected ${LAYOUT.length} layers, got ${weights.length}.`);
    this.count = count;
    const [first, ...rest] = weights as [LayerWeights, ...LayerWeights[]];
    const [kh, kw, inputs, width] = first.shape;
    this.blocks = [
      { shape: [kh, kw, inputs, width * count], size: first.filter.length * count, model: null },
      { shape: [width * count], size: width * count, model: null },
    ];
    for (let k = 0; k < count; k++) {
      for (const l of rest) this.blocks.push({ shape: l.shape, size: l.filter.length, model: k });
      for (const l of rest) this.blocks.push({ shape: [l.bias.length], size: l.bias.length, model: k });
    }
    const values = new Float32Array(this.blocks.reduce((n, b) => n + b.size, 0));
    // First layer: at each filter position, model k's `width` channels after those of models 0…k−1.
    for (let p = 0; p < kh * kw * inputs; p++) {
      for (let k = 0; k < count; k++)
        values.set(first.filter.subarray(p * width, (p + 1) * width), (p * count + k) * width);
    }
    let offset = first.filter.length * count;
    for (let k = 0; k < count; k++) values.set(first.bias, offset + k * width);
    offset += width * count;
    for (let k = 0; k < count; k++) {
      for (const l of rest) {
        const [h, w, c, o] = l.shape;
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++)
            for (let i = 0; i < c; i++)
              for (let j = 0; j < o; j++)
                values[offset + stored(l.shape, y, x, i, j)] = l.filter[((y * w + x) * c + i) * o + j] as number;
        offset += l.filter.length;
      }
      for (const l of rest) {
        values.set(l.bias, offset);
        offset += l.bias.length;
      }
    }
    this.theta = tf.tidy(() => tf.variable(tf.tensor1d(values)));
    this.optimizer = makeFusedOptimizer(optimizer, lr, values.length);
    const { index, shapes } = this.viewLayout();
    this.viewIndex = tf.tensor1d(index, 'int32');
    this.viewShapes = shapes;
    this.views = this.makeViews();
  }

  /** Where each view element lives in the buffer, and the views' shapes. */
  private viewLayout(): { index: Int32Array; shapes: number[][] } {
    const index: number[] = [];
    const shapes: number[][] = [];
    const flips: { at: number; shape: number[] }[] = [];
    let at = 0;
    for (const block of this.blocks) {
      shapes.push(block.shape);
      if (block.shape.length === 1) for (let j = 0; j < block.size; j++) index.push(at + j);
      else {
        const [h, w, c, o] = block.shape as [number, number, number, number];
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++)
            for (let i = 0; i < c; i++) for (let j = 0; j < o; j++) index.push(at + stored(block.shape, y, x, i, j));
        if (block.model !== null) flips.push({ at, shape: block.shape });
      }
      at += block.size;
    }
    for (const { at: base, shape } of flips) {
      const [h, w, c, o] = shape as [number, number, number, number];
      shapes.push([h, w, o, c]);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let j = 0; j < o; j++)
            for (let i = 0; i < c; i++) index.push(base + stored(shape, h - 1 - y, w - 1 - x, i, j));
    }
    return { index: Int32Array.from(index), shapes };
  }

  /** Number of parameters of every model together. */
  get size(): number {
    return this.theta.size;
  }

  /** The views as tensors, kept beyond the caller's tidy: one gather, one split, and reshapes. */
  private makeViews(): Views {
    const shapes = this.viewShapes;
    const shaped = tf.tidy(() => {
      const parts = tf.split(
        tf.gather(this.theta, this.viewIndex),
        shapes.map((s) => s.reduce((n, d) => n * d, 1)),
      );
      return parts.map((t, i) => ((shapes[i] as number[]).length === 1 ? t : tf.reshape(t, shapes[i] as number[])));
    });
    for (const t of shaped) tf.keep(t);
    const layers = LAYOUT.length - 1;
    const flipsAt = this.blocks.length;
    return {
      first: { filter: shaped[0] as tf.Tensor4D, bias: shaped[1] as tf.Tensor1D },
      models: Array.from({ length: this.count }, (_, k) => {
        const at = 2 + 2 * layers * k;
        return {
          filters: shaped.slice(at, at + layers) as tf.Tensor4D[],
          biases: shaped.slice(at + layers, at + 2 * layers) as tf.Tensor1D[],
          flipped: shaped.slice(flipsAt + layers * k, flipsAt + layers * (k + 1)) as tf.Tensor4D[],
        };
      }),
    };
  }

  private disposeViews(): void {
    const { first, models } = this.views;
    tf.dispose([first.filter, first.bias, ...models.flatMap((m) => [...m.filters, ...m.biases, ...m.flipped])]);
  }

  /** Model k's first layer on its own: slices of the concatenated one, in the caller's scope. */
  private firstLayerOf(k: number): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
    const { filter, bias } = this.views.first;
    const [kh, kw, inputs, all] = filter.shape;
    const width = all / this.count;
    return {
      filter: tf.slice(filter, [0, 0, 0, k * width], [kh, kw, inputs, width]),
      bias: tf.slice(bias, [k * width], [width]),
    };
  }

  /** Layers 2… of model k on its first layer's output h. */
  private measureRest(k: number, h: tf.Tensor4D): tf.Tensor4D {
    const own = this.views.models[k] as ModelViews;
    return own.filters.reduce(
      (x, filter, i) => measuringLayer(x, filter, own.biases[i] as tf.Tensor1D, reluOf(i + 1)),
      h,
    );
  }

  /** Logits [batch, H, W, 1] of model k, as `Segmenter.logits` computes them. */
  logits(k: number, images: tf.Tensor4D): tf.Tensor4D {
    const first = this.firstLayerOf(k);
    return this.measureRest(k, measuringLayer(images, first.filter, first.bias, reluOf(0)));
  }

  /** Logits of every model, the first layer computed once for all (the same values as `logits`). */
  logitsAll(images: tf.Tensor4D): tf.Tensor4D[] {
    if (this.count === 0) return [];
    const h1 = measuringLayer(images, this.views.first.filter, this.views.first.bias, reluOf(0));
    return this.byModel(h1).map((h, k) => this.measureRest(k, h));
  }

  /** [B, H, W, width·models] → each model's [B, H, W, width], through a leading model axis. */
  private byModel(h: tf.Tensor4D): tf.Tensor4D[] {
    const [b, height, w, all] = h.shape;
    if (this.count === 1) return [h];
    const width = all / this.count;
    const pixels = b * height * w;
    const modelMajor = tf.transpose(tf.reshape(h, [pixels, this.count, width]), [1, 0, 2]);
    return tf.unstack(modelMajor).map((t) => tf.reshape(t, [b, height, w, width]));
  }

  /** Each model's [B, H, W, width] → [B, H, W, width·models], model-major channels. */
  private joinModels(parts: tf.Tensor4D[]): tf.Tensor4D {
    if (parts.length === 1) return parts[0] as tf.Tensor4D;
    const [b, height, w, width] = (parts[0] as tf.Tensor4D).shape;
    const pixels = b * height * w;
    const modelMajor = tf.reshape(tf.stack(parts), [this.count, pixels, width]);
    return tf.reshape(tf.transpose(modelMajor, [1, 0, 2]), [b, height, w, width * this.count]);
  }

  /**
   * One optimizer step of every model whose loss is given, on the same images; a null loss
   * leaves that model (parameters and optimizer state) as it is. Returns each model's loss
   * value (null where skipped). Call it inside a tidy: the values belong to the caller's scope.
   */
  train(images: tf.Tensor4D, losses: readonly (StepLoss | null)[]): (tf.Scalar | null)[] {
    if (losses.length !== this.count) throw new Error(`Expected ${this.count} losses, got ${losses.length}.`);
    if (this.count === 0) return [];
    const { first, models } = this.views;
    const layers = LAYOUT.length - 1;
    const h1 = trainingLayer(images, first.filter, first.bias, reluOf(0));
    const inputs = this.byModel(h1);
    const values: (tf.Scalar | null)[] = [];
    const upstream: tf.Tensor4D[] = [];
    const grads: tf.Tensor[] = [];
    models.forEach((own, k) => {
      const loss = losses[k];
      const input = inputs[k] as tf.Tensor4D;
      if (!loss) {
        values.push(null);
        upstream.push(tf.zerosLike(input));
        grads.push(tf.zeros([this.modelSize]));
        return;
      }
      const acts = [input];
      own.filters.forEach((filter, i) => {
        acts.push(trainingLayer(acts[i] as tf.Tensor4D, filter, own.biases[i] as tf.Tensor1D, reluOf(i + 1)));
      });
      const { value, grad } = loss(acts[layers] as tf.Tensor4D);
      values.push(value);
      const dFilters: tf.Tensor[] = [];
      const dBiases: tf.Tensor[] = [];
      let dy = grad as tf.Tensor4D;
      for (let i = layers - 1; i >= 0; i--) {
        const kernel = (own.filters[i] as tf.Tensor4D).shape[0];
        const dz = reluOf(i + 1) ? tf.mul<tf.Tensor4D>(dy, tf.step(acts[i + 1] as tf.Tensor4D)) : dy;
        dBiases[i] = tf.sum(dz, [0, 1, 2]);
        dFilters[i] = flatFilterGradient(acts[i] as tf.Tensor4D, dz, kernel);
        dy = tf.conv2d(dz, own.flipped[i] as tf.Tensor4D, 1, (kernel - 1) / 2);
      }
      upstream.push(dy);
      grads.push(...dFilters, ...dBiases);
    });
    const dy1 = this.joinModels(upstream);
    const dz1 = reluOf(0) ? tf.mul<tf.Tensor4D>(dy1, tf.step(h1)) : dy1;
    const dFirst = [flatFilterGradient(images, dz1, first.filter.shape[0]), tf.sum(dz1, [0, 1, 2])];
    const grad = tf.concat([...dFirst, ...grads]);
    this.optimizer.apply(this.theta, grad, losses.every(Boolean) ? null : this.activeMask(losses));
    this.disposeViews();
    this.views = this.makeViews();
    return values;
  }

  /** Parameters of one model's layers 2… (its share of the buffer beyond the first layer). */
  private get modelSize(): number {
    return this.blocks.filter((b) => b.model === 0).reduce((n, b) => n + b.size, 0);
  }

  /** 1 on the buffer's elements of the models that train this step. */
  private activeMask(losses: readonly (StepLoss | null)[]): tf.Tensor1D {
    const mask = new Uint8Array(this.theta.size);
    let offset = 0;
    for (const block of this.blocks) {
      const channels = block.shape.at(-1) as number;
      for (let j = 0; j < block.size; j++) {
        // First-layer blocks: the channel (last axis, also last in the buffer) says whose element it is.
        const model = block.model ?? Math.floor((j % channels) / (channels / this.count));
        mask[offset + j] = losses[model] ? 1 : 0;
      }
      offset += block.size;
    }
    return tf.tensor1d(mask, 'bool');
  }

  dispose(): void {
    this.disposeViews();
    this.viewIndex.dispose();
    this.theta.dispose();
    this.optimizer.dispose();
  }
}
