/**
 * The lockstep trainer: one model per compared loss, all from the same initial weights,
 * all fed the same batches in the same order. Only the loss differs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LOSS_INFO, type LossId, type LossParamKey, lossParams } from './catalog';
import type { Dataset } from './dataset';
import { closedFormLoss, FusedSegmenters, type LockstepOptions } from './fused-model';
import {
  checkLoss,
  type LabelCounts,
  LOSSES,
  type LossError,
  type LossParams,
  type LossTarget,
  lossWithClosedFormGradient,
} from './losses';
import {
  METRIC_SUM_COUNT,
  type MetricCounts,
  type MetricMasks,
  metricInputs,
  metricSums,
  metricsFromSums,
} from './metrics';
import { initialWeights, type LayerWeights, Segmenter } from './model';
import { bilateralKernel } from './pairwise';
import { Rng } from './random';
import type { Settings } from './settings';
import type { GradientPass, Maps, ModelSnapshot, Snapshot } from './snapshot';
import {
  countsPerImage,
  type DataTensors,
  type HeldOutTensors,
  makeOptimizer,
  sumCounts,
  uploadData,
  uploadMasks,
} from './trainer-data';

export type { GradientPass, LockstepOptions, Maps, ModelSnapshot, Snapshot };

/** The settings a trainer reads (data settings shape the dataset instead). */
export type TrainerSettings = Pick<Settings, 'seed' | 'losses' | LossParamKey | 'lr' | 'optimizer' | 'width' | 'batch'>;

interface Member {
  id: LossId;
  /** Its forward pass: its own Segmenter, or its share of the fused models. */
  model: { logits(images: tf.Tensor4D): tf.Tensor4D };
  /** Its own variables and optimizer on the unfused path; null when fused. */
  own: { model: Segmenter; optimizer: tf.Optimizer } | null;
  error: LossError | null;
  lastLoss: tf.Scalar | null;
}

export class LockstepTrainer {
  readonly data: Dataset;
  readonly settings: TrainerSettings;
  private readonly initial: LayerWeights[];
  private readonly tensors: DataTensors;
  private readonly imageCounts: LabelCounts[];
  private readonly datasetCounts: LabelCounts;
  private readonly metricCounts: MetricCounts;
  private readonly heldOut: HeldOutTensors | null;
  private readonly heldOutCounts: MetricCounts | null;
  private members: Member[] = [];
  private bank: FusedSegmenters | null = null;
  readonly fused: boolean;
  private batchRng!: Rng;
  private noiseRng!: Rng;
  private queue: number[] = [];
  private stepCount = 0;
  private disposed = false;

  constructor(data: Dataset, settings: TrainerSettings, options: LockstepOptions = {}) {
    this.fused = options.fused ?? true;
    this.data = data;
    this.settings = { ...settings, losses: [...settings.losses] };
    this.initial = initialWeights(settings.width, new Rng(settings.seed).fork('weights'));
    this.imageCounts = countsPerImage(data);
    this.datasetCounts = sumCounts(this.imageCounts);
    const measured = metricInputs(data.labels, data.truth, data.size);
    this.metricCounts = measured.counts;
    this.tensors = uploadData(data, measured.masks);
    const held = this.heldOutInputs();
    this.heldOutCounts = held?.counts ?? null;
    this.heldOut = held
      ? {
          images: tf.tensor4d(held.images, [held.count, data.size, data.size, 1]),
          masks: uploadMasks(held.masks, [held.count, data.size, data.size, 1]),
        }
      : null;
    this.reset();
  }

  /** Number of steps taken since the last reset. */
  get step(): number {
    return this.stepCount;
  }

  /** The compared loss ids, in order. */
  get losses(): LossId[] {
    return this.members.map((m) => m.id);
  }

  /** Inputs of the held-out measurement, or null when there is no usable held-out set. */
  private heldOutInputs(): (ReturnType<typeof metricInputs> & { images: Float32Array; count: number }) | null {
    const held = this.data.heldOut;
    const area = this.data.size * this.data.size;
    if (!held || held.count < 1 || area < 1) return null;
    const n = held.count * area;
    // A held-out set that does not match the training images' size cannot go through the same model input.
    if (held.images.length !== n || held.labels.length !== n || held.truth.length !== n) return null;
    return { ...metricInputs(held.labels, held.truth, this.data.size), images: held.images, count: held.count };
  }

