/**
 * What each preset shows, in sentences built from the measured runs in
 * `src/data/lab/presets.json` (written by `scripts/lab-presets.ts`), so that the Lab page
 * quotes numbers, never types them. The sentences are the catalog's `lab.claim.<id>.*`.
 */

import type { PresetMetricId } from '../../core/metric-table';
import measured from '../../data/lab/presets.json';
import type { UiText } from '../../i18n/ui';
import type { PresetId } from '../../lab-page/presets';

/** One model's stored metrics: those of the metric table marked `presets`. */
type ModelRow = { loss: string } & { [K in PresetMetricId]: number | null };
interface Run {
  settings: string;
  labelDensity: number | null;
  coverage: number | null;
  truePrior: number | null;
  at: { step: number; models: ModelRow[] }[];
}
interface Entry {
  steps: number;
  run: Run;
  variants: Record<string, Run>;
}

const presets = measured.presets as unknown as Record<string, Entry>;

function value(run: Run, step: number, loss: string, metric: PresetMetricId): string {
  const at = run.at.find((a) => a.step === step);
  const v = at?.models.find((m) => m.loss === loss)?.[metric];
  if (v === null || v === undefined) throw new Error(`no ${metric} of ${loss} at step ${step} in presets.json`);
  return v.toFixed(2);
}

function entry(id: string): Entry {
  const e = presets[id];
  if (!e) throw new Error(`preset ${id} is not in presets.json; run scripts/lab-presets.ts`);
  return e;
}

const variant = (e: Entry, name: string): Run => {
  const v = e.variants[name];
  if (!v) throw new Error(`variant ${name} is missing from presets.json`);
  return v;
};

/** The measured claim and the suggested one change of preset `id`, in the words of `text`. */
export function presetClaims(id: PresetId, text: UiText): { shows: string; change: string } {
  const e = entry(id);
  const r = e.run;
  const s = e.steps;
  const claim = (shows: Record<string, string | number>, change: Record<string, string | number>) => ({
    shows: text.t(`lab.claim.${id}.shows`, shows),
    change: text.t(`lab.claim.${id}.change`, change),
  });
  switch (id) {
    case 'suppression': {
      const dense = variant(e, 'density40');
      return claim(
        {
          steps: s,
          full: value(r, s, 'full', 'recallUnlabeledFg'),
          blend: value(r, s, 'blend', 'recallUnlabeledFg'),
          partial: value(r, s, 'partial', 'recallUnlabeledFg'),
          oracle: value(r, s, 'oracle', 'recallUnlabeledFg'),
          fullMeanP: value(r, s, 'full', 'meanPUnlabeledFg'),
          coverage: String(r.coverage?.toFixed(2)),
        },
        { full: value(dense, s, 'full', 'recallUnlabeledFg'), blend: value(dense, s, 'blend', 'recallUnlabeledFg') },
      );
    }
    case 'collapse': {
      const off = variant(e, 'backgroundOff');
      return claim(
        {
          steps: s,
          fgFpr: value(r, s, 'partial-fg', 'bgFpr'),
          fgIou: value(r, s, 'partial-fg', 'iou'),
          fpr: value(r, s, 'partial', 'bgFpr'),
          iou: value(r, s, 'partial', 'iou'),
        },
        { fpr: value(off, s, 'partial', 'bgFpr') },
      );
    }
    case 'nnpu': {
      const high = variant(e, 'prior50');
      const low = variant(e, 'prior10');
      return claim(
        {
          steps: s,
          nnpuFpr: value(r, s, 'nnpu', 'bgFpr'),
          nnpuIou: value(r, s, 'nnpu', 'iou'),
          fgFpr: value(r, s, 'partial-fg', 'bgFpr'),
          fpr: value(r, s, 'partial', 'bgFpr'),
          iou: value(r, s, 'partial', 'iou'),
        },
        {
          highFpr: value(high, s, 'nnpu', 'bgFpr'),
          highIou: value(high, s, 'nnpu', 'iou'),
          lowIou: value(low, s, 'nnpu', 'iou'),
        },
      );
    }
    case 'normaliser': {
      const slow = variant(e, 'lrTimesDensity');
      const dense = variant(e, 'density50');
      return claim(
        {
          factor: r.labelDensity ? (1 / r.labelDensity).toFixed(0) : '—',
          partial50: value(r, 50, 'partial', 'iou'),
          oracle50: value(r, 50, 'oracle', 'iou'),
          partial: value(r, s, 'partial', 'iou'),
          oracle: value(r, s, 'oracle', 'iou'),
          steps: s,
          full: value(r, s, 'full', 'iou'),
        },
        { steps: s, slow: value(slow, s, 'partial', 'iou'), dense: value(dense, s, 'partial', 'iou') },
      );
    }
    default:
      throw new Error(`no claim written for preset ${id}`);
  }
}
