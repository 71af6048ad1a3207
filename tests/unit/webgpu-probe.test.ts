/**
 * WebGPU in the backend probe, in Node with the adapter faked: a software fallback adapter and a
 * browser without `navigator.gpu` are skipped with their reasons, a backend that fails to start
 * or fails mid-run hands over to the next one, and the read-back check catches a backend that
 * returns wrong values.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultSettings, serializeSettings, withSettings } from '../../src/core/settings';
import { LockstepTrainer } from '../../src/core/train';
import { type BackendPort, FALLBACK, probeBackend } from '../../src/worker/backend-probe';
import type { BackendName, FromWorker } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session';
import {
  type GpuAdapterLike,
  type GpuLike,
  isFallbackAdapter,
  readsBackCorrectly,
  webgpuSkipReason,
} from '../../src/worker/webgpu';
import { useBackend } from './backend';

const SMALL = serializeSettings(
  withSettings(defaultSettings(), { size: 16, images: 4, batch: 2, radius: 4, width: 4 }).settings,
);
const SWIFTSHADER: GpuAdapterLike = {
  info: { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader' },
};
const HARDWARE: GpuAdapterLike = { info: { isFallbackAdapter: false, vendor: 'nvidia', architecture: 'ada' } };

/** A `navigator.gpu` that answers every request with `adapter` (or throws it), recording the options. */
function fakeGpu(adapter: GpuAdapterLike | null | Error) {
  const requests: unknown[] = [];
  const gpu: GpuLike = {
    requestAdapter: async (options) => {
      requests.push(options);
      if (adapter instanceof Error) throw adapter;
      return adapter;
    },
  };
  return { gpu, requests };
}

/**
 * The browser's backend port with its GPU parts faked: WebGPU's skip reason comes from `gpu`, and
 * an activated "webgpu" runs on tfjs's CPU backend (Node has no WebGPU) unless `webgpuStarts` is false.
 */
