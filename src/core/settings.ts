/**
 * The one schema of every experiment setting, shared by sliders, the URL hash and tests.
 *
 * Each field has a default, a range, a unit and a one-line description. `parseSettings`
 * never fails: junk becomes a valid value, and every change is reported.
 */
import {
  type BooleanField,
  type ChoiceField,
  type Field,
  type ListField,
  type NumberField,
  SCHEMA,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
} from './settings-schema';

export type {
  BooleanField,
  ChoiceField,
  Field,
  LabelType,
  ListField,
  NumberField,
  OptimizerId,
  Schema,
  SettingKey,
  Settings,
} from './settings-schema';
// The schema lives in its own module; re-exported so that every existing import keeps working.
export { SCHEMA, SETTING_KEYS } from './settings-schema';

/** Why a setting was corrected: the catalog key `correction.<code>` (src/i18n/ui-widgets.ts) words it per language. */
export type CorrectionCode =
  | 'notANumber'
  | 'outside'
  | 'notWhole'
  | 'notAnOption'
  | 'notOnOff'
  | 'noKnownEntries'
  | 'ignoredUnknown'
  | 'ignoredRepeated'
  | 'batchTooLarge'
  | 'radiusTooLarge'
  | 'undecodable'
  | 'unknownSetting'
  | 'givenTwice'
  | 'noValue';

/** What `parseSettings` changed, and why, in words the page can show. */
export interface Correction {
  key: string;
  input: string;
  /** The reason in English (logs, tests, and the words of a correction without a code). */
  message: string;
  /** The reason as a catalog code and its values, so a page words it in its own language. */
  code?: string;
  values?: Record<string, string | number>;
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

type FieldOutcome<V> = { value: V; message?: string; code?: CorrectionCode; values?: Record<string, string | number> };

function readNumber(field: NumberField, raw: string): FieldOutcome<number> {
  const text = raw.trim();
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    const shown = formatNumber(field.default);
    return {
      value: field.default,
      message: `not a number; using the default ${shown}`,
      code: 'notANumber',
      values: { value: shown },
    };
  }
  const fitted = fitNumber(field, value);
  if (fitted !== value) {
    const outside = value < field.min || value > field.max;
    const [min, max, shown] = [formatNumber(field.min), formatNumber(field.max), formatNumber(fitted)];
    const why = outside ? `outside ${min}–${max}` : 'must be a whole number';
    return {
      value: fitted,
      message: `${why}; using ${shown}`,
      code: outside ? 'outside' : 'notWhole',
      values: outside ? { min, max, value: shown } : { value: shown },
    };
  }
  return { value };
}

function readChoice(field: ChoiceField<string>, raw: string): FieldOutcome<string> {
  if (field.options.includes(raw)) return { value: raw };
  const options = field.options.join(', ');
  return {
    value: field.default,
    message: `not one of ${options}; using ${field.default}`,
    code: 'notAnOption',
    values: { options, value: field.default },
  };
}

function readBoolean(field: BooleanField, raw: string): FieldOutcome<boolean> {
  if (raw === '1' || raw === 'true' || raw === 'on') return { value: true };
  if (raw === '0' || raw === 'false' || raw === 'off') return { value: false };
  const shown = field.default ? 'on' : 'off';
  return { value: field.default, message: `not on/off; using ${shown}`, code: 'notOnOff', values: { value: shown } };
}

function readList(field: ListField<string>, raw: string): FieldOutcome<string[]> {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const known = [...new Set(items.filter((s) => field.options.includes(s)))];
  const unknown = items.filter((s) => !field.options.includes(s));
  if (known.length === 0) {
    const [options, shown] = [field.options.join(', '), field.default.join(',')];
    return {
      value: [...field.default],
      message: `no known entries (choose from ${options}); using ${shown}`,
      code: 'noKnownEntries',
      values: { options, value: shown },
    };
  }
  if (unknown.length > 0) {
    const listed = unknown.join(', ');
    return { value: known, message: `ignored unknown ${listed}`, code: 'ignoredUnknown', values: { items: listed } };
  }
  if (known.length !== items.length)
    return { value: known, message: 'ignored repeated entries', code: 'ignoredRepeated' };
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
      code: 'batchTooLarge',
      values: { images: settings.images, value: settings.images },
    });
    settings.batch = settings.images;
  }
  const largestRadius = Math.floor(settings.size / 3);
  if (settings.radius > largestRadius) {
    corrections.push({
      key: 'radius',
      input: String(settings.radius),
      message: `too large for ${settings.size} px images; using ${largestRadius}`,
      code: 'radiusTooLarge',
      values: { size: settings.size, value: largestRadius },
    });
    settings.radius = largestRadius;
  }
  return corrections;
}

/**
 * Parse a URL-hash style string (`seed=3&lr=0.01&losses=full,partial`), with or without
 * a leading `#`. Unknown keys, junk values and out-of-range numbers are corrected. A
 * setting marked `omitAtDefault` that the text leaves out is at its schema default (that
 * is what leaving it out means), whatever `base` holds; the other settings missing from
 * the text keep `base`'s values.
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
      corrections.push({ key: part, input: part, message: 'could not be decoded; ignored', code: 'undecodable' });
      continue;
    }
    if (!(SETTING_KEYS as string[]).includes(key)) {
      corrections.push({ key, input: raw, message: 'unknown setting; ignored', code: 'unknownSetting' });
      continue;
    }
    const k = key as SettingKey;
    if (seen.has(k))
      corrections.push({ key: k, input: raw, message: 'given twice; the last value is used', code: 'givenTwice' });
    seen.add(k);
    const field = SCHEMA[k] as Field;
    let outcome: FieldOutcome<unknown>;
    if (eq < 0 || raw === '') {
      const value = field.kind === 'list' ? [...field.default] : field.default;
      outcome = { value, message: 'has no value; using the default', code: 'noValue' };
    } else if (field.kind === 'number') outcome = readNumber(field, raw);
    else if (field.kind === 'choice') outcome = readChoice(field, raw);
    else if (field.kind === 'boolean') outcome = readBoolean(field, raw);
    else outcome = readList(field, raw);
    (settings as unknown as Record<string, unknown>)[k] = outcome.value;
    if (outcome.message) {
      const { message, code, values } = outcome;
      corrections.push({ key: k, input: raw, message, ...(code ? { code } : {}), ...(values ? { values } : {}) });
    }
  }
  for (const k of SETTING_KEYS) {
    const field = SCHEMA[k];
    if (field.kind === 'number' && field.omitAtDefault && !seen.has(k))
      (settings as unknown as Record<string, unknown>)[k] = field.default;
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

/** True for a setting that a link leaves out: one marked `omitAtDefault` and at its default. */
function omitted(key: SettingKey, settings: Settings): boolean {
  const field = SCHEMA[key];
  return field.kind === 'number' && field.omitAtDefault === true && settings[key] === field.default;
}

/**
 * Every setting as `key=value&…`, in schema order, so that a link reproduces the run (a
 * setting marked `omitAtDefault` only when it is off its default).
 */
export function serializeSettings(settings: Settings, keys: readonly SettingKey[] = SETTING_KEYS): string {
  return keys
    .filter((k) => !omitted(k, settings))
    .map((k) => `${k}=${encodeURIComponent(formatValue(settings[k])).replace(/%2C/g, ',')}`)
    .join('&');
}

/** A valid copy of `settings` with `patch` applied and constraints enforced. */
export function withSettings(settings: Settings, patch: Partial<Settings>): ParseResult {
  const merged = { ...settings, ...patch };
  const text = serializeSettings(merged);
  return parseSettings(text);
}
