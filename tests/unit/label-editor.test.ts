import { describe, expect, it } from 'vitest';
import { BACKGROUND, FOREGROUND, labelStats, UNLABELED } from '../../src/core/labels';
import { LabelEditor } from '../../src/lab-page/label-editor';

const size = 8;
const simulated = () => {
  const s = new Uint8Array(size * size * 2);
  s[0] = FOREGROUND;
  s[9] = BACKGROUND;
  s[64 + 5] = FOREGROUND;
  return s;
};

describe('label editor', () => {
  it('starts from the simulated labels or from nothing', () => {
    expect(Array.from(new LabelEditor(size, 2, simulated()).labels)).toEqual(Array.from(simulated()));
    expect(new LabelEditor(size, 2, simulated(), 'empty').labels.every((v) => v === UNLABELED)).toBe(true);
  });

  it('paints a disc of the brush radius on the chosen image, and a line between points', () => {
    const editor = new LabelEditor(size, 2, new Uint8Array(128), 'empty');
    editor.beginStroke('foreground', 1, 1);
    expect(editor.paintTo(3.5, 3.5)).toBe(true);
    editor.endStroke();
    const painted = [...editor.labels.keys()].filter((i) => editor.labels[i] === FOREGROUND);
    expect(painted.every((i) => i >= 64)).toBe(true);
    expect(painted).toHaveLength(9);
    editor.beginStroke('background', 0, 0);
    editor.paintTo(0.5, 0.5);
    editor.paintTo(7.5, 0.5);
    editor.endStroke();
    expect(Array.from(editor.labels.subarray(0, 8))).toEqual(new Array(8).fill(BACKGROUND));
    expect(labelStats(editor.labels, null).labeled).toBe(17);
  });

  it('undoes and redoes whole strokes, and a new stroke clears the redo history', () => {
    const editor = new LabelEditor(size, 2, simulated());
    const start = Array.from(editor.labels);
    editor.beginStroke('eraser', 0, 0);
    editor.paintTo(0.2, 0.2);
    editor.paintTo(1.7, 1.2);
    expect(editor.endStroke()).toBe(true);
    expect(editor.labels[0]).toBe(UNLABELED);
    expect(editor.labels[9]).toBe(UNLABELED);
    const erased = Array.from(editor.labels);
    expect(editor.undo()).toBe(true);
    expect(Array.from(editor.labels)).toEqual(start);
    expect(editor.canRedo).toBe(true);
    expect(editor.redo()).toBe(true);
    expect(Array.from(editor.labels)).toEqual(erased);
    editor.undo();
    editor.beginStroke('foreground', 0, 0);
    editor.paintTo(4, 4);
    editor.endStroke();
    expect(editor.canRedo).toBe(false);
    expect(editor.undo()).toBe(true);
    expect(editor.undo()).toBe(false);
    expect(Array.from(editor.labels)).toEqual(start);
  });

  it('does not record a stroke that changed nothing', () => {
    const editor = new LabelEditor(size, 2, simulated(), 'empty');
    editor.beginStroke('eraser', 2, 0);
    editor.paintTo(4, 4);
    editor.endStroke();
    expect(editor.canUndo).toBe(false);
  });

  it('clears and restores in one step each, and keeps edits over new simulated labels', () => {
    const editor = new LabelEditor(size, 2, simulated());
    editor.beginStroke('foreground', 0, 0);
    editor.paintTo(6, 6);
    editor.endStroke();
    editor.reset('empty');
    expect(editor.labels.every((v) => v === UNLABELED)).toBe(true);
    expect(editor.edited).toBe(false);
    editor.undo();
    expect(editor.labels[6 * 8 + 6]).toBe(FOREGROUND);
    expect(editor.labels[0]).toBe(FOREGROUND);
    const next = new Uint8Array(128);
    next[1] = BACKGROUND;
    editor.setSimulated(next);
    expect(editor.labels[0]).toBe(UNLABELED);
    expect(editor.labels[1]).toBe(BACKGROUND);
    expect(editor.labels[6 * 8 + 6]).toBe(FOREGROUND);
  });

  it('clips the brush at the image border and refuses maps of the wrong size', () => {
    const editor = new LabelEditor(size, 1, new Uint8Array(64), 'empty');
    editor.beginStroke('foreground', 5, 0);
    editor.paintTo(0, 0);
    editor.endStroke();
    expect(labelStats(editor.labels, null).labeled).toBeGreaterThan(20);
    expect(() => new LabelEditor(size, 2, new Uint8Array(64))).toThrow();
  });
});
