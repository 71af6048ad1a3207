/**
 * The Lab's drawing surface: pointer strokes (mouse, pen, touch) and a keyboard cursor
 * (arrows move it, Space paints) turned into `LabelEditor` calls, and the canvas that shows
 * the image with its labels and the brush.
 */
import { BACKGROUND, FOREGROUND } from '../../core/labels';
import type { UiKey, UiText } from '../../i18n/ui';
import { type LabelEditor, MAX_BRUSH_RADIUS, type Tool } from '../../lab-page/label-editor';
import { CURSOR_RINGS } from '../../styles/palette';
import { drawMap, GREY, SCALE, stretch } from '../shared/draw';

export interface SurfaceHost {
  editor(): LabelEditor;
  /** Values of the image being drawn on, row-major. */
  image(): Float32Array;
  imageIndex(): number;
  tool(): Tool;
  setTool(tool: Tool): void;
  radius(): number;
  setRadius(radius: number): void;
  /** Labels changed inside an open stroke. */
  painted(): void;
  /** A stroke ended; `changed` when it left an undo step. */
  strokeEnded(changed: boolean): void;
  undo(): void;
  redo(): void;
  /** Whether drawing is allowed now (false while a file loads, say). */
  enabled(): boolean;
}

const LABEL_NAME: Record<number, UiKey> = {
  [FOREGROUND]: 'lab.cursor.foregroundLabel',
  [BACKGROUND]: 'lab.cursor.backgroundLabel',
};
const TOOL_NAME: Record<Tool, UiKey> = {
  foreground: 'lab.cursor.foregroundBrush',
  background: 'lab.cursor.backgroundBrush',
  eraser: 'lab.cursor.eraser',
};
const TOOL_KEYS: Record<string, Tool> = { f: 'foreground', b: 'background', e: 'eraser' };
const MOVES: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export class DrawSurface {
  private readonly box: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly readout: HTMLElement | null;
  private readonly host: SurfaceHost;
  private readonly text: UiText;
  /** Keyboard cursor, in image pixels; shown while the surface has focus. */
  private cursor: { x: number; y: number } | null = null;
  /** Pointer position while hovering, in image pixels (fractions kept). */
  private hover: { x: number; y: number } | null = null;
  private pointerId: number | null = null;
  private spaceDown = false;
  private focused = false;
  /** The last input was a key: show the keyboard cursor rather than the pointer's brush. */
  private keyboardMode = false;
  private pointerFocusing = false;
  private frame = 0;

  /** `text` gives the words of the cursor readout. */
  constructor(box: HTMLElement, readout: HTMLElement | null, host: SurfaceHost, text: UiText) {
    this.box = box;
    this.text = text;
    this.canvas = box.querySelector('canvas') as HTMLCanvasElement;
    this.readout = readout;
    this.host = host;
    this.bind();
  }

  /** Redraw on the next frame. */
  render(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The keyboard cursor's pixel, for tests and the readout. */
  get cursorPixel(): { x: number; y: number } | null {
    return this.cursor;
  }

  private get size(): number {
    return this.host.editor().size;
  }

  private bind(): void {
    const c = this.canvas;
    c.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    c.addEventListener('pointermove', (e) => this.onPointerMove(e));
    c.addEventListener('pointerup', (e) => this.onPointerUp(e));
    c.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    c.addEventListener('lostpointercapture', (e) => this.onPointerUp(e));
    c.addEventListener('pointerleave', () => {
      this.hover = null;
      this.render();
    });
    this.box.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.box.addEventListener('keyup', (e) => this.onKeyUp(e));
    this.box.addEventListener('focus', () => {
      this.focused = true;
      if (!this.pointerFocusing) this.keyboardMode = true;
      if (!this.cursor) this.cursor = { x: Math.floor(this.size / 2), y: Math.floor(this.size / 2) };
      this.announce();
      this.render();
    });
    this.box.addEventListener('blur', () => {
      this.focused = false;
      if (this.spaceDown) this.finishStroke();
      this.render();
    });
  }

  private pixelAt(e: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    const size = this.size;
    const x = ((e.clientX - rect.left) / rect.width) * size;
    const y = ((e.clientY - rect.top) / rect.height) * size;
    return { x: Math.min(size - 0.001, Math.max(0, x)), y: Math.min(size - 0.001, Math.max(0, y)) };
  }

  private onPointerDown(e: PointerEvent): void {
    if (!this.host.enabled() || this.pointerId !== null) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    this.keyboardMode = false;
    this.pointerFocusing = true;
    this.box.focus({ preventScroll: true });
    this.pointerFocusing = false;
    this.pointerId = e.pointerId;
    try {
      this.canvas.setPointerCapture(e.pointerId);
    } catch {
      // Capture can fail for a synthetic pointer; strokes still work while it stays inside.
    }
    // A pen's eraser end (button 5) erases whatever brush is chosen.
    const tool = e.pointerType === 'pen' && (e.buttons & 32) !== 0 ? 'eraser' : this.host.tool();
    const p = this.pixelAt(e);
    this.hover = p;
    this.cursor = { x: Math.floor(p.x), y: Math.floor(p.y) };
    this.host.editor().beginStroke(tool, this.host.radius(), this.host.imageIndex());
    if (this.host.editor().paintTo(p.x, p.y)) this.host.painted();
    this.announce();
    this.render();
  }

  private onPointerMove(e: PointerEvent): void {
    if (this.pointerId === e.pointerId && this.host.editor().drawing) {
      const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      let changed = false;
      for (const ev of events.length > 0 ? events : [e]) {
        const p = this.pixelAt(ev);
        changed = this.host.editor().paintTo(p.x, p.y) || changed;
      }
      this.hover = this.pixelAt(e);
      if (changed) this.host.painted();
      this.render();
      return;
    }
    if (e.pointerType !== 'touch') {
      this.hover = this.pixelAt(e);
      this.render();
    }
  }

  private onPointerUp(e: PointerEvent): void {
    if (this.pointerId !== e.pointerId) return;
    this.pointerId = null;
    this.host.strokeEnded(this.host.editor().endStroke());
    if (e.pointerType === 'touch') this.hover = null;
    this.render();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (!this.host.enabled()) return;
    const key = e.key;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (key === 'z' || key === 'Z')) {
      e.preventDefault();
      if (e.shiftKey) this.host.redo();
      else this.host.undo();
      return;
    }
    if (mod && (key === 'y' || key === 'Y')) {
      e.preventDefault();
      this.host.redo();
      return;
    }
    if (mod || e.altKey) return;
    this.keyboardMode = true;
    const move = MOVES[key];
    if (move) {
      e.preventDefault();
      const step = e.shiftKey ? 4 : 1;
      const size = this.size;
      const c = this.cursor ?? { x: Math.floor(size / 2), y: Math.floor(size / 2) };
      const target = {
        x: Math.min(size - 1, Math.max(0, c.x + move[0] * step)),
        y: Math.min(size - 1, Math.max(0, c.y + move[1] * step)),
      };
      this.cursor = target;
      if (this.spaceDown && this.host.editor().paintTo(target.x + 0.5, target.y + 0.5)) this.host.painted();
      this.announce();
      this.render();
      return;
    }
    if (key === ' ' || key === 'Enter') {
      e.preventDefault();
      if (e.repeat) return;
      const c = this.cursor ?? { x: Math.floor(this.size / 2), y: Math.floor(this.size / 2) };
      this.cursor = c;
      this.host.editor().beginStroke(this.host.tool(), this.host.radius(), this.host.imageIndex());
      if (this.host.editor().paintTo(c.x + 0.5, c.y + 0.5)) this.host.painted();
      if (key === ' ') this.spaceDown = true;
      else this.host.strokeEnded(this.host.editor().endStroke());
      this.announce();
      this.render();
      return;
    }
    const tool = TOOL_KEYS[key.toLowerCase()];
    if (tool) {
      e.preventDefault();
      this.host.setTool(tool);
      this.announce();
      this.render();
      return;
    }
    if (key === '[' || key === ']') {
      e.preventDefault();
      const r = this.host.radius() + (key === ']' ? 1 : -1);
      this.host.setRadius(Math.max(0, Math.min(MAX_BRUSH_RADIUS, r)));
      this.announce();
      this.render();
    }
  }

  private onKeyUp(e: KeyboardEvent): void {
    if (e.key === ' ' && this.spaceDown) {
      e.preventDefault();
      this.finishStroke();
    }
  }

  private finishStroke(): void {
    this.spaceDown = false;
    this.host.strokeEnded(this.host.editor().endStroke());
    this.announce();
    this.render();
  }

  /** Say where the cursor is, what is under it and which brush is active. */
  announce(): void {
    if (!this.readout) return;
    const c = this.cursor;
    const { t } = this.text;
    const diameter = 2 * this.host.radius() + 1;
    const brush = t('lab.cursor.brush', { tool: t(TOOL_NAME[this.host.tool()]), n: diameter });
    if (!c || !this.focused) {
      this.readout.textContent = t('lab.cursor.idle', { brush });
      return;
    }
    const editor = this.host.editor();
    const i = this.host.imageIndex() * editor.size * editor.size + c.y * editor.size + c.x;
    const label = t(LABEL_NAME[editor.labels[i] as number] ?? 'lab.cursor.noLabel');
    this.readout.textContent = t(this.spaceDown ? 'lab.cursor.atPainting' : 'lab.cursor.at', {
      x: c.x,
      y: c.y,
      label,
      brush,
    });
  }

  private draw(): void {
    const editor = this.host.editor();
    const size = editor.size;
    const values = this.host.image();
    const offset = this.host.imageIndex() * size * size;
    drawMap(
      this.canvas,
      size,
      { values, normalise: stretch(values), table: GREY },
      { labels: editor.labels.subarray(offset, offset + size * size) },
    );
    const at =
      this.focused && this.keyboardMode && this.cursor
        ? { x: this.cursor.x + 0.5, y: this.cursor.y + 0.5 }
        : this.hover;
    if (!at) return;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const r = this.host.radius();
    const cx = Math.floor(at.x);
    const cy = Math.floor(at.y);
    // The brush footprint: the same disc `LabelEditor` paints, outlined pixel by pixel.
    const reach = (r + 0.5) * (r + 0.5);
    const inside = (dx: number, dy: number) => dx * dx + dy * dy <= reach;
    ctx.save();
    ctx.lineWidth = 2;
    for (const [colour, inset] of [
      [CURSOR_RINGS.dark, 1],
      [CURSOR_RINGS.light, 3],
    ] as const) {
      ctx.strokeStyle = colour;
      ctx.beginPath();
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          if (!inside(dx, dy)) continue;
          const x0 = (cx + dx) * SCALE;
          const y0 = (cy + dy) * SCALE;
          const d = inset - 2;
          if (!inside(dx, dy - 1)) {
            ctx.moveTo(x0 - d, y0 - d);
            ctx.lineTo(x0 + SCALE + d, y0 - d);
          }
          if (!inside(dx, dy + 1)) {
            ctx.moveTo(x0 - d, y0 + SCALE + d);
            ctx.lineTo(x0 + SCALE + d, y0 + SCALE + d);
          }
          if (!inside(dx - 1, dy)) {
            ctx.moveTo(x0 - d, y0 - d);
            ctx.lineTo(x0 - d, y0 + SCALE + d);
          }
          if (!inside(dx + 1, dy)) {
            ctx.moveTo(x0 + SCALE + d, y0 - d);
            ctx.lineTo(x0 + SCALE + d, y0 + SCALE + d);
          }
        }
      }
      ctx.stroke();
    }
    ctx.restore();
  }
}
