import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/core/dataset';
import { Rng } from '../../src/core/random';
import { defaultSettings, parseSettings, serializeSettings, withSettings } from '../../src/core/settings';
import measured from '../../src/data/lab/presets.json';
import {
  drawSegment,
  editsFromMap,
  type LabState,
  MAX_LINK_LENGTH,
  planHash,
  readDocument,
  readHash,
  toDocument,
} from '../../src/lab-page/lab-state';
import { LabelEditor } from '../../src/lab-page/label-editor';
import { matchingPreset, PRESETS, presetSettings } from '../../src/lab-page/presets';

const PREFIX = 'http://localhost:4321/lab/'.length;

function drawnState(strokes: number): { state: LabState; editor: LabelEditor } {
  const settings = defaultSettings();
  const data = buildDataset(settings);
  const editor = new LabelEditor(data.size, data.count, data.labels);
  const rng = new Rng(5, 'strokes');
  for (let s = 0; s < strokes; s++) {
    editor.beginStroke(
      s % 3 === 0 ? 'background' : s % 3 === 1 ? 'foreground' : 'eraser',
      rng.int(3),
      rng.int(data.count),
    );
    let x = rng.uniform(0, 32);
    let y = rng.uniform(0, 32);
    for (let k = 0; k < 12; k++) {
      x += rng.uniform(-3, 3);
      y += rng.uniform(-3, 3);
      editor.paintTo(x, y);
    }
    editor.endStroke();
  }
  return { state: { settings, start: 'simulated', edits: editor.edits, image: null }, editor };
}

describe('Lab link', () => {
  it('round-trips settings and drawn edits through the hash', () => {
    const { state } = drawnState(6);
    const plan = planHash(state, PREFIX);
    expect(plan.labelsIncluded).toBe(true);
    const read = readHash(plan.lab, plan.draw, defaultSettings());
    expect(read.problems).toEqual([]);
    expect(serializeSettings(read.state.settings)).toBe(serializeSettings(state.settings));
    expect(Array.from(read.state.edits as Uint8Array)).toEqual(Array.from(state.edits as Uint8Array));
  });

  it('leaves edits out of links that would grow past the limit, and says so', () => {
    const { state } = drawnState(400);
    const plan = planHash(state, PREFIX);
    expect(plan.labelsIncluded).toBe(false);
    expect(plan.draw).toBe('s~');
    expect(PREFIX + plan.lab.length + plan.draw.length).toBeLessThan(MAX_LINK_LENGTH);
    expect(readHash(plan.lab, plan.draw, defaultSettings()).linkOmittedLabels).toBe(true);
  });

  it('names what a malformed or truncated link could not give, and keeps the rest', () => {
    const { state } = drawnState(3);
    const plan = planHash({ ...state, settings: withSettings(defaultSettings(), { seed: 9 }).settings }, PREFIX);
    const cut = readHash(
      `${plan.lab.replace('lr=0.01', 'lr=banana')}`,
      plan.draw.slice(0, plan.draw.length - 5),
      defaultSettings(),
    );
    expect(cut.state.settings.seed).toBe(9);
    expect(cut.state.settings.lr).toBe(0.01);
    expect(cut.state.edits).toBeNull();
    expect(cut.problems.join(' ')).toMatch(/lr “banana”/);
    expect(cut.problems.join(' ')).toMatch(/drawn labels in the link could not be read/);
    expect(readHash(null, 'zz', defaultSettings()).problems).toHaveLength(1);
    expect(readHash(null, 'own', defaultSettings()).linkHadOwnImage).toBe(true);
    expect(readHash(null, 'e', defaultSettings()).state.start).toBe('empty');
  });

  it('writes own images as "own" (a link cannot carry them)', () => {
    const state: LabState = {
      settings: defaultSettings(),
      start: 'empty',
      edits: null,
      image: { name: 'a.png', size: 32, pixels: new Uint8Array(1024) },
    };
    expect(drawSegment(state, true)).toBe('own');
  });
});

