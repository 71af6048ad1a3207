/**
 * Drawn labels as an editable document: a start (the simulated labels, or nothing) with the
 * reader's brush edits on top, stroke by stroke, with undo and redo. No DOM: the page turns
 * pointer and key events into calls here.
 *
 * Edits are kept apart from the start so that a new label density or label type redraws
 * the simulated labels under the reader's strokes instead of discarding them.
 */
import { BACKGROUND, FOREGROUND, UNLABELED } from '../core/labels';

export type Tool = 'foreground' | 'background' | 'eraser';
export type Start = 'simulated' | 'empty';

/** Edit symbol per pixel: 0 = no edit, else 1 + the label the reader set there. */
export const NO_EDIT = 0;
const TOOL_LABEL: Record<Tool, number> = { foreground: FOREGROUND, background: BACKGROUND, eraser: UNLABELED };

/** Largest brush radius, in image pixels. */
export const MAX_BRUSH_RADIUS = 5;

interface PixelChange {
  index: number;
  before: number;
  after: number;
}

type Entry = { kind: 'pixels'; changes: PixelChange[] } | { kind: 'start'; before: StartState; after: StartState };

interface StartState {
  start: Start;
  edits: Uint8Array;
}

interface Stroke {
  label: number;
  radius: number;
  image: number;
  last: { x: number; y: number } | null;
  changes: Map<number, PixelChange>;
}

export class LabelEditor {
  readonly size: number;
  readonly count: number;
  private simulated: Uint8Array;
  private startKind: Start;
  private editMap: Uint8Array;
  private composed: Uint8Array;
  private undoStack: Entry[] = [];
  private redoStack: Entry[] = [];
  private stroke: Stroke | null = null;

  /** `simulated` is the simulator's label map for the scene (zeros for a reader's own image). */
  constructor(size: number, count: number, simulated: Uint8Array, start: Start = 'simulated', edits?: Uint8Array) {
    this.size = size;
    this.count = count;
    const n = size * size * count;
    if (simulated.length !== n) throw new Error(`simulated labels have ${simulated.length} pixels, expected ${n}`);
    if (edits && edits.length !== n) throw new Error(`edits have ${edits.length} pixels, expected ${n}`);
    this.simulated = Uint8Array.from(simulated);
    this.startKind = start;
    this.editMap = edits ? Uint8Array.from(edits) : new Uint8Array(n);
    this.composed = new Uint8Array(n);
    this.recompose();
  }

  /** The label map the model trains on: the start with every edit applied. */
  get labels(): Uint8Array {
    return this.composed;
  }

  /** The reader's edits (0 = none, 1 + label otherwise), same layout as the labels. */
  get edits(): Uint8Array {
    return this.editMap;
  }

  get start(): Start {
    return this.startKind;
  }

