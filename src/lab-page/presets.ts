/**
 * The Lab's presets: the exact setting behind each chapter's claim, so that a reader can
 * start from a known result and change one thing. Each is a patch over the default
 * settings; `presetSettings` applies it. `scripts/lab-presets.ts` measures what each shows.
 */
import type { ChartedHeldOutId, MetricId } from '../core/metric-table';
import { defaultSettings, type Settings, serializeSettings, withSettings } from '../core/settings';

/** What a chart of the Lab can show: a metric, the loss value itself, or a held-out metric. */
export type LabChartId = MetricId | ChartedHeldOutId | 'loss';

export interface Preset {
  id: string;
  title: string;
  /** The slug of the chapter whose claim this reproduces; its title and address come from the content collection. */
  chapter: string;
  /** The heading id within the chapter where the claim is made, if not the chapter as a whole. */
  section?: string;
  /** The setting in one line. */
  setting: string;
  /** The settings over the defaults. */
  patch: Partial<Settings>;
  /** The two charts that show the claim. */
  charts: [LabChartId, LabChartId];
  /** Steps after which the claim is measured (and quoted on the page). */
  steps: number;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'suppression',
    title: 'Foreground suppression',
    chapter: 'watching-foreground-disappear',
    setting: 'Default scene and scribbles; full CE, mask strength λ = 0.5, partial CE and the oracle.',
    patch: { losses: ['full', 'blend', 'partial', 'oracle'] },
    charts: ['recallUnlabeledFg', 'meanPUnlabeledFg'],
    steps: 200,
  },
  {
    id: 'collapse',
    title: 'Foreground-only collapse',
    chapter: 'foreground-only-labels',
    setting: 'Default scene; partial CE that ignores the background scribbles, beside partial CE that uses them.',
    patch: { losses: ['partial-fg', 'partial'] },
    charts: ['bgFpr', 'iou'],
    steps: 200,
  },
  {
    id: 'nnpu',
    title: 'nnPU rescue',
    chapter: 'foreground-only-labels',
    setting:
      'Default scene; nnPU learns from the foreground labels and the prior π = 0.28 (the scene’s true π is 0.276), beside the collapsing loss and partial CE.',
    patch: { losses: ['partial-fg', 'nnpu', 'partial'], prior: 0.28 },
    charts: ['bgFpr', 'iou'],
    steps: 200,
  },
  {
    id: 'normaliser',
    title: 'Normaliser as learning rate',
    chapter: 'two-losses',
    section: 'the-normaliser-is-a-learning-rate',
    setting: 'Plain SGD at learning rate 0.01, labels on 5% of pixels (N/Σm ≈ 20); partial CE, full CE and the oracle.',
    patch: { optimizer: 'sgd', lr: 0.01, density: 0.05, losses: ['partial', 'full', 'oracle'] },
    charts: ['iou', 'labelAgreement'],
    steps: 100,
  },
];

/** The full settings of a preset: the defaults with its patch. */
export function presetSettings(preset: Preset): Settings {
  return withSettings(defaultSettings(), preset.patch).settings;
}

/** The preset whose settings equal `settings` exactly, if any. */
export function matchingPreset(settings: Settings): Preset | null {
  const text = serializeSettings(settings);
  return PRESETS.find((p) => serializeSettings(presetSettings(p)) === text) ?? null;
}
