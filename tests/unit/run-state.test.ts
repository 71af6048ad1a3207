/**
 * The Lab's run state in Node, with no page: loading runs from links, files and images,
 * editing labels, changing settings, what the worker is sent, and when the models can train.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/core/dataset';
import { BACKGROUND, FOREGROUND, UNLABELED } from '../../src/core/labels';
import { defaultSettings, serializeSettings, withSettings } from '../../src/core/settings';
import { type ReadResult, readDocument, readHash } from '../../src/lab-page/lab-state';
import { PRESETS, presetSettings } from '../../src/lab-page/presets';
import type { SourceImage } from '../../src/widgets/lab/image-input';
import { CHAPTER_FOUR, imageRead, LabRun, loadNotice, presetRead, sceneRead } from '../../src/widgets/lab/run-state';

/** Small scenes keep each test fast. */
const small = withSettings(defaultSettings(), { size: 16, images: 3 }).settings;

function sceneRun(settings = small): LabRun {
  const run = new LabRun();
  expect(run.load(sceneRead(settings), null)).toEqual([]);
  return run;
}

/** A gradient image: its left half dark, its right half bright. */
function source(side = 32): SourceImage {
  const gray = new Float32Array(side * side);
  for (let i = 0; i < gray.length; i++) gray[i] = (i % side) / side;
  return { name: 'gradient.png', gray, side };
}

/** One stroke of `tool` through pixel (x, y) of image `image`, radius 0: exactly one pixel. */
function dab(run: LabRun, tool: 'foreground' | 'background' | 'eraser', x: number, y: number, image = 0): boolean {
  run.editor.beginStroke(tool, 0, image);
  run.editor.paintTo(x + 0.5, y + 0.5);
  const changed = run.editor.endStroke();
  run.refreshStats();
  return changed;
}

describe('LabRun: loading', () => {
  it('starts as an empty placeholder that cannot train', () => {
    const run = new LabRun();
    expect(run.stats.labeled).toBe(0);
    expect(run.verdict().canTrain).toBe(false);
    expect(run.currentImage().every((v) => v === 0)).toBe(true);
  });

  it('loads the synthetic scene with its simulated labels, which train as the settings alone would', () => {
    const run = sceneRun();
    const data = buildDataset(small);
    expect(run.hasTruth).toBe(true);
    expect(Array.from(run.editor.labels)).toEqual(Array.from(data.labels));
    expect(run.stats.labeled).toBeGreaterThan(0);
    expect(run.stats.coverage).not.toBeNull();
    expect(run.state().edits).toBeNull();
    // Unedited simulated labels need no custom data: the worker builds the same scene from the settings.
    expect(run.customData()).toEqual({ custom: undefined, transfer: [] });
    expect(run.truePrior()).toBe(data.scene?.prior ?? null);
    expect(run.charts).toEqual(['recallUnlabeledFg', 'meanPUnlabeledFg']);
    expect(run.dirty).toBe(false);
  });

  it('names what a link or a file could not carry', () => {
    const run = new LabRun();
    const read = readHash(serializeSettings(small), 'own', defaultSettings());
    const problems = run.load(read, 'link');
    expect(problems.join(' ')).toContain('sender’s own image');
    expect(run.own).toBeNull();
    const omitted = run.load(readHash(serializeSettings(small), 's~', defaultSettings()), 'link');
    expect(omitted.join(' ')).toContain('too long for the link');
    expect(loadNotice(omitted, 'link')?.text).toMatch(/^The link could not be used entirely\. /);
    expect(loadNotice([], 'file', 'run.json')).toEqual({
      text: 'Loaded “run.json”: the settings and labels of that run.',
      level: 'info',
    });
    expect(loadNotice([], 'draft')).toBeNull();
  });

  it('rebuilds the labels from a file’s stored label map when the edits do not give it', () => {
    const run = sceneRun();
    const map = new Uint8Array(run.editor.labels.length);
    map[5] = FOREGROUND;
    map[40] = BACKGROUND;
    const read: ReadResult = {
      state: run.state(),
      problems: [],
      map,
      linkHadOwnImage: false,
      linkOmittedLabels: false,
    };
    const problems = new LabRun().load(read, 'file');
    expect(problems).toEqual(['The labels were rebuilt from the label map stored in the file.']);
    const again = new LabRun();
    again.load(read, 'file');
    expect(Array.from(again.editor.labels)).toEqual(Array.from(map));
    expect(again.stats.labeled).toBe(2);
  });

  it('round-trips through its own JSON document: settings, start, edits and labels', () => {
    const run = sceneRun();
    run.resetLabels('empty');
    dab(run, 'foreground', 3, 4, 1);
    dab(run, 'background', 10, 2, 2);
    const copy = new LabRun();
    expect(copy.load(readDocument(run.documentText(), defaultSettings()), 'draft')).toEqual([]);
    expect(serializeSettings(copy.settings)).toBe(serializeSettings(run.settings));
    expect(copy.editor.start).toBe('empty');
    expect(Array.from(copy.editor.labels)).toEqual(Array.from(run.editor.labels));
    // A draft's strokes exist only in this browser until they are saved in a link or a file.
    expect(copy.dirty).toBe(true);
    copy.load(readDocument(run.documentText(), defaultSettings()), 'file');
    expect(copy.dirty).toBe(false);
  });

  it('takes a preset’s settings and its two charts', () => {
    const preset = PRESETS.find((p) => p.id === 'collapse') ?? PRESETS[0];
    if (!preset) throw new Error('no presets');
    const run = new LabRun();
    run.load(presetRead(preset), null);
    expect(serializeSettings(run.settings)).toBe(serializeSettings(presetSettings(preset)));
    expect(run.charts).toEqual([...preset.charts]);
  });
});