  /** Values per model in one measurement: training sums, the last loss, then held-out sums. */
  private get rowWidth(): number {
    return METRIC_SUM_COUNT + 1 + (this.heldOut ? METRIC_SUM_COUNT : 0);
  }

  private disposeMembers(): void {
    for (const m of this.members) {
      m.own?.model.dispose();
      m.own?.optimizer.dispose();
      m.lastLoss?.dispose();
    }
    this.bank?.dispose();
    this.bank = null;
    this.members = [];
  }

  /** Back to step 0: the same initial weights and the same batch order as at construction. */
  reset(): void {
    this.disposeMembers();
    const { losses, optimizer, lr } = this.settings;
    const bank =
      this.fused && losses.length > 0 ? new FusedSegmenters(this.initial, losses.length, optimizer, lr) : null;
    this.bank = bank;
    this.members = losses.map((id, k) => {
      const own = bank ? null : { model: new Segmenter(this.initial), optimizer: makeOptimizer(optimizer, lr) };
      const model = own?.model ?? { logits: (images: tf.Tensor4D) => (bank as FusedSegmenters).logits(k, images) };
      return { id, model, own, error: checkLoss(id, this.datasetCounts), lastLoss: null };
    });
    this.batchRng = new Rng(this.settings.seed).fork('batches');
    this.noiseRng = new Rng(this.settings.seed).fork('noise');
    this.queue = [];
    this.stepCount = 0;
  }

  private get params(): LossParams {
    return lossParams(this.settings);
  }

  /** Image indices of the next batch: consecutive slices of seeded epoch permutations. */
  private nextBatch(): number[] {
    const size = Math.min(this.settings.batch, this.data.count);
    while (this.queue.length < size) {
      this.queue.push(...this.batchRng.shuffle(Array.from({ length: this.data.count }, (_, i) => i)));
    }
    return this.queue.splice(0, size);
  }

  /** True when some compared loss reads the pairwise kernel of the images. */
  private get needsKernel(): boolean {
    return this.members.some((m) => LOSS_INFO[m.id].pairwise);
  }

  /** The targets of these images (the batch's, or the whole dataset's when `indices` is null). */
  private target(
    indices: tf.Tensor1D | null,
    counts: LabelCounts,
    images: tf.Tensor4D,
    kernel = this.needsKernel,
  ): LossTarget {
    const pick = (t: tf.Tensor4D) => (indices ? tf.gather(t, indices) : t);
    const { sigmaXy, sigmaIntensity } = this.settings;
    return {
      mask: pick(this.tensors.mask),
      foreground: pick(this.tensors.foreground),
      truth: pick(this.tensors.truth),
      counts,
      ...(kernel ? { pairwise: bilateralKernel(images, { sigmaXy, sigmaIntensity }) } : {}),
    };
  }

  /** The batch's images: the clean ones with fresh seeded noise when known, else as given. */
  private batchImages(batch: number[], indices: tf.Tensor1D): tf.Tensor4D {
    if (!this.tensors.clean) return tf.gather(this.tensors.images, indices);
    const { size, noise } = this.data;
    const eps = new Float32Array(batch.length * size * size);
    for (let i = 0; i < eps.length; i++) eps[i] = noise * this.noiseRng.normal();
    return tf.add(tf.gather(this.tensors.clean, indices), tf.tensor4d(eps, [batch.length, size, size, 1]));
  }