describe('Lab file', () => {
  it('round-trips a synthetic run: settings, start, edits and the label map', () => {
    const { state, editor } = drawnState(5);
    const doc = toDocument(state, editor.labels, 0.2);
    const text = JSON.stringify(doc);
    const read = readDocument(text, defaultSettings());
    expect(read.problems).toEqual([]);
    expect(serializeSettings(read.state.settings)).toBe(doc.settings);
    expect(Array.from(read.state.edits as Uint8Array)).toEqual(Array.from(editor.edits));
    expect(Array.from(read.map as Uint8Array)).toEqual(Array.from(editor.labels));
    expect(doc.image).toBeNull();
    expect(doc.note).toMatch(/no image is included/);
  });

  it('round-trips a reader image at the model resolution', () => {
    const pixels = Uint8Array.from({ length: 24 * 24 }, (_, i) => (i * 37) % 256);
    const settings = withSettings(defaultSettings(), { size: 24, losses: ['full', 'partial'] }).settings;
    const editor = new LabelEditor(24, 1, new Uint8Array(576), 'empty');
    editor.beginStroke('foreground', 1, 0);
    editor.paintTo(5, 5);
    editor.endStroke();
    const state: LabState = {
      settings,
      start: 'empty',
      edits: editor.edits,
      image: { name: 'cells.png', size: 24, pixels },
    };
    const read = readDocument(JSON.stringify(toDocument(state, editor.labels, null)), defaultSettings());
    expect(read.problems).toEqual([]);
    expect(read.state.image?.name).toBe('cells.png');
    expect(Array.from(read.state.image?.pixels ?? [])).toEqual(Array.from(pixels));
    expect(read.state.start).toBe('empty');
    expect(Array.from(read.map as Uint8Array)).toEqual(Array.from(editor.labels));
  });

  it('loads defaults and names the problem for junk, truncated and foreign files', () => {
    const { state, editor } = drawnState(2);
    const text = JSON.stringify(toDocument(state, editor.labels, 0.2));
    expect(readDocument('not json', defaultSettings()).problems[0]).toMatch(/not valid JSON/);
    expect(readDocument(text.slice(0, text.length / 2), defaultSettings()).problems[0]).toMatch(/cut short/);
    expect(readDocument('{"format":"other"}', defaultSettings()).problems[0]).toMatch(/not a Lab file/);
    const damaged = JSON.parse(text);
    damaged.labels.edits = '1AAAA';
    damaged.settings = damaged.settings.replace('seed=1', 'seed=-5');
    const read = readDocument(JSON.stringify(damaged), defaultSettings());
    expect(read.problems.join(' ')).toMatch(/seed/);
    expect(read.problems.join(' ')).toMatch(/edits in the file could not be read/);
    expect(read.map).not.toBeNull();
    expect(
      Array.from(editsFromMap(read.map as Uint8Array)).every(
        (e, i) => e === 0 || e === (read.map as Uint8Array)[i]! + 1,
      ),
    ).toBe(true);
  });
});

describe('presets', () => {
  it('are valid settings, distinct, and found again from their settings', () => {
    const seen = new Set<string>();
    for (const preset of PRESETS) {
      const settings = presetSettings(preset);
      const text = serializeSettings(settings);
      expect(parseSettings(text).corrections).toEqual([]);
      expect(seen.has(text)).toBe(false);
      seen.add(text);
      expect(matchingPreset(settings)?.id).toBe(preset.id);
    }
    expect(presetSettings(PRESETS[0]!).losses).toEqual(['full', 'blend', 'partial', 'oracle']);
  });

  it('have measurements of their current settings (else rerun scripts/lab-presets.ts)', () => {
    const runs = measured.presets as Record<string, { steps: number; run: { settings: string } }>;
    for (const preset of PRESETS) {
      expect(runs[preset.id]?.run.settings).toBe(serializeSettings(presetSettings(preset)));
      expect(runs[preset.id]?.steps).toBe(preset.steps);
    }
  });
});
