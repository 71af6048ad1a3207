/**
 * Everything that reproduces a Lab run, as a URL hash and as a JSON file: the settings,
 * where the labels started (simulated or empty), the reader's edits, and the reader's own
 * image when there is one. Reading never fails: what cannot be read is named, and
 * defaults stand in for it.
 */

import { parseSettings, SCHEMA, type Settings, serializeSettings } from '../core/settings';
import { decodeSymbols, encodeSymbols, fromBase64Url, toBase64Url } from './label-code';
import { NO_EDIT, type Start } from './label-editor';
import { correctionReason, englishWords, type LabWords } from './words';

/** A reader's image as the model sees it: grayscale bytes, `size × size`. */
export interface LabImage {
  name: string;
  size: number;
  pixels: Uint8Array;
}

export interface LabState {
  settings: Settings;
  start: Start;
  /** Edit symbols (0 = none); null when the reader has not drawn. */
  edits: Uint8Array | null;
  image: LabImage | null;
}

/** What a reader must be told about a link or file: one plain sentence each. */
export interface ReadResult {
  state: LabState;
  problems: string[];
  /** The label map stored in a JSON file, to check the composed labels against. */
  map: Uint8Array | null;
  /** A link made with the sender's own image (which a link cannot carry). */
  linkHadOwnImage: boolean;
  /** A link whose labels were too long to include. */
  linkOmittedLabels: boolean;
}

/** Hash segment keys of the Lab (see `widgets/shared/hash.ts` for the segment format). */
export const LAB_SEGMENT = 'lab';
export const DRAW_SEGMENT = 'draw';
/** Links longer than this may be cut by mail clients, chat apps and some servers. */
export const MAX_LINK_LENGTH = 2000;
export const FILE_FORMAT = 'partial-ce-lab';
export const FILE_VERSION = 1;

/** Number of label pixels of a state: all scene images, or the reader's one image. */
export function pixelCount(settings: Settings, image: LabImage | null): number {
  return image ? image.size * image.size : settings.images * settings.size * settings.size;
}

const hasEdits = (edits: Uint8Array | null) => edits?.some((e) => e !== NO_EDIT);

/**
 * The `draw` segment of the hash: `s` or `e` (start), then `.` and the edit code when there
 * are edits; `own` for a reader's image (not in links); `s~`/`e~` when the edits were left out.
 */
export function drawSegment(state: LabState, includeEdits: boolean): string {
  if (state.image) return 'own';
  const start = state.start === 'simulated' ? 's' : 'e';
  if (!hasEdits(state.edits)) return start;
  return includeEdits ? `${start}.${encodeSymbols(state.edits as Uint8Array)}` : `${start}~`;
}

export interface HashPlan {
  lab: string;
  draw: string;
  /** False when the edits did not fit under `MAX_LINK_LENGTH` and were left out. */
  labelsIncluded: boolean;
}

/**
 * The two hash segments for a state. `prefixLength` is the length of the address before
 * the hash; the edits go in only while the whole link stays under `MAX_LINK_LENGTH`.
 */
export function planHash(state: LabState, prefixLength: number): HashPlan {
  const lab = serializeSettings(state.settings);
  const full = drawSegment(state, true);
  const length = prefixLength + `#${LAB_SEGMENT}:${lab};${DRAW_SEGMENT}:${full}`.length;
  if (length <= MAX_LINK_LENGTH || state.image) return { lab, draw: full, labelsIncluded: true };
  return { lab, draw: drawSegment(state, false), labelsIncluded: false };
}

/**
 * Read the Lab's hash segments (either may be null when absent). The problems are
 * sentences in the words of `t` (the page's language; English by default).
 */
export function readHash(
  lab: string | null,
  draw: string | null,
  base: Settings,
  t: LabWords = englishWords,
): ReadResult {
  const problems: string[] = [];
  const parsed = parseSettings(lab ?? '', base);
  if (parsed.corrections.length > 0) {
    const items = parsed.corrections.map((c) =>
      c.input
        ? t('lab.load.settingsItemInput', { key: c.key, input: c.input, message: correctionReason(c, t) })
        : t('lab.load.settingsItem', { key: c.key, message: correctionReason(c, t) }),
    );
    problems.push(t('lab.load.settings', { corrections: items.join(t('lab.load.settingsJoiner')) }));
  }
  const state: LabState = { settings: parsed.settings, start: 'simulated', edits: null, image: null };
  const result: ReadResult = { state, problems, map: null, linkHadOwnImage: false, linkOmittedLabels: false };
  if (draw === null || draw === '') return result;
  if (draw === 'own') {
    result.linkHadOwnImage = true;
    return result;
  }
  const match = /^([se])(?:(~)|\.(.*))?$/.exec(draw);
  if (!match) {
    problems.push(t('lab.load.linkLabels'));
    return result;
  }
  state.start = match[1] === 'e' ? 'empty' : 'simulated';
  if (match[2]) {
    result.linkOmittedLabels = true;
    return result;
  }
  if (match[3] !== undefined) {
    const decoded = decodeSymbols(match[3], pixelCount(state.settings, null), t);
    if (decoded.ok) state.edits = decoded.symbols;
    else {
      state.start = 'simulated';
      problems.push(t('lab.load.linkLabelsWhy', { reason: decoded.reason }));
    }
  }
  return result;
}