  /** One optimizer step for every model on the same batch. */
  private trainOnce(): void {
    const batch = this.nextBatch();
    const counts = sumCounts(batch.map((i) => this.imageCounts[i] as LabelCounts));
    tf.tidy(() => {
      const indices = tf.tensor1d(batch, 'int32');
      const images = this.batchImages(batch, indices);
      const target = this.target(indices, counts, images);
      const trains = (m: Member) => !m.error && !checkLoss(m.id, counts);
      const keep = (m: Member | undefined, value: tf.Scalar | null) => {
        if (!m || !value) return;
        m.lastLoss?.dispose();
        m.lastLoss = tf.keep(value);
      };
      if (this.bank) {
        const losses = this.members.map((m) => (trains(m) ? closedFormLoss(LOSSES[m.id], target, this.params) : null));
        const values = this.bank.train(images, losses);
        for (const [k, value] of values.entries()) keep(this.members[k], value);
        return;
      }
      for (const member of this.members) {
        if (!member.own || !trains(member)) continue;
        const { model, optimizer } = member.own;
        const loss = lossWithClosedFormGradient(member.id, target, this.params);
        const { value, grads } = tf.variableGrads(() => loss(model.logits(images)), model.variables);
        optimizer.applyGradients(grads);
        keep(member, value);
      }
    });
    this.stepCount++;
  }

  /**
   * Advance every model by `steps` optimizer steps, then measure. Metrics and the last
   * losses come back in one read; maps only when asked for.
   */
  advance(steps = 1, options: { maps?: boolean } = {}): Snapshot {
    this.train(steps);
    return this.snapshot(options);
  }

  /** Advance every model by `steps` optimizer steps without measuring (nothing is read back). */
  train(steps = 1): void {
    if (this.disposed) throw new Error('This trainer was disposed.');
    for (let s = 0; s < steps; s++) this.trainOnce();
  }

  /**
   * Advance by `steps`, measuring every model after every step on the device; all the
   * measurements come back in a single read at the end.
   */
  record(steps: number): Snapshot[] {
    if (this.disposed) throw new Error('This trainer was disposed.');
    const kept: tf.Tensor2D[] = [];
    const first = this.stepCount + 1;
    try {
      for (let s = 0; s < steps; s++) {
        this.trainOnce();
        kept.push(this.measurement());
      }
      if (kept.length === 0) return [];
      const all = tf.stack(kept);
      const values = all.dataSync();
      all.dispose();
      const per = this.members.length * this.rowWidth;
      return kept.map((_, s) => this.readSnapshot(first + s, values.subarray(s * per, (s + 1) * per)));
    } finally {
      for (const t of kept) t.dispose();
    }
  }

  /** Measure without training. */
  snapshot(options: { maps?: boolean } = {}): Snapshot {
    const measured = this.measurement();
    const values = measured.dataSync();
    measured.dispose();
    const snapshot = this.readSnapshot(this.stepCount, values);
    if (options.maps) snapshot.maps = this.maps({ gradients: true });
    return snapshot;
  }

  /**
   * Metric sums and the last batch loss of every model, then its held-out sums when there
   * is a held-out set: a [models, rowWidth] tensor.
   */
  private measurement(): tf.Tensor2D {
    const masks: MetricMasks = {
      unlabeledFg: this.tensors.unlabeledFg,
      unlabeledFgInterior: this.tensors.unlabeledFgInterior,
      unlabeledFgBorder: this.tensors.unlabeledFgBorder,
      background: this.tensors.background,
      truth: this.tensors.truth,
      mask: this.tensors.mask,
      foregroundLabel: this.tensors.foreground,
      nearBoundary: this.tensors.nearBoundary,
      farFromBoundary: this.tensors.farFromBoundary,
    };
    const held = this.heldOut;
    const logits = (images: tf.Tensor4D) =>
      this.bank?.logitsAll(images) ?? this.members.map((m) => m.model.logits(images));
    return tf.tidy(() => {
      // Separate passes keep the training sums exactly what they were without a held-out set.
      const seen = logits(this.tensors.images);
      const unseen = held ? logits(held.images) : [];
      const rows = this.members.map((member, k) => {
        const p = tf.sigmoid(seen[k] as tf.Tensor4D);
        const loss = member.lastLoss ?? tf.scalar(NaN);
        const parts = [metricSums(p, masks), tf.reshape(loss, [1])];
        if (held) parts.push(metricSums(tf.sigmoid(unseen[k] as tf.Tensor4D), held.masks));
        return tf.concat(parts);
      });
      return tf.stack(rows) as tf.Tensor2D;
    });
  }