describe('LabRun: the reader’s image', () => {
  it('has no truth: losses that need it are dropped and blocked, charts fall back, no simulated labels', () => {
    const settings = withSettings(small, { losses: ['partial', 'oracle'] }).settings;
    const run = new LabRun();
    run.load(imageRead(source(), settings), null, source());
    expect(run.own?.pixels.length).toBe(16 * 16);
    expect(run.hasTruth).toBe(false);
    expect(run.settings.losses).toEqual(['partial']);
    expect(run.lossBlocked('oracle')).toMatch(/ground truth/);
    expect(run.lossBlocked('partial')).toBeNull();
    expect(run.editor.count).toBe(1);
    expect(run.stats.labeled).toBe(0);
    expect(run.stats.coverage).toBeNull();
    expect(run.charts).toEqual(['loss', 'labelAgreement']);
    run.setChart(0, 'iou');
    expect(run.fitCharts()).toEqual(['loss', 'labelAgreement']);
    expect(run.resetLabels('simulated')).toBeNull();
    expect(run.imageStatus()).toBe('Using your image “gradient.png” at 16 × 16 pixels.');
    expect(run.truePrior()).toBeNull();
  });

  it('falls back to full and partial CE when the oracle was the only loss', () => {
    const run = new LabRun();
    run.load(imageRead(source(), withSettings(small, { losses: ['oracle'] }).settings), null, source());
    expect(run.settings.losses).toEqual(['full', 'partial']);
  });

  it('sends the image and the drawn labels as custom data, without truth', () => {
    const run = new LabRun();
    run.load(imageRead(source(), small), null, source());
    dab(run, 'foreground', 12, 8);
    dab(run, 'background', 2, 8);
    const { custom, transfer } = run.customData();
    expect(custom?.count).toBe(1);
    expect(custom?.truth).toBeNull();
    expect(Array.from(custom?.labels ?? [])).toEqual(Array.from(run.editor.labels));
    expect(transfer).toHaveLength(2);
    // The payload is a copy: transferring its buffers must not empty the run's own arrays.
    expect(custom?.labels).not.toBe(run.editor.labels);
  });

  it('resamples the image and the strokes to a new model size', () => {
    const run = new LabRun();
    run.load(imageRead(source(), small), null, source());
    dab(run, 'foreground', 5, 5);
    const plan = run.planSettings({ size: 32 });
    expect(plan.kind).toBe('run');
    expect(plan.dropsStrokes).toBe(false);
    expect(run.commitSettings(plan)).toEqual({ resampled: true });
    expect(run.editor.size).toBe(32);
    expect(run.own?.pixels.length).toBe(32 * 32);
    // One pixel at 16 px becomes a 2 × 2 block at 32 px.
    expect(run.stats.foregroundLabeled).toBe(4);
  });
});

