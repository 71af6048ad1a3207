/**
 * The worker as the Lab page drives it: drawn labels and a reader's image arrive as custom
 * data; unedited labels on the synthetic scene must give the very run the chapters show.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/core/dataset';
import { BACKGROUND, FOREGROUND } from '../../src/core/labels';
import { defaultSettings, serializeSettings, withSettings } from '../../src/core/settings';
import { standardise } from '../../src/lab-page/image';
import type { FromWorker, ProgressMessage, SceneMessage } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session';
import { useBackend } from './backend';

const settings = withSettings(defaultSettings(), { size: 16, images: 4, batch: 2, radius: 4, width: 4 }).settings;

function session() {
  const messages: FromWorker[] = [];
  const s = new TrainingSession({
    post: (m) => messages.push(m),
    backends: {
      probeOrder: ['wasm'],
      activate: async (name) => name === 'wasm' && (await tf.setBackend(name)),
      label: async () => 'WASM',
    },
    setTimer: () => null,
    clearTimer: () => undefined,
  });
  const records = () => messages.filter((m): m is ProgressMessage => m.type === 'progress').flatMap((m) => m.records);
  const scene = () => messages.filter((m): m is SceneMessage => m.type === 'scene').at(-1) as SceneMessage;
  return { s, messages, records, scene };
}

beforeAll(() => useBackend('wasm'));

describe('Lab custom data in the worker', () => {
  it('trains simulated labels sent as custom data exactly like the scene built from settings', async () => {
    const text = serializeSettings(settings);
    const a = session();
    await a.s.handle({ type: 'configure', settings: text, maps: false });
    await a.s.handle({ type: 'step', steps: 4 });
    const data = buildDataset(settings);
    const b = session();
    await b.s.handle({
      type: 'configure',
      settings: text,
      maps: false,
      custom: {
        size: data.size,
        count: data.count,
        images: data.images,
        labels: data.labels,
        truth: data.truth,
        clean: data.clean,
        noise: data.noise,
      },
    });
    await b.s.handle({ type: 'step', steps: 4 });
    // Custom data carry no held-out scenes (null); everything measured on the training images is identical.
    expect(a.records()[0]?.models[0]?.heldOut).not.toBeNull();
    for (const r of b.records()) for (const m of r.models) expect(m.heldOut).toBeNull();
    const withoutHeldOut = a.records().map((r) => ({ ...r, models: r.models.map((m) => ({ ...m, heldOut: null })) }));
    expect(b.records()).toEqual(withoutHeldOut);
  });

  it('trains on a reader image without ground truth: label agreement, no truth metrics, no oracle', async () => {
    const size = 16;
    const bytes = Uint8Array.from({ length: size * size }, (_, i) => (i % size < 8 ? 40 : 210));
    const labels = new Uint8Array(size * size);
    for (let y = 4; y < 12; y++) {
      labels[y * size + 2] = FOREGROUND;
      labels[y * size + 13] = BACKGROUND;
    }
    const own = withSettings(settings, { losses: ['full', 'partial', 'oracle'] }).settings;
    const h = session();
    await h.s.handle({
      type: 'configure',
      settings: serializeSettings(own),
      maps: true,
      custom: { size, count: 1, images: standardise(bytes), labels, truth: null },
    });
    await h.s.handle({ type: 'step', steps: 30 });
    expect(h.scene().truth).toBeNull();
    expect(h.scene().prior).toBeNull();
    const last = h.records().at(-1);
    const partial = last?.models.find((m) => m.id === 'partial');
    expect(partial?.metrics.iou).toBeNull();
    expect(partial?.metrics.recallUnlabeledFg).toBeNull();
    expect(partial?.metrics.labelAgreement).toBeGreaterThan(0.9);
    expect(partial?.loss).not.toBeNull();
    expect(last?.coverage).toBeNull();
    expect(last?.models.find((m) => m.id === 'oracle')?.error?.code).toBe('no-ground-truth');
  });
});
