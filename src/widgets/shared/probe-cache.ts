/**
 * The backend probe's result, remembered so that a figure starts training at once instead of
 * timing the backends first (about 0.2 s before the first trained frame).
 *
 * Two memories, read in this order:
 * - sessionStorage: the tab's first probe, so later figures in the tab skip it (as before).
 * - localStorage: the latest probe of this browser on this hardware, for later visits. The
 *   entry carries a format version, a fingerprint of what it measured (user agent, core count,
 *   WebGPU present) and the time it was measured. On another fingerprint or another version
 *   it is ignored and the worker probes before training, as on a first visit. Older than
 *   `PROBE_MAX_AGE_MS` (or dated in the future: the clock moved back) it is *stale*: it is
 *   still used at once, so the first frames never wait for a probe, and `recallProbe` marks it
 *   `stale`. The run (worker-run.ts) then asks the worker for a `reprobe` once training is
 *   under way (after its first `REPROBE_AFTER_PROGRESS` messages of play); the worker times
 *   the backends with the same probe, switches only to a clearly faster one, and its report
 *   replaces this memory through `rememberProbe`. A re-probe that fails leaves training on the
 *   remembered backend and the stale entry in place, to be tried again on the next visit.
 *
 * Every read is tolerant: disabled storage, a malformed or foreign entry all read as "no
 * memory", and the worker probes. The storages, clock and fingerprint are injectable so that
 * Node tests need no browser.
 */
import { LOCALES } from '../../i18n/locales';
import { UI_STRINGS, type UiText, uiText } from '../../i18n/ui';
import { type BackendName, REPROBE_NEAR_PERCENT } from '../../worker/protocol';

/** Bump when the probe or the entry's shape changes: older entries are then ignored. */
export const PROBE_VERSION = 1;
/** How long a remembered probe stays fresh: browsers and drivers update, so re-time weekly. */
export const PROBE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

const SESSION_KEY = 'partial-ce:backend';
/** The localStorage key of the entry (the benchmark ages it to time a stale visit). */
export const PROBE_STORAGE_KEY = `partial-ce:backend-probe:v${PROBE_VERSION}`;
const LOCAL_KEY = PROBE_STORAGE_KEY;
// The worker's reason may open with why a chosen backend could not start; the timings suffice.
// The worker words it in the page's language, so the prefix of every language is recognised.
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PROBE_PREFIX = new RegExp(
  `^.*(?:${LOCALES.map((l) => escapeRegExp(UI_STRINGS[l]['backend.probePrefix'])).join('|')})`,
);
/** Sentences made where no page says its language (tests) are English. */
const ENGLISH = uiText('en');

/** The two calls of `Storage` the cache uses, so tests can pass a plain object. */
export type ProbeStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Where the cache reads and writes; every field defaults to the browser's own. */
export interface ProbeCacheEnv {
  /** The tab's memory; null for none. */
  session?: ProbeStorage | null;
  /** The memory across visits; null for none. */
  local?: ProbeStorage | null;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Identifies the browser and hardware a probe measured. */
  fingerprint?: () => string;
}

/** What a figure sends the worker: a backend to start on and the sentence that explains it. */
export interface RecalledProbe {
  name: BackendName;
  reason: string;
  /** The entry is older than `PROBE_MAX_AGE_MS`: start on it, and re-probe in the background. */
  stale?: boolean;
}

/** The localStorage entry; `detail` is the probe's timings or a note on a fallback. */
interface LocalEntry {
  v: number;
  name: BackendName;
  label: string;
  /** `near`: a re-probe kept this backend, within `REPROBE_SWITCH_RATIO` of a faster one. */
  kind: 'probe' | 'near' | 'fallback';
  detail: string;
  fingerprint: string;
  measuredAt: number;
}

// A Record, so that a new backend in `BackendName` fails the typecheck until it is listed here.
const BACKENDS: Record<BackendName, true> = { wasm: true, webgl: true, webgpu: true, cpu: true };
const isBackend = (value: unknown): value is BackendName => typeof value === 'string' && Object.hasOwn(BACKENDS, value);

/** A storage of the page, or null where it is missing or access throws (sandboxed frames, some privacy modes). */
function pageStorage(which: 'sessionStorage' | 'localStorage'): ProbeStorage | null {
  try {
    return (globalThis as { [key: string]: unknown })[which] as ProbeStorage | null;
  } catch {
    return null;
  }
}

/** A short, stable id of the browser and hardware a probe measured (user agent, cores, WebGPU present). */
export function browserFingerprint(nav: Partial<Navigator> | undefined = globalThis.navigator): string {
  const agent = nav?.userAgent ?? 'unknown agent';
  const cores = nav?.hardwareConcurrency ?? 0;
  const gpu = nav !== undefined && 'gpu' in nav && nav.gpu ? 'gpu' : 'no-gpu';
  return hash(`${agent}|${cores}|${gpu}`);
}