describe('LabRun: labels and settings', () => {
  it('says why the labels cannot train, or what is degenerate about them', () => {
    const run = sceneRun();
    expect(run.resetLabels('empty')).toBe(true);
    run.refreshStats();
    const none = run.verdict();
    expect(none.canTrain).toBe(false);
    expect(none.level).toBe('warning');
    expect(none.parts.join('')).toContain('Nothing is labeled');

    dab(run, 'foreground', 4, 4);
    const fgOnly = run.verdict();
    expect(fgOnly).toMatchObject({ canTrain: true, level: 'info' });
    expect(fgOnly.parts).toContainEqual({ text: 'chapter 4', href: CHAPTER_FOUR });
    expect(fgOnly.parts[0]).toBe(
      'Only foreground is labeled: partial CE, partial CE with the CRF term and partial CE with the normalized cut can then call every pixel foreground. This is the degenerate case of ',
    );

    dab(run, 'eraser', 4, 4);
    dab(run, 'background', 1, 1);
    const bgOnly = run.verdict();
    expect(bgOnly).toMatchObject({ canTrain: true, level: 'info' });
    // The losses named come from the loss table's requirements.
    expect(bgOnly.parts).toEqual([
      'Only background is labeled: the losses that learn from foreground labels (partial CE on foreground, nnPU) cannot train.',
    ]);

    dab(run, 'foreground', 4, 4);
    expect(run.verdict()).toEqual({ canTrain: true, level: '', parts: [] });
  });

  it('undoes and redoes strokes, and sends drawn labels over the scene’s clean images', () => {
    const run = sceneRun();
    const before = Array.from(run.editor.labels);
    const target = run.editor.labels.indexOf(UNLABELED);
    const size = run.editor.size;
    expect(dab(run, 'foreground', target % size, Math.floor(target / size))).toBe(true);
    expect(run.editor.labels[target]).toBe(FOREGROUND);
    const { custom, transfer } = run.customData();
    expect(custom?.clean).not.toBeNull();
    expect(custom?.truth).not.toBeNull();
    expect(transfer).toHaveLength(4);
    expect(run.undo()).toBe(true);
    expect(Array.from(run.editor.labels)).toEqual(before);
    expect(run.redo()).toBe(true);
    expect(run.editor.labels[target]).toBe(FOREGROUND);
    expect(run.redo()).toBe(false);
  });

  it('plans a change before making it: nothing, the speed alone, or a new run', () => {
    const run = sceneRun();
    expect(run.planSettings({ seed: small.seed }).kind).toBe('none');
    const speed = run.planSettings({ speed: 5 });
    expect(speed.kind).toBe('speed');
    run.commitSettings(speed);
    expect(run.settings.speed).toBe(5);
    const junk = run.planSettings({ lr: -3 });
    expect(junk.corrections.length).toBeGreaterThan(0);
    expect(Number.isFinite(junk.next.lr)).toBe(true);
  });

  it('keeps strokes under a new label density, and warns before a new geometry removes them', () => {
    const run = sceneRun();
    dab(run, 'background', 0, 0);
    const edits = Array.from(run.editor.edits);
    const density = run.planSettings({ density: 0.3 });
    expect(density.dropsStrokes).toBe(false);
    run.commitSettings(density);
    expect(Array.from(run.editor.edits)).toEqual(edits);
    expect(run.editor.labels[0]).toBe(BACKGROUND);

    run.setImage(2);
    const fewer = run.planSettings({ images: 2, seed: 7 });
    expect(fewer.dropsStrokes).toBe(true);
    run.commitSettings(fewer);
    expect(run.editor.edited).toBe(false);
    expect(run.editor.count).toBe(2);
    expect(run.imageIndex).toBe(1);
    expect(Array.from(run.editor.labels)).toEqual(Array.from(buildDataset(run.settings).labels));
  });

  it('keeps the image index inside the run, whatever the picker sends', () => {
    const run = sceneRun();
    run.setImage(99);
    expect(run.imageIndex).toBe(2);
    run.setImage(Number.NaN);
    expect(run.imageIndex).toBe(0);
    run.setImage(-4);
    expect(run.imageIndex).toBe(0);
  });

  it('toggles losses but never leaves none', () => {
    const run = sceneRun(withSettings(small, { losses: ['partial'] }).settings);
    expect(run.toggleLoss('nnpu', true)).toEqual(['partial', 'nnpu']);
    expect(run.toggleLoss('partial', false)).toBeNull();
  });
});
