/**
 * The one schema of every experiment setting, shared by sliders, the URL hash and tests.
 *
 * Each field has a default, a range, a unit and a one-line description. `parseSettings`
 * never fails: junk becomes a valid value, and every change is reported.
 */
import { LOSS_IDS, type LossId } from './catalog';

export type LabelType = 'scribbles' | 'clicks' | 'scar' | 'skeleton';
export type OptimizerId = 'adam' | 'sgd';

export interface Settings {
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
  lambda: number;
  prior: number;
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
  lambda: num({
    label: 'Mask strength λ',
    description: 'Weight of unlabeled-as-background terms: 0 is partial CE, 1 is full CE.',
    unit: '',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.01,
  }),
  prior: num({
    label: 'Class prior π',
    description: 'Share of foreground pixels that nnPU assumes (the default scene has about 0.28).',
    unit: '',
    default: 0.28,
    min: 0.01,
    max: 0.99,
    step: 0.01,
  }),
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

/** What `parseSettings` changed, and why, in words the page can show. */
export interface Correction {
  key: string;
  input: string;
  message: string;
}

export interface ParseResult {
  settings: Settings;
  corrections: Correction[];
}

/** The default settings, a fresh object. */
export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const field = SCHEMA[key];
    out[key] = field.kind === 'list' ? [...field.default] : field.default;
  }
  return out as unknown as Settings;
}

/** Shortest decimal text that reads back to the same number. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Clamp to the field's range and round to an integer where the field wants one. */
function fitNumber(field: NumberField, value: number): number {
  let v = Math.min(field.max, Math.max(field.min, value));
  if (field.integer) v = Math.round(v);
  return v;
}

type FieldOutcome<V> = { value: V; message?: string };

function readNumber(field: NumberField, raw: string): FieldOutcome<number> {
  const text = raw.trim();
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    return { value: field.default, message: `not a number; using the default ${formatNumber(field.default)}` };
  }
  const fitted = fitNumber(field, value);
  if (fitted !== value) {
    const why =
      value < field.min || value > field.max
        ? `outside ${formatNumber(field.min)}–${formatNumber(field.max)}`
        : 'must be a whole number';
    return { value: fitted, message: `${why}; using ${formatNumber(fitted)}` };
  }
  return { value };
}

function readChoice(field: ChoiceField<string>, raw: string): FieldOutcome<string> {
  if (field.options.includes(raw)) return { value: raw };
  return { value: field.default, message: `not one of ${field.options.join(', ')}; using ${field.default}` };
}

function readBoolean(field: BooleanField, raw: string): FieldOutcome<boolean> {
  if (raw === '1' || raw === 'true' || raw === 'on') return { value: true };
  if (raw === '0' || raw === 'false' || raw === 'off') return { value: false };
  return { value: field.default, message: `not on/off; using ${field.default ? 'on' : 'off'}` };
}

function readList(field: ListField<string>, raw: string): FieldOutcome<string[]> {
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const known = [...new Set(items.filter((s) => field.options.includes(s)))];
  const unknown = items.filter((s) => !field.options.includes(s));
  if (known.length === 0) {
    return {
      value: [...field.default],
      message: `no known entries (choose from ${field.options.join(', ')}); using ${field.default.join(',')}`,
    };
  }
  if (unknown.length > 0) return { value: known, message: `ignored unknown ${unknown.join(', ')}` };
  if (known.length !== items.length) return { value: known, message: 'ignored repeated entries' };
  return { value: known };
}

/**
 * Check the rules that tie two settings together; fix the later one and report it.
 * Mutates `settings`.
 */
export function enforceConstraints(settings: Settings): Correction[] {
  const corrections: Correction[] = [];
  if (settings.batch > settings.images) {
    corrections.push({
      key: 'batch',
      input: String(settings.batch),
      message: `larger than the ${settings.images} images; using ${settings.images}`,
    });
    settings.batch = settings.images;
  }
  const largestRadius = Math.floor(settings.size / 3);
  if (settings.radius > largestRadius) {
    corrections.push({
      key: 'radius',
      input: String(settings.radius),
      message: `too large for ${settings.size} px images; using ${largestRadius}`,
    });
    settings.radius = largestRadius;
  }
  return corrections;
}

/**
 * Parse a URL-hash style string (`seed=3&lr=0.01&losses=full,partial`), with or without
 * a leading `#`. Unknown keys, junk values and out-of-range numbers are corrected.
 */
export function parseSettings(text: string, base: Settings = defaultSettings()): ParseResult {
  const settings: Settings = { ...base, losses: [...base.losses] };
  const corrections: Correction[] = [];
  const seen = new Set<string>();
  const body = text.replace(/^#/, '').trim();
  if (body === '') return { settings, corrections };

  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key: string;
    let raw: string;
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch {
      corrections.push({ key: part, input: part, message: 'could not be decoded; ignored' });
      continue;
    }
    if (!(SETTING_KEYS as string[]).includes(key)) {
      corrections.push({ key, input: raw, message: 'unknown setting; ignored' });
      continue;
    }
    const k = key as SettingKey;
    if (seen.has(k)) corrections.push({ key: k, input: raw, message: 'given twice; the last value is used' });
    seen.add(k);
    const field = SCHEMA[k] as Field;
    let outcome: FieldOutcome<unknown>;
    if (eq < 0 || raw === '') {
      const value = field.kind === 'list' ? [...field.default] : field.default;
      outcome = { value, message: 'has no value; using the default' };
    } else if (field.kind === 'number') outcome = readNumber(field, raw);
    else if (field.kind === 'choice') outcome = readChoice(field, raw);
    else if (field.kind === 'boolean') outcome = readBoolean(field, raw);
    else outcome = readList(field, raw);
    (settings as unknown as Record<string, unknown>)[k] = outcome.value;
    if (outcome.message) corrections.push({ key: k, input: raw, message: outcome.message });
  }
  corrections.push(...enforceConstraints(settings));
  return { settings, corrections };
}

/** Text of one value as it goes into the URL. */
export function formatValue(value: Settings[SettingKey]): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Every setting as `key=value&…`, in schema order, so that a link reproduces the run. */
export function serializeSettings(settings: Settings, keys: readonly SettingKey[] = SETTING_KEYS): string {
  return keys
    .map((k) => `${k}=${encodeURIComponent(formatValue(settings[k])).replace(/%2C/g, ',')}`)
    .join('&');
}

/** A valid copy of `settings` with `patch` applied and constraints enforced. */
export function withSettings(settings: Settings, patch: Partial<Settings>): ParseResult {
  const merged = { ...settings, ...patch };
  const text = serializeSettings(merged);
  return parseSettings(text);
}