function port(gpu: GpuLike | undefined, webgpuStarts = true) {
  const activated: BackendName[] = [];
  const backends: BackendPort = {
    probeOrder: ['wasm', 'webgpu', 'webgl'],
    activate: async (name) => {
      activated.push(name);
      if (name === 'webgl') return false;
      if (name === 'webgpu') return webgpuStarts && (await tf.setBackend('cpu'));
      return tf.setBackend(name);
    },
    label: async (name) => ({ wasm: 'WASM', webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' })[name],
    skipReason: async (name) => (name === 'webgpu' ? webgpuSkipReason(gpu) : null),
    startFailure: (name) => (name === 'webgpu' && !webgpuStarts ? 'started, but read back wrong values' : null),
  };
  return { backends, activated };
}

/** A session on `backends` whose messages are collected. */
function session(backends: BackendPort) {
  const messages: FromWorker[] = [];
  const s = new TrainingSession({ post: (m) => messages.push(m), backends, setTimer: () => 0, clearTimer: () => {} });
  const of = <T extends FromWorker['type']>(type: T) =>
    messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  return { session: s, of };
}

beforeAll(() => useBackend('wasm'));
afterEach(async () => {
  vi.restoreAllMocks();
  await useBackend('wasm');
});

describe('the WebGPU adapter check', () => {
  it('skips a fallback adapter under the new attribute (GPUAdapterInfo) and names it', async () => {
    const { gpu, requests } = fakeGpu(SWIFTSHADER);
    expect(await webgpuSkipReason(gpu)).toBe('software adapter (google swiftshader), skipped');
    expect(requests).toEqual([{ powerPreference: 'high-performance' }]);
  });

  it('skips a fallback adapter under the old attribute (GPUAdapter.isFallbackAdapter)', async () => {
    expect(isFallbackAdapter({ isFallbackAdapter: true })).toBe(true);
    expect(await webgpuSkipReason(fakeGpu({ isFallbackAdapter: true }).gpu)).toBe('software adapter, skipped');
  });

  it('skips a browser without navigator.gpu, and one that offers no adapter or throws', async () => {
    expect(await webgpuSkipReason(undefined)).toBe('no WebGPU in this browser');
    expect(await webgpuSkipReason(fakeGpu(null).gpu)).toBe('no WebGPU adapter');
    expect(await webgpuSkipReason(fakeGpu(new Error('blocked')).gpu)).toBe('no WebGPU adapter');
  });

  it('lets a hardware adapter be timed', async () => {
    expect(isFallbackAdapter(HARDWARE)).toBe(false);
    expect(isFallbackAdapter({})).toBe(false);
    expect(await webgpuSkipReason(fakeGpu(HARDWARE).gpu)).toBeNull();
  });
});

describe('the read-back check', () => {
  it('passes on a backend that reads back what it computed, and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    expect(readsBackCorrectly()).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails when the backend reads back zeros, as tfjs-webgpu does on SwiftShader', () => {
    const before = tf.memory().numTensors;
    vi.spyOn(tf.backend(), 'readSync').mockImplementation(() => new Float32Array(4096));
    expect(readsBackCorrectly()).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails when reading back throws', () => {
    vi.spyOn(tf.backend(), 'readSync').mockImplementation(() => {
      throw new Error('device lost');
    });
    expect(readsBackCorrectly()).toBe(false);
  });
});

describe('WebGPU in the probe', () => {
  // Neither case gets as far as a trainer: the probe must not build one.
  const trainer = (): LockstepTrainer => {
    throw new Error('the probe built a trainer for a backend it should not time');
  };

  it('does not start (nor load) WebGPU when the adapter is a fallback', async () => {
    const { backends, activated } = port(fakeGpu(SWIFTSHADER).gpu);
    const result = await probeBackend(backends, 'webgpu', () => 0, trainer);
    expect(result).toEqual({
      name: 'webgpu',
      label: 'WebGPU',
      msPerStep: null,
      note: 'software adapter (google swiftshader), skipped',
    });
    expect(activated).toEqual([]);
  });

  it('reports why a started WebGPU was refused', async () => {
    const { backends } = port(fakeGpu(HARDWARE).gpu, false);
    const result = await probeBackend(backends, 'webgpu', () => 0, trainer);
    expect(result).toMatchObject({ label: 'WebGPU', msPerStep: null, note: 'started, but read back wrong values' });
  });

  it('trains on WASM when WebGPU is a fallback adapter, and says why', async () => {
    const { backends, activated } = port(fakeGpu(SWIFTSHADER).gpu);
    const h = session(backends);
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    const backend = h.of('backend')[0];
    expect(backend?.name).toBe('wasm');
    expect(backend?.reason).toContain('WebGPU (software adapter (google swiftshader), skipped)');
    expect(activated).not.toContain('webgpu');
    expect(h.of('scene')).toHaveLength(1);
  });

  it('trains on WASM in a browser without navigator.gpu', async () => {
    const h = session(port(undefined).backends);
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    expect(h.of('backend')[0]?.name).toBe('wasm');
    expect(h.of('backend')[0]?.reason).toContain('WebGPU (no WebGPU in this browser)');
  });

  it('falls back to the probe when a chosen WebGPU fails to start', async () => {
    const { backends } = port(fakeGpu(HARDWARE).gpu, false);
    const h = session(backends);
    await h.session.handle({ type: 'backend', choice: 'webgpu' });
    const backend = h.of('backend')[0];
    expect(backend?.name).toBe('wasm');
    expect(backend?.reason).toMatch(/^WEBGPU could not start here; fastest in a short probe/);
    expect(backend?.probe.find((p) => p.name === 'webgpu')?.note).toBe('started, but read back wrong values');
  });

  it('moves a run that fails on WebGPU to WASM, and says so', async () => {
    expect(FALLBACK.webgpu).toBe('wasm');
    const h = session(port(fakeGpu(HARDWARE).gpu).backends);
    await h.session.handle({ type: 'backend', choice: 'webgpu' });
    expect(h.of('backend')[0]).toMatchObject({ name: 'webgpu', reason: 'chosen by you' });
    await h.session.handle({ type: 'configure', settings: SMALL, maps: false });
    vi.spyOn(LockstepTrainer.prototype, 'record').mockImplementationOnce(() => {
      throw new Error('device lost');
    });
    await h.session.handle({ type: 'step', steps: 1 });
    await vi.waitFor(() => expect(h.of('notice')).toHaveLength(1));
    // The same run goes on (no new scene), on WASM, from the step it had reached.
    expect(h.of('scene')).toHaveLength(1);
    expect(h.of('backend')[1]?.name).toBe('wasm');
    expect(h.of('notice').at(-1)?.message).toMatch(
      /^WEBGPU stopped working \(device lost\)\. .*continues on WASM from step 0/,
    );
    await h.session.handle({ type: 'step', steps: 2 });
    expect(h.of('progress').at(-1)?.step).toBe(2);
    expect(h.of('error')).toEqual([]);
  });
});