export interface LabDocument {
  format: typeof FILE_FORMAT;
  version: typeof FILE_VERSION;
  settings: string;
  labels: {
    start: Start;
    /** Edit code (see `label-code.ts`); 0 = no edit, 1 + label otherwise. */
    edits: string | null;
    /** The label map the models train on: 0 unlabeled, 1 background, 2 foreground. */
    map: string;
    pixels: number;
    labeled: number;
    density: number;
    coverage: number | null;
  };
  image: { name: string; size: number; pixels: string } | null;
  /** A sentence for people who open the file. */
  note: string;
}

/** The JSON file of a state and its composed labels; its `note` is in the words of `t`. */
export function toDocument(
  state: LabState,
  labels: Uint8Array,
  coverage: number | null,
  t: LabWords = englishWords,
): LabDocument {
  const labeled = labels.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0);
  return {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    settings: serializeSettings(state.settings),
    labels: {
      start: state.start,
      edits: hasEdits(state.edits) ? encodeSymbols(state.edits as Uint8Array) : null,
      map: encodeSymbols(labels),
      pixels: labels.length,
      labeled,
      density: labels.length > 0 ? labeled / labels.length : 0,
      coverage,
    },
    image: state.image
      ? { name: state.image.name, size: state.image.size, pixels: toBase64Url(state.image.pixels) }
      : null,
    note: state.image ? t('lab.load.noteOwn') : t('lab.load.noteScene'),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Read a Lab JSON file. Anything unreadable is named in `problems` (in the words of `t`)
 * and replaced by defaults.
 */
export function readDocument(text: string, base: Settings, t: LabWords = englishWords): ReadResult {
  const fallback = (problem: string): ReadResult => ({
    state: { settings: base, start: 'simulated', edits: null, image: null },
    problems: [problem],
    map: null,
    linkHadOwnImage: false,
    linkOmittedLabels: false,
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fallback(t('lab.load.notJson'));
  }
  if (!isRecord(data) || data.format !== FILE_FORMAT) {
    return fallback(t('lab.load.notLabFile'));
  }
  const problems: string[] = [];
  if (data.version !== FILE_VERSION)
    problems.push(t('lab.load.version', { version: String(data.version), expected: FILE_VERSION }));
  let settingsText = '';
  if (typeof data.settings === 'string') settingsText = data.settings;
  else problems.push(t('lab.load.noSettings'));
  const read = readHash(settingsText, null, base, t);
  problems.push(...read.problems);
  const state = read.state;

  if (data.image !== null && data.image !== undefined) {
    const img = data.image;
    const pixels = isRecord(img) && typeof img.pixels === 'string' ? fromBase64Url(img.pixels) : null;
    const size = isRecord(img) ? Number(img.size) : NaN;
    const sizeField = SCHEMA.size;
    if (
      !pixels ||
      !Number.isInteger(size) ||
      size < sizeField.min ||
      size > sizeField.max ||
      pixels.length !== size * size
    ) {
      problems.push(t('lab.load.badImage'));
      return { state, problems, map: null, linkHadOwnImage: false, linkOmittedLabels: false };
    }
    const name = isRecord(img) && typeof img.name === 'string' ? img.name.slice(0, 200) : 'image';
    state.image = { name, size, pixels };
    state.settings = { ...state.settings, size };
  }

  const expected = pixelCount(state.settings, state.image);
  const labels = isRecord(data.labels) ? data.labels : null;
  if (!labels) {
    problems.push(t('lab.load.noLabels'));
    return { state, problems, map: null, linkHadOwnImage: false, linkOmittedLabels: false };
  }
  state.start = labels.start === 'empty' || state.image ? 'empty' : 'simulated';
  if (labels.start !== 'empty' && labels.start !== 'simulated') problems.push(t('lab.load.noStart'));
  let map: Uint8Array | null = null;
  if (typeof labels.map === 'string') {
    const decoded = decodeSymbols(labels.map, expected, t);
    if (decoded.ok && decoded.symbols.every((v) => v <= 2)) map = decoded.symbols;
    else problems.push(t('lab.load.badMap', { reason: decoded.ok ? t('lab.load.notALabel') : decoded.reason }));
  }
  if (typeof labels.edits === 'string') {
    const decoded = decodeSymbols(labels.edits, expected, t);
    if (decoded.ok) state.edits = decoded.symbols;
    else problems.push(t('lab.load.badEdits', { reason: decoded.reason }));
  }
  if (!map && !state.edits && labels.edits !== null) {
    problems.push(t('lab.load.nothingRead'));
    state.start = state.image ? 'empty' : 'simulated';
  }
  return { state, problems, map, linkHadOwnImage: false, linkOmittedLabels: false };
}

/** Edits that turn an empty start into `map` exactly (used when a file's edits and map disagree). */
export function editsFromMap(map: Uint8Array): Uint8Array {
  return Uint8Array.from(map, (v) => (v === 0 ? NO_EDIT : v + 1));
}
