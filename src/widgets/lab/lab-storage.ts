/**
 * Where a Lab run is kept besides a file: the link (the URL hash: settings, and the drawn
 * labels when they fit) and the local draft (the whole run, in `localStorage`, so that a
 * reload loses nothing). `chooseInitial` decides between them without touching the page.
 */

import { defaultSettings, serializeSettings } from '../../core/settings';
import { type UiText, uiText } from '../../i18n/ui';
import {
  DRAW_SEGMENT,
  LAB_SEGMENT,
  type LabState,
  MAX_LINK_LENGTH,
  planHash,
  type ReadResult,
  readDocument,
  readHash,
} from '../../lab-page/lab-state';
import { PRESETS, type Preset } from '../../lab-page/presets';
import { readSegment, writeSegment } from '../shared/hash';
import { presetRead, type RunSource } from './run-state';

const STORAGE_KEY = 'partial-ce:lab';
const PREVIOUS_KEY = 'partial-ce:lab:previous';
/** `#preset:<id>` opens the Lab on a preset. */
const PRESET_SEGMENT = 'preset';
const SAVE_DELAY_MS = 300;

/** The run kept in this browser: the address it had, and its JSON document. */
export interface Draft {
  hash: string;
  text: string;
}

/** The run the page opens with, and what else the page must do about it. */
export interface InitialRun {
  read: ReadResult;
  source: RunSource;
  /** A draft that the link replaces: keep it and offer it back. */
  replaced: Draft | null;
  /**
   * The address was `#preset:<id>`, or held something the Lab cannot read (an unknown
   * preset, a part that is not the Lab's): remove it, the run's own link follows.
   */
  clearHash: boolean;
}

/** The parts of an address the Lab reads; any other `key:value` part is not the Lab's. */
const LAB_PARTS = new Set([LAB_SEGMENT, DRAW_SEGMENT, PRESET_SEGMENT]);
/** How much of a reader's unreadable input a message quotes. */
const QUOTE_LENGTH = 40;

/** `raw` shortened for a message, with an ellipsis when cut. */
function quote(raw: string): string {
  return raw.length > QUOTE_LENGTH ? `${raw.slice(0, QUOTE_LENGTH)}…` : raw;
}

/**
 * Parts of `hash` that are not the Lab's: `key:value` segments of another key, and parts
 * with `=` but no key, such as `#seed=3` (a Lab setting without its `lab:`). A plain
 * word is a place on the page, not a setting, and is left alone.
 */