  /** True when any pixel carries an edit. */
  get edited(): boolean {
    return this.editMap.some((e) => e !== NO_EDIT);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** New simulated labels under the same edits (after a density or label-type change). */
  setSimulated(simulated: Uint8Array): void {
    if (simulated.length !== this.composed.length) throw new Error('simulated labels of another size');
    this.simulated = Uint8Array.from(simulated);
    this.recompose();
  }

  private baseAt(i: number): number {
    return this.startKind === 'simulated' ? (this.simulated[i] as number) : UNLABELED;
  }

  private recompose(): void {
    for (let i = 0; i < this.composed.length; i++) {
      const e = this.editMap[i] as number;
      this.composed[i] = e === NO_EDIT ? this.baseAt(i) : e - 1;
    }
  }

  private setEdit(index: number, value: number): void {
    this.editMap[index] = value;
    this.composed[index] = value === NO_EDIT ? this.baseAt(index) : value - 1;
  }

  /** Begin a stroke on image `image` with `tool`; `radius` 0 paints single pixels. */
  beginStroke(tool: Tool, radius: number, image: number): void {
    this.endStroke();
    const r = Math.max(0, Math.min(MAX_BRUSH_RADIUS, Math.round(radius)));
    const n = Math.max(0, Math.min(this.count - 1, Math.round(image)));
    this.stroke = { label: TOOL_LABEL[tool], radius: r, image: n, last: null, changes: new Map() };
  }

  /** True while a stroke is open. */
  get drawing(): boolean {
    return this.stroke !== null;
  }

  /**
   * Paint the brush from the stroke's last point to (x, y), in image pixel coordinates
   * (fractions allowed: a pointer lands between pixel centres). Returns true when a label changed.
   */
  paintTo(x: number, y: number): boolean {
    const stroke = this.stroke;
    if (!stroke) return false;
    const from = stroke.last ?? { x, y };
    const distance = Math.hypot(x - from.x, y - from.y);
    const steps = Math.max(1, Math.ceil(distance / 0.5));
    let changed = false;
    for (let s = stroke.last ? 1 : 0; s <= steps; s++) {
      const t = s / steps;
      changed = this.dab(stroke, from.x + (x - from.x) * t, from.y + (y - from.y) * t) || changed;
    }
    stroke.last = { x, y };
    return changed;
  }

  /** One brush disc centred on the pixel under (x, y). */
  private dab(stroke: Stroke, x: number, y: number): boolean {
    const cx = Math.floor(x);
    const cy = Math.floor(y);
    const r = stroke.radius;
    const reach = (r + 0.5) * (r + 0.5);
    const offset = stroke.image * this.size * this.size;
    const value = stroke.label + 1;
    let changed = false;
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (dx * dx + dy * dy > reach) continue;
        const px = cx + dx;
        const py = cy + dy;
        if (px < 0 || py < 0 || px >= this.size || py >= this.size) continue;
        const index = offset + py * this.size + px;
        const before = this.editMap[index] as number;
        const labelBefore = this.composed[index];
        // An edit records a change: painting a label a pixel already has from the start is none.
        if (before === value || (before === NO_EDIT && labelBefore === stroke.label)) continue;
        const change = stroke.changes.get(index);
        if (change) change.after = value;
        else stroke.changes.set(index, { index, before, after: value });
        this.setEdit(index, value);
        if (this.composed[index] !== labelBefore) changed = true;
      }
    }
    return changed;
  }

  /** Close the open stroke; it becomes one undo step. True when it changed any edit. */
  endStroke(): boolean {
    const stroke = this.stroke;
    this.stroke = null;
    if (!stroke) return false;
    const changes = [...stroke.changes.values()].filter((c) => c.before !== c.after);
    if (changes.length === 0) return false;
    this.push({ kind: 'pixels', changes });
    return true;
  }

  /** Replace start and edits in one undoable step: `clear` is an empty start, `simulated` a fresh one. */
  reset(start: Start): void {
    this.endStroke();
    const before: StartState = { start: this.startKind, edits: Uint8Array.from(this.editMap) };
    const after: StartState = { start, edits: new Uint8Array(this.editMap.length) };
    if (before.start === after.start && !this.edited) return;
    this.applyStart(after);
    this.push({ kind: 'start', before, after });
  }

  private applyStart(state: StartState): void {
    this.startKind = state.start;
    this.editMap = Uint8Array.from(state.edits);
    this.recompose();
  }

  private push(entry: Entry): void {
    this.undoStack.push(entry);
    this.redoStack = [];
  }

  /** Take back the last stroke or reset; false when there is nothing to undo. */
  undo(): boolean {
    this.endStroke();
    const entry = this.undoStack.pop();
    if (!entry) return false;
    if (entry.kind === 'pixels')
      for (let k = entry.changes.length - 1; k >= 0; k--)
        this.setEdit(entry.changes[k]!.index, entry.changes[k]!.before);
    else this.applyStart(entry.before);
    this.redoStack.push(entry);
    return true;
  }

  /** Do again what `undo` took back; false when there is nothing to redo. */
  redo(): boolean {
    this.endStroke();
    const entry = this.redoStack.pop();
    if (!entry) return false;
    if (entry.kind === 'pixels') for (const c of entry.changes) this.setEdit(c.index, c.after);
    else this.applyStart(entry.after);
    this.undoStack.push(entry);
    return true;
  }
}
