/**
 * Which run the Lab opens with (link, draft, preset or defaults), and what a link says it
 * holds: the parts of the Lab's storage that need no browser.
 */
import { describe, expect, it } from 'vitest';
import { FOREGROUND } from '../../src/core/labels';
import { defaultSettings, serializeSettings, withSettings } from '../../src/core/settings';
import { uiText } from '../../src/i18n/ui';
import { planHash, toDocument } from '../../src/lab-page/lab-state';
import { PRESETS, presetSettings } from '../../src/lab-page/presets';
import {
  chooseInitial,
  type Draft,
  foreignParts,
  LabLink,
  parseDraft,
  readLink,
} from '../../src/widgets/lab/lab-storage';
import { LabRun, sceneRead } from '../../src/widgets/lab/run-state';
import { writeSegment } from '../../src/widgets/shared/hash';

const settings = withSettings(defaultSettings(), { size: 16, images: 2, seed: 4 }).settings;

/** A run with one drawn stroke, its address and its draft. */
function drawnRun(): { run: LabRun; hash: string; draft: Draft } {
  const run = new LabRun();
  run.load(sceneRead(settings), null);
  run.editor.beginStroke('foreground', 1, 0);
  run.editor.paintTo(3.5, 3.5);
  run.editor.endStroke();
  run.refreshStats();
  const plan = planHash(run.state(), 30);
  const hash = writeSegment(writeSegment('', 'lab', plan.lab), 'draw', plan.draw);
  const text = JSON.stringify(toDocument(run.state(), run.editor.labels, run.stats.coverage));
  return { run, hash, draft: { hash, text } };
}

describe('the first run of the page', () => {
  it('is the defaults without a link or a draft, and the draft when there is one', () => {
    const fresh = chooseInitial('', null);
    expect(fresh.source).toBeNull();
    expect(serializeSettings(fresh.read.state.settings)).toBe(serializeSettings(defaultSettings()));
    const { draft } = drawnRun();
    const kept = chooseInitial('', draft);
    expect(kept.source).toBe('draft');
    expect(kept.read.state.edits?.some((e) => e !== 0)).toBe(true);
    expect(kept.replaced).toBeNull();
  });

  it('is the draft on a reload of the same address, and the link (keeping the draft) on another', () => {
    const { hash, draft } = drawnRun();
    expect(chooseInitial(hash, draft).source).toBe('draft');
    const other = writeSegment('', 'lab', serializeSettings(withSettings(settings, { seed: 9 }).settings));
    const link = chooseInitial(other, draft);
    expect(link.source).toBe('link');
    expect(link.read.state.settings.seed).toBe(9);
    expect(link.replaced).toEqual(draft);
  });

  it('takes the draft’s labels when a link left them out but has the same settings', () => {
    const { draft } = drawnRun();
    const omitted = writeSegment(writeSegment('', 'lab', serializeSettings(settings)), 'draw', 's~');
    const chosen = chooseInitial(omitted, draft);
    expect(chosen.source).toBe('draft');
    expect(chosen.read.state.edits?.includes(1 + FOREGROUND)).toBe(true);
  });

  it('opens a preset from `#preset:<id>` and clears that address', () => {
    const preset = PRESETS[0];
    if (!preset) throw new Error('no presets');
    const chosen = chooseInitial(`#preset:${preset.id}`, null);
    expect(chosen.clearHash).toBe(true);
    expect(serializeSettings(chosen.read.state.settings)).toBe(serializeSettings(presetSettings(preset)));
  });

  it('names an unknown preset like any other unreadable link, loads the defaults and keeps the draft', () => {
    const { draft } = drawnRun();
    for (const hash of ['#preset:nope', '#preset:', '#preset:Collapse', `#preset:${'x'.repeat(300)}`]) {
      const chosen = chooseInitial(hash, draft);
      expect(chosen.source, hash).toBe('link');
      expect(chosen.clearHash, hash).toBe(true);
      expect(chosen.replaced, hash).toEqual(draft);
      expect(serializeSettings(chosen.read.state.settings)).toBe(serializeSettings(defaultSettings()));
      expect(chosen.read.problems).toHaveLength(1);
      expect(chosen.read.problems[0]).toMatch(/^The link asks for a preset “.*” that the Lab does not have/);
      expect(chosen.read.problems[0]).toContain('suppression, collapse, nnpu, normaliser');
      expect(chosen.read.problems[0]?.length).toBeLessThan(300);
    }
    const zh = chooseInitial('#preset:nope', null, uiText('zh-cn'));
    expect(zh.read.problems[0]).toBe(
      '链接要求的预设“nope”在实验室中不存在（现有的预设为 suppression、collapse、nnpu、normaliser），因此已忽略。',
    );
    // An unknown preset beside settings: the settings are read, the preset is named.
    const both = chooseInitial('#preset:nope;lab:seed=5', null);
    expect(both.read.state.settings.seed).toBe(5);
    expect(both.read.problems).toHaveLength(1);
  });

  it('names parts of the address that are not the Lab’s, but leaves places on the page alone', () => {
    expect(foreignParts('#seed=3&lr=0.1')).toEqual(['seed=3&lr=0.1']);
    expect(foreignParts('#suppression:seed=3;lab:seed=2;draw:s;preset:nnpu')).toEqual(['suppression:seed=3']);
    expect(foreignParts('#presets')).toEqual([]);
    expect(foreignParts('')).toEqual([]);
    const chosen = chooseInitial('#seed=3', null);
    expect(chosen.source).toBe('link');
    expect(chosen.clearHash).toBe(true);
    expect(chosen.read.problems[0]).toBe(
      'The link has parts the Lab does not read (“seed=3”), so they were ignored; the Lab’s settings go after “lab:”, as in #lab:seed=3.',
    );
    expect(chooseInitial('#presets', null).source).toBeNull();
    expect(readLink('#presets')).toBeNull();
    expect(readLink('#preset:nnpu')).toMatchObject({ kind: 'preset', preset: { id: 'nnpu' } });
    expect(readLink('#lab:seed=2')).toMatchObject({ kind: 'run', clearHash: false });
  });

  it('ignores a damaged draft', () => {
    expect(parseDraft('{"hash": 3}')).toBeNull();
    expect(parseDraft('not json')).toBeNull();
    expect(parseDraft(null)).toBeNull();
    expect(parseDraft('{"hash":"#a","text":"{}"}')).toEqual({ hash: '#a', text: '{}' });
  });
});

describe('what the link says it holds', () => {
  it('names the labels and the length, or why the file is needed', () => {
    const link = new LabLink();
    link.length = 123;
    expect(link.describe(false, true)).toBe(
      'The address reproduces this run: every setting and your drawn labels (123 characters).',
    );
    expect(link.describe(false, false)).toBe('The address reproduces this run: every setting (123 characters).');
    expect(link.complete(false)).toBe(true);
    expect(link.complete(true)).toBe(false);
    expect(link.describe(true, true)).toContain('cannot carry your own image');
    link.labelsIncluded = false;
    expect(link.describe(false, true)).toContain('too detailed for a link (it would pass 2000 characters)');
    expect(link.complete(false)).toBe(false);
  });
});