export function foreignParts(hash: string): string[] {
  return hash
    .replace(/^#/, '')
    .split(';')
    .filter((part) => {
      const colon = part.indexOf(':');
      if (colon > 0) return !LAB_PARTS.has(part.slice(0, colon));
      return part.includes('=');
    });
}

/** What an address asks of the Lab: a preset to open, or a run (with what could not be read). */
export type LinkRead = { kind: 'preset'; preset: Preset } | { kind: 'run'; read: ReadResult; clearHash: boolean };

/**
 * Read the address `hash` as a link to the Lab; null when it holds nothing for the Lab.
 * An unknown preset and parts that are not the Lab's are named as problems, and the rest
 * of the link (or the defaults) is used.
 */
export function readLink(hash: string, text: UiText = uiText('en')): LinkRead | null {
  const lab = readSegment(hash, LAB_SEGMENT);
  const draw = readSegment(hash, DRAW_SEGMENT);
  const presetId = readSegment(hash, PRESET_SEGMENT);
  const preset = PRESETS.find((p) => p.id === presetId);
  // `#preset:<id>`: how a chapter links to its claim here.
  if (preset && lab === null) return { kind: 'preset', preset };
  const foreign = foreignParts(hash);
  if (lab === null && draw === null && presetId === null && foreign.length === 0) return null;
  const read = readHash(lab, draw, defaultSettings(), text.t);
  const problems: string[] = [];
  if (presetId !== null && !preset) {
    const presets = PRESETS.map((p) => p.id).join(text.t('lab.list.comma'));
    problems.push(text.t('lab.load.unknownPreset', { id: quote(presetId), presets }));
  }
  if (foreign.length > 0) {
    const parts = foreign.map((part) => text.t('lab.load.partQuoted', { part: quote(part) }));
    problems.push(text.t('lab.load.foreignParts', { parts: parts.join(text.t('lab.list.comma')) }));
  }
  read.problems.unshift(...problems);
  return { kind: 'run', read, clearHash: problems.length > 0 };
}

/**
 * The first run for address `hash`: a link, else this browser's draft, else the defaults.
 * What could not be read is said in the words of `text`.
 */
export function chooseInitial(hash: string, draft: Draft | null, text: UiText = uiText('en')): InitialRun {
  const fromDraft = (d: Draft) => readDocument(d.text, defaultSettings(), text.t);
  const link = readLink(hash, text);
  if (link?.kind === 'preset') {
    return { read: presetRead(link.preset), source: null, replaced: draft, clearHash: true };
  }
  if (!link) {
    if (draft) return { read: fromDraft(draft), source: 'draft', replaced: null, clearHash: false };
    return { read: readHash(null, null, defaultSettings(), text.t), source: null, replaced: null, clearHash: false };
  }
  const { read, clearHash } = link;
  if (clearHash) return { read, source: 'link', replaced: draft, clearHash };
  if (draft && draft.hash === hash) {
    // A reload of this page: the draft holds everything, including what a link cannot.
    return { read: fromDraft(draft), source: 'draft', replaced: null, clearHash: false };
  }
  if (draft && (read.linkHadOwnImage || read.linkOmittedLabels)) {
    const kept = fromDraft(draft);
    if (serializeSettings(kept.state.settings) === serializeSettings(read.state.settings)) {
      return { read: kept, source: 'draft', replaced: null, clearHash: false };
    }
  }
  return { read, source: 'link', replaced: draft, clearHash: false };
}

/** A draft from its stored JSON text; null when missing or damaged. */
export function parseDraft(stored: string | null): Draft | null {
  try {
    const value = JSON.parse(stored ?? 'null') as Partial<Draft> | null;
    if (value && typeof value.hash === 'string' && typeof value.text === 'string')
      return { hash: value.hash, text: value.text };
  } catch {
    // A damaged draft is ignored; the page starts from the link or the defaults.
  }
  return null;
}

/** This browser's draft, or null (none, damaged, or storage refused). */
export function readDraft(): Draft | null {
  try {
    return parseDraft(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/**
 * Keep a draft that a link is about to replace, when it holds something a link cannot
 * restore (drawn labels or an image). Returns the sentence offering it back, or null.
 */
export function keepPrevious(draft: Draft, text: UiText = uiText('en')): string | null {
  const doc = readDocument(draft.text, defaultSettings(), text.t);
  if (!doc.state.edits && !doc.state.image) return null;
  try {
    localStorage.setItem(PREVIOUS_KEY, JSON.stringify(draft));
  } catch {
    return null;
  }
  return doc.state.image ? text.t('lab.restore.image', { name: doc.state.image.name }) : text.t('lab.restore.labels');
}

/** The kept earlier run, or null when there is none; throws when it cannot be read. */
export function readPrevious(): Draft | null {
  return JSON.parse(localStorage.getItem(PREVIOUS_KEY) ?? 'null') as Draft | null;
}

/** Forget the kept earlier run (it was restored). */
export function dropPrevious(): void {
  localStorage.removeItem(PREVIOUS_KEY);
}

/** The run's link in the address bar: what it holds and how long it is. */
export class LabLink {
  /** Whether the drawn labels fit in the link. */
  labelsIncluded = true;
  /** Length of the whole address, in characters. */
  length = 0;

  /** `text` gives the words of the share line and the copy prompt (English by default). */
  constructor(private readonly text: UiText = uiText('en')) {}

  /** Write `state` into the address, replacing the history entry (no new one, no scroll). */
  write(state: LabState): void {
    const prefix = window.location.href.length - window.location.hash.length;
    const plan = planHash(state, prefix);
    let hash = writeSegment(window.location.hash, LAB_SEGMENT, plan.lab);
    hash = writeSegment(hash, DRAW_SEGMENT, plan.draw);
    if (hash !== window.location.hash) history.replaceState(history.state, '', hash);
    this.labelsIncluded = plan.labelsIncluded;
    this.length = prefix + hash.length;
  }

  /**
   * What a changed address asks for (a preset, or a run), or null when the address still
   * describes `state`.
   */
  readChange(state: LabState): LinkRead | null {
    const hash = window.location.hash;
    const link = readLink(hash, this.text);
    if (link?.kind === 'preset') return link;
    const expected = planHash(state, window.location.href.length - hash.length);
    const same = readSegment(hash, LAB_SEGMENT) === expected.lab && readSegment(hash, DRAW_SEGMENT) === expected.draw;
    if (same && !link?.clearHash) return null;
    return link ?? { kind: 'run', read: readHash(null, null, defaultSettings(), this.text.t), clearHash: false };
  }

  /** Copy the address to the clipboard; false when the browser refused (a prompt shows it instead). */
  async copy(): Promise<boolean> {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      return true;
    } catch {
      window.prompt(this.text.t('lab.share.copyPrompt'), link);
      return false;
    }
  }

  /** Whether the link reproduces the run entirely (no own image, labels included). */
  complete(ownImage: boolean): boolean {
    return this.labelsIncluded && !ownImage;
  }

  /** What the link holds, in one or two sentences for the share line. */
  describe(ownImage: boolean, edited: boolean): string {
    const t = this.text.t;
    if (ownImage) return t('lab.share.ownImage');
    if (!this.labelsIncluded) return t('lab.share.tooLong', { max: MAX_LINK_LENGTH });
    return t(edited ? 'lab.share.completeLabels' : 'lab.share.complete', { length: this.length });
  }
}

/** Saves the run in this browser, debounced while the reader draws, at once before leaving. */
export class DraftKeeper {
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `document` gives the run's JSON text; `refused` is told when the browser will not store it. */
  constructor(
    private readonly document: () => string,
    private readonly refused: () => void,
  ) {}

  /** Save shortly, unless another change comes first. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  /** Save now (the page is being left). */
  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ hash: window.location.hash, text: this.document() }));
    } catch {
      this.refused();
    }
  }
}
