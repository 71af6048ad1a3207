/**
 * A run's history of snapshots, bounded so that a trainer left playing for hours keeps a fixed
 * amount of memory. The most recent steps are kept at full resolution; older ones are thinned
 * to every `every`-th step, and `every` doubles whenever the older part outgrows its share. Like
 * TensorBoard's reservoir it keeps an even sample of the past plus the newest value, but it is
 * deterministic (no random draws): the same run always keeps the same steps. No DOM.
 */

import type { Snapshot } from '../../core/snapshot';

/** Snapshots kept at full resolution: the most recent steps. */
export const RECENT_WINDOW = 1000;
/** At most this many snapshots older than the recent window are kept. */
export const OLDER_CAPACITY = 1000;

/** How the older part of a history was thinned: steps before `before` keep every `every`-th step. */
export interface Thinning {
  /** The first step of the full-resolution window; every step from here on is kept. */
  before: number;
  /** Of the earlier steps, those whose index (0 for the first snapshot) is a multiple of this. */
  every: number;
}

/**
 * Snapshots of one run in step order. Always keeps the first snapshot, the last one and the
 * last `window` ones; keeps at most `window + older` snapshots in all (2,000 by default).
 */
export class RunHistory {
  /** The most snapshots this history ever holds. */
  readonly bound: number;
  private readonly window: number;
  private readonly older: number;
  /** The recent window as a ring: `count` snapshots from `head`, oldest first. */
  private readonly ring: (Snapshot | undefined)[];
  private head = 0;
  private count = 0;
  /** Snapshots that left the window and survived thinning, with their push index. */
  private kept: Snapshot[] = [];
  private keptIndex: number[] = [];
  /** How many snapshots were ever pushed; the push index of the next one. */
  private pushed = 0;
  private every = 1;
  /** The snapshots in order, built on demand and replaced (never changed) after a push. */
  private view: readonly Snapshot[] | null = null;

  constructor(window = RECENT_WINDOW, older = OLDER_CAPACITY) {
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`RunHistory: the recent window must be a whole number ≥ 1, got ${window}`);
    if (!Number.isInteger(older) || older < 1)
      throw new RangeError(`RunHistory: the older capacity must be a whole number ≥ 1, got ${older}`);
    this.window = window;
    this.older = older;
    this.bound = window + older;
    this.ring = new Array(window);
  }

  /** How many snapshots are held now (at most `bound`). */
  get length(): number {
    return this.kept.length + this.count;
  }

  /** Add the next snapshots of the run, in step order. */
  push(records: readonly Snapshot[]): void {
    for (const record of records) this.pushOne(record);
    if (records.length > 0) this.view = null;
  }

  /** Forget everything: a new run starts. */
  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.kept = [];
    this.keptIndex = [];
    this.pushed = 0;
    this.every = 1;
    this.view = null;
  }

  /** The newest snapshot, or undefined when empty. */
  last(): Snapshot | undefined {
    if (this.count === 0) return undefined;
    return this.ring[(this.head + this.count - 1) % this.window];
  }

  /** Every snapshot held, oldest first. The array is not changed by later pushes. */
  records(): readonly Snapshot[] {
    if (this.view) return this.view;
    const out = this.kept.slice();
    for (let i = 0; i < this.count; i++) out.push(this.ring[(this.head + i) % this.window] as Snapshot);
    this.view = out;
    return out;
  }

  /** Whether older snapshots were dropped, and how; null while every snapshot is still held. */
  thinning(): Thinning | null {
    if (this.every === 1) return null;
    const oldestRecent = this.ring[this.head];
    return oldestRecent ? { before: oldestRecent.step, every: this.every } : null;
  }

  private pushOne(record: Snapshot): void {
    if (this.count < this.window) {
      this.ring[(this.head + this.count) % this.window] = record;
      this.count++;
      this.pushed++;
      return;
    }
    // The window is full: its oldest snapshot leaves it, and the newest takes its slot.
    const leaving = this.ring[this.head] as Snapshot;
    const leavingIndex = this.pushed - this.window;
    this.ring[this.head] = record;
    this.head = (this.head + 1) % this.window;
    this.pushed++;
    if (leavingIndex % this.every !== 0) return;
    this.kept.push(leaving);
    this.keptIndex.push(leavingIndex);
    // Halve the older part's resolution until it fits; index 0 (the first step) always survives,
    // so this ends, and the kept steps stay evenly spaced.
    while (this.kept.length > this.older) {
      this.every *= 2;
      const records: Snapshot[] = [];
      const indices: number[] = [];
      this.keptIndex.forEach((index, k) => {
        if (index % this.every !== 0) return;
        records.push(this.kept[k] as Snapshot);
        indices.push(index);
      });
      this.kept = records;
      this.keptIndex = indices;
    }
  }
}
