import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/core/dataset';
import { defaultSettings, serializeSettings, withSettings } from '../../src/core/settings';
import { LockstepTrainer } from '../../src/core/train';
import { CSV_COLUMNS, runToCsv } from '../../src/widgets/shared/csv';
import { readSegment, writeSegment } from '../../src/widgets/shared/hash';
import { useBackend } from './backend';

beforeAll(() => useBackend('wasm'));

describe('URL hash segments', () => {
  it('reads and writes one widget without touching the others', () => {
    const hash = writeSegment(writeSegment('', 'trainer', 'seed=2&lr=0.01'), 'explorer', 'seed=5');
    expect(hash).toBe('#trainer:seed=2&lr=0.01;explorer:seed=5');
    expect(readSegment(hash, 'trainer')).toBe('seed=2&lr=0.01');
    expect(readSegment(hash, 'explorer')).toBe('seed=5');
    expect(readSegment(writeSegment(hash, 'trainer', 'seed=3'), 'explorer')).toBe('seed=5');
  });

  it('ignores heading anchors and junk, and drops them on write', () => {
    expect(readSegment('#the-derivation', 'trainer')).toBeNull();
    expect(readSegment('#:oops;trainer:seed=4', 'trainer')).toBe('seed=4');
    expect(writeSegment('#the-derivation', 'trainer', 'seed=1')).toBe('#trainer:seed=1');
  });
});

describe('run CSV', () => {
  it('has the documented columns, a settings comment and one row per step and loss', async () => {
    const settings = withSettings(defaultSettings(), { size: 16, images: 2, batch: 2, radius: 4, width: 4 }).settings;
    const trainer = new LockstepTrainer(buildDataset(settings), settings);
    const records = [trainer.snapshot(), ...trainer.record(3)];
    trainer.dispose();
    const csv = runToCsv(serializeSettings(settings), records);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(`# partial-ce run; settings: ${serializeSettings(settings)}`);
    expect(lines[1]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(2 + 4 * settings.losses.length);
    const row = (lines[2] as string).split(',');
    expect(row[0]).toBe('0');
    expect(row[1]).toBe('full');
    expect(lines.at(-1)?.startsWith('3,oracle,')).toBe(true);
    for (const line of lines.slice(2)) {
      expect(line.split(',')).toHaveLength(CSV_COLUMNS.length);
      expect(line).not.toMatch(/NaN|undefined|null/);
    }
    // The original columns stay first and in order; the split and held-out ones follow.
    expect(CSV_COLUMNS.slice(0, 8)).toEqual([
      'step',
      'loss',
      'recall_unlabeled_fg',
      'mean_p_unlabeled_fg',
      'bg_fpr',
      'iou',
      'label_density',
      'coverage',
    ]);
    expect(CSV_COLUMNS).toHaveLength(20);
    const last = records.at(-1)?.models.at(-1);
    const cells = (lines.at(-1) as string).split(',');
    const at = (name: (typeof CSV_COLUMNS)[number]) => cells[CSV_COLUMNS.indexOf(name)];
    expect(at('heldout_iou')).toBe(String(last?.heldOut?.iou));
    expect(at('mean_p_unlabeled_fg_border')).toBe(String(last?.metrics.meanPUnlabeledFgBorder));
    expect(at('heldout_mean_p_unlabeled_fg_interior')).toBe(String(last?.heldOut?.meanPUnlabeledFgInterior));
  });
});
