/**
 * The Lab's presets: the exact setting behind each chapter's claim, so that a reader can
 * start from a known result and change one thing. Each is a patch over the default
 * settings; `presetSettings` applies it. `scripts/lab-presets.ts` measures what each shows.
 * Each preset's title and one-line setting are words of the catalog (`lab.preset.<id>.title`
 * and `.setting` in src/i18n/ui-lab.ts).
 */
import type { ChartedHeldOutId, MetricId } from '../core/metric-table';
import { defaultSettings, type Settings, serializeSettings, withSettings } from '../core/settings';

/** What a chart of the Lab can show: a metric, the loss value itself, or a held-out metric. */
export type LabChartId = MetricId | ChartedHeldOutId | 'loss';

/** The presets' ids, which also key their words in the catalog. */
export type PresetId = 'suppression' | 'collapse' | 'nnpu' | 'normaliser';

export interface Preset {
  id: PresetId;
  /** The slug of the chapter whose claim this reproduces; its title and address come from the content collection. */
  chapter: string;
  /** The heading id within the chapter where the claim is made, if not the chapter as a whole. */
  section?: string;
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
    chapter: 'watching-foreground-disappear',
    patch: { losses: ['full', 'blend', 'partial', 'oracle'] },
    charts: ['recallUnlabeledFg', 'meanPUnlabeledFg'],
    steps: 200,
  },
  {
    id: 'collapse',
    chapter: 'foreground-only-labels',
    patch: { losses: ['partial-fg', 'partial'] },
    charts: ['bgFpr', 'iou'],
    steps: 200,
  },
  {
    id: 'nnpu',
    chapter: 'foreground-only-labels',
    patch: { losses: ['partial-fg', 'nnpu', 'partial'], prior: 0.28 },
    charts: ['bgFpr', 'iou'],
    steps: 200,
  },
  {
    id: 'normaliser',
    chapter: 'two-losses',
    section: 'the-normaliser-is-a-learning-rate',
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
