/**
 * The loss table as the interface sees it: ids, names, one-line summaries, the settings
 * each loss reads and what its labels must contain. No tensors here, so the settings
 * schema, the worker's messages and the widgets can import it without tfjs. The
 * implementations live in `losses.ts`, keyed by the same ids.
 */
import type { NumberField } from './settings-schema';

export const LOSS_IDS = ['full', 'partial', 'oracle', 'blend', 'partial-fg', 'nnpu', 'crf', 'ncut'] as const;
export type LossId = (typeof LOSS_IDS)[number];

/**
 * What a loss needs to be defined: 'labels' at least one labeled pixel, 'foreground-labels'
 * at least one foreground label, 'truth' the ground truth (and no labels at all).
 */
export type LossRequirement = 'labels' | 'foreground-labels' | 'truth';

/** A loss parameter's entry in the settings schema: a number with a range, unit and description. */
const param = (
  spec: Omit<NumberField, 'kind' | 'integer' | 'scale'> & Partial<Pick<NumberField, 'integer' | 'scale'>>,
): NumberField => ({ kind: 'number', integer: false, scale: 'linear', ...spec });

interface LossEntry {
  id: LossId;
  /** Short name used in legends and CSV files. */
  label: string;
  /** How a sentence names it, e.g. in the Lab's messages about the labels. */
  inText: string;
  /** One line for tooltips and the settings panel. */
  summary: string;
  /**
   * The settings it reads beyond the labels and logits, with their schema entries: the
   * settings schema, the URL, the trainer and the Lab's controls all take them from here.
   */
  paramFields: Readonly<Record<string, NumberField>>;
  /** What the labels must contain; `checkLoss` refuses the loss otherwise. */
  requires: LossRequirement;
  /** Defined on labels of one class, but then it calls every pixel that class: warn when a class is missing. */
  wantsBothClasses: boolean;
  /** Reads the pairwise affinity of the batch's images (`pairwise.ts`), not only the labels and logits. */
  pairwise: boolean;
}

/** The kernel widths both pairwise regularisers read: one schema entry each, shared. */
const KERNEL_FIELDS = {
  sigmaXy: param({
    label: 'Kernel width σ_xy',
    description: 'How far, in pixels, the pairwise affinity reaches.',
    unit: 'px',
    default: 4,
    min: 0.5,
    max: 16,
    step: 0.5,
    omitAtDefault: true,
  }),
  sigmaIntensity: param({
    label: 'Kernel width σ_I',
    description: 'How far apart two intensities may be and still count as alike.',
    unit: '',
    default: 0.3,
    min: 0.05,
    max: 2,
    step: 0.05,
    omitAtDefault: true,
  }),
} as const;

