/**
 * Widget state in the URL hash: one segment per widget, `#trainer:seed=2&lr=0.01;explorer:seed=5`.
 * A segment without `id:` (a heading anchor) is ignored when read and dropped when a
 * widget writes its state.
 */

const SEPARATOR = ';';

function segments(hash: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split(SEPARATOR)) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    out.set(part.slice(0, colon), part.slice(colon + 1));
  }
  return out;
}

/** The settings string stored for widget `id` in `hash`, or null when there is none. */
export function readSegment(hash: string, id: string): string | null {
  return segments(hash).get(id) ?? null;
}

/** `hash` with widget `id`'s segment set to `value` (other widgets' segments kept). */
export function writeSegment(hash: string, id: string, value: string): string {
  const all = segments(hash);
  all.set(id, value);
  return `#${[...all].map(([k, v]) => `${k}:${v}`).join(SEPARATOR)}`;
}

/** Replace the page's hash without adding a history entry or scrolling. */
export function storeInLocation(id: string, value: string): void {
  const next = writeSegment(window.location.hash, id, value);
  if (next !== window.location.hash) history.replaceState(history.state, '', next);
}
