/**
 * The loss table as the interface sees it: ids, names and one-line summaries.
 * No tensors here, so the settings schema and the widgets can import it without tfjs.
 * The implementations live in `losses.ts`, keyed by the same ids.
 */

export const LOSS_IDS = ['full', 'partial', 'oracle', 'blend', 'partial-fg', 'nnpu'] as const;
export type LossId = (typeof LOSS_IDS)[number];

export interface LossInfo {
  id: LossId;
  /** Short name used in legends and CSV files. */
  label: string;
  /** One line for tooltips and the settings panel. */
  summary: string;
  /** Needs the ground truth (only the oracle). */
  needsTruth: boolean;
}

export const LOSS_INFO: Record<LossId, LossInfo> = {
  full: {
    id: 'full',
    label: 'full CE',
    summary: 'Cross-entropy on every pixel; unlabeled pixels count as background.',
    needsTruth: false,
  },
  partial: {
    id: 'partial',
    label: 'partial CE',
    summary: 'Cross-entropy on labeled pixels only, averaged over the labeled count.',
    needsTruth: false,
  },
  oracle: {
    id: 'oracle',
    label: 'dense CE (oracle)',
    summary: 'Cross-entropy against the full ground truth: the upper bound.',
    needsTruth: true,
  },
  blend: {
    id: 'blend',
    label: 'mask strength λ',
    summary: 'Labeled terms plus λ times the unlabeled-as-background terms: λ=0 is partial, λ=1 is full.',
    needsTruth: false,
  },
  'partial-fg': {
    id: 'partial-fg',
    label: 'partial CE, fg labels only',
    summary: 'Partial CE that ignores background labels: the positive-unlabeled setting.',
    needsTruth: false,
  },
  nnpu: {
    id: 'nnpu',
    label: 'nnPU (prior π)',
    summary: 'Non-negative PU risk from foreground labels and the class prior π (Kiryo et al., 2017).',
    needsTruth: false,
  },
};

/** True when `value` names a loss in the table. */
export function isLossId(value: string): value is LossId {
  return (LOSS_IDS as readonly string[]).includes(value);
}