const TABLE = {
  full: {
    id: 'full',
    label: 'full CE',
    inText: 'full CE',
    summary: 'Cross-entropy on every pixel; unlabeled pixels count as background.',
    paramFields: {},
    requires: 'labels',
    wantsBothClasses: false,
    pairwise: false,
  },
  partial: {
    id: 'partial',
    label: 'partial CE',
    inText: 'partial CE',
    summary: 'Cross-entropy on labeled pixels only, averaged over the labeled count.',
    paramFields: {},
    requires: 'labels',
    wantsBothClasses: true,
    pairwise: false,
  },
  oracle: {
    id: 'oracle',
    label: 'dense CE (oracle)',
    inText: 'the oracle',
    summary: 'Cross-entropy against the full ground truth: the upper bound.',
    paramFields: {},
    requires: 'truth',
    wantsBothClasses: false,
    pairwise: false,
  },
  blend: {
    id: 'blend',
    label: 'mask strength λ',
    inText: 'mask strength λ',
    summary: 'Labeled terms plus λ times the unlabeled-as-background terms: λ=0 is partial, λ=1 is full.',
    paramFields: {
      lambda: param({
        label: 'Mask strength λ',
        description: 'Weight of unlabeled-as-background terms: 0 is partial CE, 1 is full CE.',
        unit: '',
        default: 0.5,
        min: 0,
        max: 1,
        step: 0.01,
      }),
    },
    requires: 'labels',
    wantsBothClasses: false,
    pairwise: false,
  },
  'partial-fg': {
    id: 'partial-fg',
    label: 'partial CE, fg labels only',
    inText: 'partial CE on foreground',
    summary: 'Partial CE that ignores background labels: the positive-unlabeled setting.',
    paramFields: {},
    requires: 'foreground-labels',
    wantsBothClasses: false,
    pairwise: false,
  },
  nnpu: {
    id: 'nnpu',
    label: 'nnPU (prior π)',
    inText: 'nnPU',
    summary: 'Non-negative PU risk from foreground labels and the class prior π (Kiryo et al., 2017).',
    paramFields: {
      prior: param({
        label: 'Class prior π',
        description: 'Share of foreground pixels that nnPU assumes (the default scene has about 0.28).',
        unit: '',
        default: 0.28,
        min: 0.01,
        max: 0.99,
        step: 0.01,
      }),
    },
    requires: 'foreground-labels',
    wantsBothClasses: false,
    pairwise: false,
  },
  crf: {
    id: 'crf',
    label: 'partial CE + CRF',
    inText: 'partial CE with the CRF term',
    summary: 'Partial CE plus w times the Potts relaxation pᵀW(1−p) of a bilateral kernel (Tang et al., 2018).',
    paramFields: {
      crfWeight: param({
        label: 'CRF weight w',
        description: 'Weight of the Potts (DenseCRF) term, which is the share of affinity cut, between 0 and ½.',
        unit: '',
        default: 1,
        min: 0,
        max: 10,
        step: 0.1,
        omitAtDefault: true,
      }),
      ...KERNEL_FIELDS,
    },
    requires: 'labels',
    wantsBothClasses: true,
    pairwise: true,
  },
  ncut: {
    id: 'ncut',
    label: 'partial CE + normalized cut',
    inText: 'partial CE with the normalized cut',
    summary: 'Partial CE plus w times the normalized cut of a bilateral kernel (Tang et al., 2018).',
    paramFields: {
      ncutWeight: param({
        label: 'Normalized-cut weight w',
        description: 'Weight of the normalized cut, which lies between 0 and 2 per image.',
        unit: '',
        default: 0.2,
        min: 0,
        max: 2,
        step: 0.01,
        omitAtDefault: true,
      }),
      ...KERNEL_FIELDS,
    },
    requires: 'labels',
    wantsBothClasses: true,
    pairwise: true,
  },
} as const satisfies Record<LossId, LossEntry>;

/** Every setting some loss reads, e.g. 'lambda' | 'prior'. */
export type LossParamKey = { [K in LossId]: keyof (typeof TABLE)[K]['paramFields'] }[LossId] & string;

export interface LossInfo extends LossEntry {
  /** The keys of `paramFields`, in order. */
  params: readonly LossParamKey[];
  /** Needs the ground truth (only the oracle): `requires` is 'truth'. */
  needsTruth: boolean;
}

export const LOSS_INFO: Record<LossId, LossInfo> = Object.fromEntries(
  LOSS_IDS.map((id): [LossId, LossInfo] => [
    id,
    {
      ...TABLE[id],
      params: Object.keys(TABLE[id].paramFields) as LossParamKey[],
      needsTruth: TABLE[id].requires === 'truth',
    },
  ]),
) as Record<LossId, LossInfo>;

/** The values of every loss parameter. */
export type LossParams = { [K in LossParamKey]: number };

/** Every loss parameter in table order, each once: the trainer's settings and the Lab's training controls. */
export const LOSS_PARAM_KEYS: readonly LossParamKey[] = [...new Set(LOSS_IDS.flatMap((id) => LOSS_INFO[id].params))];

/** The schema entries of every loss parameter, in table order: the settings schema splices them in. */
export const LOSS_PARAM_FIELDS = Object.fromEntries(
  LOSS_IDS.flatMap((id) => Object.entries(TABLE[id].paramFields)),
) as Record<LossParamKey, NumberField>;

/** The loss parameters out of a settings object (which may hold more). */
export function lossParams(settings: LossParams): LossParams {
  return Object.fromEntries(LOSS_PARAM_KEYS.map((key) => [key, settings[key]])) as LossParams;
}

/** The ids of the losses that require `requirement`, in table order. */
export function lossesRequiring(requirement: LossRequirement): LossId[] {
  return LOSS_IDS.filter((id) => LOSS_INFO[id].requires === requirement);
}

/** The ids of the losses that degenerate unless both classes are labeled, in table order. */
export function lossesWantingBothClasses(): LossId[] {
  return LOSS_IDS.filter((id) => LOSS_INFO[id].wantsBothClasses);
}

/** True when `value` names a loss in the table. */
export function isLossId(value: string): value is LossId {
  return (LOSS_IDS as readonly string[]).includes(value);
}
