/**
 * What each preset shows, in sentences built from the measured runs in
 * `src/data/lab/presets.json` (written by `scripts/lab-presets.ts`), so that the Lab page
 * quotes numbers, never types them.
 */

import type { PresetMetricId } from '../../core/metric-table';
import measured from '../../data/lab/presets.json';

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

/** The measured claim and the suggested one change, per preset id. */
export function presetClaims(id: string): { shows: string; change: string } {
  const e = entry(id);
  const r = e.run;
  const s = e.steps;
  switch (id) {
    case 'suppression': {
      const dense = variant(e, 'density40');
      return {
        shows: `After ${s} steps, recall on unlabeled foreground is ${value(r, s, 'full', 'recallUnlabeledFg')} under full CE, ${value(r, s, 'blend', 'recallUnlabeledFg')} at λ = 0.5, ${value(r, s, 'partial', 'recallUnlabeledFg')} under partial CE and ${value(r, s, 'oracle', 'recallUnlabeledFg')} for the oracle. Full CE's mean p there is ${value(r, s, 'full', 'meanPUnlabeledFg')}, next to the coverage c = ${r.coverage?.toFixed(2)}.`,
        change: `Raise the label density to 0.4: full CE's recall only reaches ${value(dense, s, 'full', 'recallUnlabeledFg')} (λ = 0.5: ${value(dense, s, 'blend', 'recallUnlabeledFg')}).`,
      };
    }
    case 'collapse': {
      const off = variant(e, 'backgroundOff');
      return {
        shows: `After ${s} steps, partial CE on the foreground labels alone calls every pixel foreground: background FPR ${value(r, s, 'partial-fg', 'bgFpr')}, IoU ${value(r, s, 'partial-fg', 'iou')}, the scene's true π. Counting the background scribbles too: FPR ${value(r, s, 'partial', 'bgFpr')}, IoU ${value(r, s, 'partial', 'iou')}.`,
        change: `Turn background labels off, so that even partial CE sees foreground only: its FPR becomes ${value(off, s, 'partial', 'bgFpr')}.`,
      };
    }
    case 'nnpu': {
      const high = variant(e, 'prior50');
      const low = variant(e, 'prior10');
      return {
        shows: `After ${s} steps, nnPU with π = 0.28 reaches background FPR ${value(r, s, 'nnpu', 'bgFpr')} and IoU ${value(r, s, 'nnpu', 'iou')}, from the same foreground labels on which partial CE collapses (FPR ${value(r, s, 'partial-fg', 'bgFpr')}). Partial CE with background scribbles: FPR ${value(r, s, 'partial', 'bgFpr')}, IoU ${value(r, s, 'partial', 'iou')}.`,
        change: `Tell nnPU π = 0.5 and it over-segments (FPR ${value(high, s, 'nnpu', 'bgFpr')}, IoU ${value(high, s, 'nnpu', 'iou')}); π = 0.1 under-segments (IoU ${value(low, s, 'nnpu', 'iou')}).`,
      };
    }
    case 'normaliser': {
      const slow = variant(e, 'lrTimesDensity');
      const dense = variant(e, 'density50');
      const factor = r.labelDensity ? (1 / r.labelDensity).toFixed(0) : '—';
      return {
        shows: `Partial CE divides by Σm, full CE by N: under plain SGD a labeled pixel's step is N/Σm ≈ ${factor} times larger under partial CE. With 5% of pixels labeled, partial CE keeps pace with the dense oracle (IoU ${value(r, 50, 'partial', 'iou')} against ${value(r, 50, 'oracle', 'iou')} after 50 steps, ${value(r, s, 'partial', 'iou')} against ${value(r, s, 'oracle', 'iou')} after ${s}); full CE stays at ${value(r, s, 'full', 'iou')}.`,
        change: `Set the learning rate to about 0.0005 (0.01 × Σm/N), the step of a loss that divides by N: partial CE's IoU after ${s} steps falls to ${value(slow, s, 'partial', 'iou')}. Raising the density to 0.5 instead hardly changes its pace (${value(dense, s, 'partial', 'iou')}): the normaliser divides the density back out.`,
      };
    }
    default:
      throw new Error(`no claim written for preset ${id}`);
  }
}