/** FNV-1a, 32 bits, in hex: keeps the user agent out of storage and the entry short. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function resolve(env: ProbeCacheEnv) {
  return {
    session: env.session === undefined ? pageStorage('sessionStorage') : env.session,
    local: env.local === undefined ? pageStorage('localStorage') : env.local,
    now: env.now ?? Date.now,
    fingerprint: env.fingerprint ?? (() => browserFingerprint()),
  };
}

function write(storage: ProbeStorage | null, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage may be disabled or full; the next figure or visit then probes again.
  }
}

function read(storage: ProbeStorage | null, key: string): unknown {
  try {
    return JSON.parse(storage?.getItem(key) ?? 'null') as unknown;
  } catch {
    // A malformed entry counts as none: the figure probes again.
    return null;
  }
}

function store(
  name: BackendName,
  label: string,
  kind: LocalEntry['kind'],
  detail: string,
  env: ProbeCacheEnv,
  text: UiText,
) {
  const { session, local, now, fingerprint } = resolve(env);
  const tabReason =
    kind === 'probe'
      ? text.t('backend.tabProbe', { label, detail })
      : kind === 'near'
        ? text.t('backend.tabNear', { label, detail, percent: REPROBE_NEAR_PERCENT })
        : text.t('backend.tabFallback', { label, detail });
  write(session, SESSION_KEY, { name, reason: tabReason });
  let measuredAt = Number.NaN;
  let print = '';
  try {
    measuredAt = now();
    print = fingerprint();
  } catch {
    // Without a time or a fingerprint the entry could never be judged fresh: keep the tab's memory only.
  }
  if (!Number.isFinite(measuredAt) || print === '') return;
  const entry: LocalEntry = { v: PROBE_VERSION, name, label, kind, detail, fingerprint: print, measuredAt };
  write(local, LOCAL_KEY, entry);
}

/**
 * Remember a fresh probe's result for this tab and for later visits on this browser: its
 * winner, or (`near`) the backend a re-probe kept because the winner was not clearly faster.
 */
export function rememberProbe(
  name: BackendName,
  label: string,
  reason: string,
  env: ProbeCacheEnv = {},
  text: UiText = ENGLISH,
  kind: 'probe' | 'near' = 'probe',
): void {
  store(name, label, kind, reason.replace(PROBE_PREFIX, ''), env, text);
}

/** Replace the memory with the backend that runs after `failedLabel` stopped working, so the next visit starts there. */
export function rememberFallback(
  name: BackendName,
  label: string,
  failedLabel: string,
  env: ProbeCacheEnv = {},
  text: UiText = ENGLISH,
): void {
  store(name, label, 'fallback', text.t('backend.stoppedWorking', { label: failedLabel }), env, text);
}

/**
 * The tab's probe, else one from an earlier visit on this browser (marked `stale` when it is
 * older than `PROBE_MAX_AGE_MS`); null when the worker must probe before training.
 */
export function recallProbe(env: ProbeCacheEnv = {}, text: UiText = ENGLISH): RecalledProbe | null {
  const { session, local, now, fingerprint } = resolve(env);
  const tab = read(session, SESSION_KEY) as { name?: unknown; reason?: unknown } | null;
  if (tab && typeof tab === 'object' && isBackend(tab.name) && typeof tab.reason === 'string') {
    return { name: tab.name, reason: tab.reason };
  }
  const entry = read(local, LOCAL_KEY) as Partial<LocalEntry> | null;
  if (!entry || typeof entry !== 'object' || entry.v !== PROBE_VERSION || !isBackend(entry.name)) return null;
  if (typeof entry.label !== 'string' || typeof entry.detail !== 'string') return null;
  if (typeof entry.measuredAt !== 'number' || !Number.isFinite(entry.measuredAt)) return null;
  let stale: boolean;
  try {
    if (entry.fingerprint !== fingerprint()) return null;
    const age = now() - entry.measuredAt;
    // A negative age means the clock moved back; the entry cannot be dated, so it is stale.
    stale = !(age >= 0 && age <= PROBE_MAX_AGE_MS);
  } catch {
    return null;
  }
  const day = new Date(entry.measuredAt).toISOString().slice(0, 10);
  const days = PROBE_MAX_AGE_MS / 86_400_000;
  const reason =
    entry.kind === 'fallback'
      ? text.t('backend.rememberedFallback', { label: entry.label, detail: entry.detail, day })
      : entry.kind === 'near'
        ? text.t('backend.rememberedNear', {
            label: entry.label,
            detail: entry.detail,
            day,
            days,
            percent: REPROBE_NEAR_PERCENT,
          })
        : text.t('backend.rememberedProbe', { label: entry.label, detail: entry.detail, day, days });
  return stale ? { name: entry.name, reason, stale } : { name: entry.name, reason };
}
