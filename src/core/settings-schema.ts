/**
 * The fields of every experiment setting: their types and the one SCHEMA (default, range,
 * unit, one-line description) that sliders, the URL hash and tests all read.
 */
import { LOSS_IDS, LOSS_PARAM_FIELDS, type LossId, type LossParamKey } from './catalog';

export type LabelType = 'scribbles' | 'clicks' | 'scar' | 'skeleton';
export type OptimizerId = 'adam' | 'sgd';

/** Every setting: the loss parameters come from the loss table (`catalog.ts`). */
export interface Settings extends Record<LossParamKey, number> {
  seed: number;
  size: number;
  images: number;
  batch: number;
  shapes: number;
  radius: number;
  contrast: number;
  noise: number;
  labelType: LabelType;
  density: number;
  background: boolean;
  losses: LossId[];
  lr: number;
  optimizer: OptimizerId;
  width: number;
  speed: number;
}

export type SettingKey = keyof Settings;

interface FieldCommon {
  /** Name shown beside the control. */
  label: string;
  /** One line the interface shows under the control. */
  description: string;
  /** Unit shown after the value ('' when the value has none). */
  unit: string;
}

export interface NumberField extends FieldCommon {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  /** Slider step; integers when `integer` is set. */
  step: number;
  integer: boolean;
  /** 'log' sliders move in ratios (learning rate). */
  scale: 'linear' | 'log';
  /**
   * Left out of links and CSV headers while at its default: set on settings added after
   * links were shared, so that every link and CSV made before keeps its exact bytes.
   */
  omitAtDefault?: true;
}

export interface ChoiceField<T extends string> extends FieldCommon {
  kind: 'choice';
  default: T;
  options: readonly T[];
  /** Words the interface shows for each option; the option's id where one is missing. */
  optionLabels?: Readonly<Partial<Record<T, string>>>;
}

export interface BooleanField extends FieldCommon {
  kind: 'boolean';
  default: boolean;
}

export interface ListField<T extends string> extends FieldCommon {
  kind: 'list';
  default: readonly T[];
  options: readonly T[];
}

export type Field = NumberField | ChoiceField<string> | BooleanField | ListField<string>;

type FieldFor<V> = [V] extends [number]
  ? NumberField
  : [V] extends [boolean]
    ? BooleanField
    : [V] extends [readonly (infer E extends string)[]]
      ? ListField<E>
      : [V] extends [string]
        ? ChoiceField<V>
        : never;

export type Schema = { [K in SettingKey]: FieldFor<Settings[K]> };

const num = (
  spec: Omit<NumberField, 'kind' | 'integer' | 'scale'> & Partial<Pick<NumberField, 'integer' | 'scale'>>,
): NumberField => ({ kind: 'number', integer: false, scale: 'linear', ...spec });

export const SCHEMA: Schema = {
  seed: num({
    label: 'Seed',
    description: 'Seeds every random draw: images, labels, initial weights and batch order.',
    unit: '',
    default: 1,
    min: 0,
    max: 99999,
    step: 1,
    integer: true,
  }),
  size: num({
    label: 'Image size',
    description: 'Width and height of each square training image.',
    unit: 'px',
    default: 32,
    min: 16,
    max: 64,
    step: 8,
    integer: true,
  }),
  images: num({
    label: 'Images',
    description: 'Number of training images in the scene.',
    unit: '',
    default: 8,
    min: 1,
    max: 16,
    step: 1,
    integer: true,
  }),
  batch: num({
    label: 'Batch size',
    description: 'Images per training step (at most the number of images).',
    unit: '',
    default: 4,
    min: 1,
    max: 16,
    step: 1,
    integer: true,
  }),
  shapes: num({
    label: 'Objects per image',
    description: 'How many foreground ellipses each image holds.',
    unit: '',
    default: 2,
    min: 1,
    max: 5,
    step: 1,
    integer: true,
  }),
  radius: num({
    label: 'Object radius',
    description: 'Typical ellipse radius; each object varies by ±35% around it.',
    unit: 'px',
    default: 7,
    min: 3,
    max: 16,
    step: 1,
    integer: true,
  }),
  contrast: num({
    label: 'Contrast',
    description: 'Mean brightness difference between foreground and background.',
    unit: '',
    default: 1,
    min: 0,
    max: 2,
    step: 0.05,
  }),
  noise: num({
    label: 'Noise',
    description: 'Standard deviation of the per-pixel Gaussian noise.',
    unit: '',
    default: 0.6,
    min: 0,
    max: 1.5,
    step: 0.05,
  }),
  labelType: {
    kind: 'choice',
    label: 'Label type',
    description:
      'Scribbles are random strokes inside each region; clicks are small discs; random pixels label each pixel independently (SCAR); skeleton scribbles follow each region’s medial axis, away from its border.',
    unit: '',
    default: 'scribbles',
    options: ['scribbles', 'clicks', 'scar', 'skeleton'],
    optionLabels: {
      scribbles: 'scribbles (random strokes)',
      clicks: 'clicks',
      scar: 'random pixels (SCAR)',
      skeleton: 'skeleton scribbles',
    },
  },
  density: num({
    label: 'Label density',
    description: 'Target share of each region’s pixels that carry a label (the coverage c of foreground).',
    unit: '',
    default: 0.15,
    min: 0.01,
    max: 1,
    step: 0.01,
  }),
  background: {
    kind: 'boolean',
    label: 'Background labels',
    description: 'Also scribble on the background, at the same density.',
    unit: '',
    default: true,
  },
  losses: {
    kind: 'list',
    label: 'Losses compared',
    description: 'One model per loss, trained in lockstep from the same start on the same batches.',
    unit: '',
    default: ['full', 'partial', 'oracle'],
    options: LOSS_IDS,
  },
  ...LOSS_PARAM_FIELDS,
  lr: num({
    label: 'Learning rate',
    description: 'Step size of the optimizer.',
    unit: '',
    default: 0.01,
    min: 0.0001,
    max: 0.3,
    step: 0.0001,
    scale: 'log',
  }),
  optimizer: {
    kind: 'choice',
    label: 'Optimizer',
    description: 'Adam adapts each weight’s step size; SGD uses the raw gradient.',
    unit: '',
    default: 'adam',
    options: ['adam', 'sgd'],
  },
  width: num({
    label: 'Model width',
    description: 'Channels in each hidden convolution layer.',
    unit: 'channels',
    default: 8,
    min: 2,
    max: 32,
    step: 1,
    integer: true,
  }),
  speed: num({
    label: 'Speed',
    description: 'Training steps per second the widget aims for.',
    unit: 'steps/s',
    default: 30,
    min: 1,
    max: 120,
    step: 1,
    integer: true,
  }),
};

export const SETTING_KEYS = Object.keys(SCHEMA) as SettingKey[];