  private readSnapshot(step: number, values: Float32Array | Int32Array | Uint8Array): Snapshot {
    const width = this.rowWidth;
    const heldCounts = this.heldOutCounts;
    const models = this.members.map((member, k): ModelSnapshot => {
      const row = values.subarray(k * width, (k + 1) * width);
      const loss = row[METRIC_SUM_COUNT] as number;
      return {
        id: member.id,
        label: LOSS_INFO[member.id].label,
        loss: Number.isFinite(loss) ? loss : null,
        metrics: metricsFromSums(row.subarray(0, METRIC_SUM_COUNT), this.metricCounts),
        heldOut:
          this.heldOut && heldCounts
            ? metricsFromSums(row.subarray(METRIC_SUM_COUNT + 1, METRIC_SUM_COUNT + 1 + METRIC_SUM_COUNT), heldCounts)
            : null,
        error: member.error,
      };
    });
    return { step, models, labelDensity: this.data.stats.density, coverage: this.data.stats.coverage };
  }

  /**
   * Per-pixel maps of every model over the whole dataset: probabilities, and (when asked)
   * ∂L/∂z of the loss over the whole dataset, zeros for a loss that cannot train.
   */
  maps(options: { gradients?: boolean } = {}): Maps {
    const tensors = tf.tidy(() => {
      const target = options.gradients ? this.target(null, this.datasetCounts, this.tensors.images) : null;
      return this.members.flatMap((member) => {
        const logits = member.model.logits(this.tensors.images);
        const p = tf.sigmoid(logits);
        if (!target) return [p];
        const grad = member.error ? tf.zerosLike(logits) : LOSSES[member.id].gradLogits(logits, target, this.params);
        return [p, grad];
      });
    });
    const arrays = tensors.map((t) => {
      const a = Float32Array.from(t.dataSync() as Float32Array);
      t.dispose();
      return a;
    });
    const stride = options.gradients ? 2 : 1;
    return {
      probabilities: arrays.filter((_, i) => i % stride === 0),
      gradients: options.gradients ? arrays.filter((_, i) => i % 2 === 1) : [],
    };
  }

  /**
   * One forward/backward pass of one model (the first by default) under several losses:
   * its probabilities, each loss's closed-form ∂L/∂z over the whole dataset, and the max
   * |closed form − autodiff| of each (null for a loss undefined on these labels). Needs
   * tfjs's autodiff gradients registered (`@tensorflow/tfjs-core/dist/register_all_gradients`).
   */
  gradientsUnder(losses: readonly LossId[], modelIndex = 0): GradientPass {
    const member = this.members[modelIndex];
    if (!member) throw new Error(`There is no model ${modelIndex}.`);
    const tensors = tf.tidy(() => {
      const kernel = losses.some((id) => LOSS_INFO[id].pairwise);
      const target = this.target(null, this.datasetCounts, this.tensors.images, kernel);
      const logits = member.model.logits(this.tensors.images);
      const out: tf.Tensor[] = [tf.sigmoid(logits)];
      for (const id of losses) {
        const def = LOSSES[id];
        if (checkLoss(id, this.datasetCounts)) {
          out.push(tf.zerosLike(logits), tf.scalar(NaN));
          continue;
        }
        const closed = def.gradLogits(logits, target, this.params);
        const auto = tf.grad((z: tf.Tensor) => def.value(z, target, this.params))(logits);
        out.push(closed, tf.max(tf.abs(tf.sub(closed, auto))));
      }
      return out;
    });
    const arrays = tensors.map((t) => {
      const a = Float32Array.from(t.dataSync() as Float32Array);
      t.dispose();
      return a;
    });
    return {
      probabilities: arrays[0] as Float32Array,
      gradients: losses.map((_, i) => arrays[1 + 2 * i] as Float32Array),
      maxAbsDiff: losses.map((_, i) => {
        const d = (arrays[2 + 2 * i] as Float32Array)[0] as number;
        return Number.isNaN(d) ? null : d;
      }),
    };
  }

  /** Free every tensor this trainer holds. */
  dispose(): void {
    if (this.disposed) return;
    this.disposeMembers();
    for (const t of Object.values(this.tensors)) t?.dispose();
    if (this.heldOut) {
      this.heldOut.images.dispose();
      for (const t of Object.values(this.heldOut.masks)) t.dispose();
    }
    this.disposed = true;
  }
}
