/**
 * Chapter 6's measurements (`npm run figures -- border`): partial CE against partial CE with
 * a pairwise regulariser, over the regulariser's weight at the default noise and over the
 * noise at the default weight, seeds 1–3. Writes src/data/figures/border-gap.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { LossId } from '../src/core/catalog';
import { buildDataset } from '../src/core/dataset';
import { metricInputs } from '../src/core/metrics';
import { defaultSettings, type Settings, serializeSettings, withSettings } from '../src/core/settings';
import { LockstepTrainer, type ModelSnapshot } from '../src/core/train';

/** Weights of the CRF (Potts) term; 0 is partial CE itself. */
export const CRF_WEIGHTS = [0, 0.5, 1, 2, 4];
/** Weights of the normalized cut (its weight 0 is the CRF sweep's, partial CE). */
export const NCUT_WEIGHTS = [0.2, 0.5];
/** Noise levels of the noise sweep, each at the default CRF weight (the default noise, 0.6, is the weight sweep's). */
export const NOISES = [0.3, 0.6, 0.9, 1.5];

interface Helpers {
  seeds: number[];
  steps: number;
  write: (name: string, data: unknown) => void;
  round: (x: number | null, digits?: number) => number | null;
}

const settingsWith = (patch: Partial<Settings>): Settings => withSettings(defaultSettings(), patch).settings;

/**
 * Where finished runs are kept when BORDER_CACHE names a file, so that an interrupted job
 * resumes where it stopped; the key is the run's settings string and step count.
 */
const CACHE = process.env.BORDER_CACHE;
const cached: Record<string, ReturnType<typeof train>> = CACHE && existsSync(CACHE)
  ? JSON.parse(readFileSync(CACHE, 'utf8'))
  : {};

function finalOf(settings: Settings, steps: number, round: Helpers['round']) {
  const key = `${serializeSettings(settings)}|${steps}`;
  const hit = cached[key];
  if (hit) return hit;
  const rows = train(settings, steps, round);
  cached[key] = rows;
  if (CACHE) writeFileSync(CACHE, JSON.stringify(cached));
  return rows;
}

/** Train `losses` in lockstep for `steps`; the final metrics of each, with the share of its errors near a boundary. */
function train(settings: Settings, steps: number, round: Helpers['round']) {
  const data = buildDataset(settings);
  const { counts } = metricInputs(data.labels, data.truth, data.size);
  const trainer = new LockstepTrainer(data, settings);
  const final = trainer.advance(steps);
  trainer.dispose();
  const describe = (m: ModelSnapshot) => {
    const near = (m.metrics.borderErrorRate ?? 0) * counts.nearBoundary;
    const far = (m.metrics.interiorErrorRate ?? 0) * counts.farFromBoundary;
    return {
      loss: m.id,
      iou: round(m.metrics.iou),
      borderErrorRate: round(m.metrics.borderErrorRate),
      interiorErrorRate: round(m.metrics.interiorErrorRate),
      errorsNearShare: near + far > 0 ? round(near / (near + far)) : null,
      heldOutIou: round(m.heldOut?.iou ?? null),
    };
  };
  return final.models.map(describe);
}

export function borderGap({ seeds, steps, write, round }: Helpers): void {
  const defaults = defaultSettings();
  const weightSweep = (loss: LossId, weights: number[], key: 'crfWeight' | 'ncutWeight') =>
    seeds.flatMap((seed) =>
      weights.map((weight) => {
        const settings = settingsWith({ seed, losses: [weight === 0 ? 'partial' : loss], [key]: weight });
        const [row] = finalOf(settings, steps, round);
        console.log(`border gap: ${loss} w=${weight} seed ${seed}`, row);
        return { seed, weight, ...row };
      }),
    );
  const crf = weightSweep('crf', CRF_WEIGHTS, 'crfWeight');
  const ncut = weightSweep('ncut', NCUT_WEIGHTS, 'ncutWeight');
  // Every model of a lockstep run sees the batches and noise it would see alone, so the
  // default noise's point is the weight sweep's runs at weight 0 and at the default weight.
  const atWeight = (seed: number, weight: number) => {
    const row = crf.find((r) => r.seed === seed && r.weight === weight);
    if (!row) throw new Error(`the weight sweep has no run at w=${weight}, seed ${seed}`);
    const { seed: _, weight: __, ...model } = row;
    return model;
  };
  const noise = seeds.flatMap((seed) =>
    NOISES.map((level) => {
      if (level === defaults.noise) {
        return {
          seed,
          noise: level,
          models: [atWeight(seed, 0), { ...atWeight(seed, defaults.crfWeight), loss: 'crf' }],
        };
      }
      const settings = settingsWith({ seed, noise: level, losses: ['partial', 'crf'] });
      const models = finalOf(settings, steps, round);
      console.log(`border gap: noise ${level} seed ${seed}`, models);
      return { seed, noise: level, models };
    }),
  );
  write('border-gap.json', {
    steps,
    seeds,
    settings: serializeSettings(settingsWith({ losses: ['partial', 'crf'] })),
    defaults: {
      noise: defaults.noise,
      crfWeight: defaults.crfWeight,
      ncutWeight: defaults.ncutWeight,
      sigmaXy: defaults.sigmaXy,
      sigmaIntensity: defaults.sigmaIntensity,
    },
    crfWeights: CRF_WEIGHTS,
    ncutWeights: NCUT_WEIGHTS,
    noises: NOISES,
    crf,
    ncut,
    noise,
  });
}
