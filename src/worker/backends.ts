/// <reference types="vite/client" />
/**
 * The browser's tfjs backends for the lab worker: WASM (SIMD where the browser has it),
 * WebGPU, WebGL and CPU. The .wasm binaries are bundled assets, handed to tfjs by URL; the
 * WebGPU backend is a separate chunk, loaded only when the probe or the reader asks for it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import './wasm-kernels';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { DISPLAY_NAME } from './backend-probe';
import type { BackendName } from './protocol';
import type { BackendPort } from './session';
import { type GpuLike, readsBackCorrectly, webgpuSkipReason } from './webgpu';

setWasmPaths({
  'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, self.location.href).href,
});

// The benchmark names a worker "…no-simd…" to time the plain WASM binary.
if (self.name.includes('no-simd')) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);

/** Give up on a backend that has not initialised after this long. */
const START_LIMIT_MS = 5000;

let webgpuModule: Promise<unknown> | null = null;

/** Load (once) the module that registers tfjs's WebGPU backend; it registers only where `navigator.gpu` exists. */
function loadWebgpu(): Promise<unknown> {
  webgpuModule ??= import('@tensorflow/tfjs-backend-webgpu').catch((error: unknown) => {
    webgpuModule = null;
    throw error;
  });
  return webgpuModule;
}

/** Why a backend's last start failed, where more is known than that it did not start. */
const failures = new Map<BackendName, string>();

async function activate(name: BackendName): Promise<boolean> {
  failures.delete(name);
  try {
    if (name === 'webgpu') await loadWebgpu();
    if (!tf.findBackendFactory(name)) return false;
    const started = await Promise.race([
      tf.setBackend(name),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), START_LIMIT_MS)),
    ]);
    if (!started || tf.getBackend() !== name) return false;
    if (name === 'webgpu' && !readsBackCorrectly()) {
      failures.set(name, 'started, but read back wrong values');
      return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function label(name: BackendName): Promise<string> {
  if (name !== 'wasm') return DISPLAY_NAME[name];
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return simd ? 'WASM-SIMD' : 'WASM';
}

/**
 * WebGL drawn by a software renderer (SwiftShader, llvmpipe) is many times slower than
 * WASM here and compiles shaders for seconds, so the probe does not time it; nor a software
 * WebGPU adapter. Neither check loads a tfjs backend.
 */
async function skipReason(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') return webgpuSkipReason((navigator as { gpu?: GpuLike }).gpu);
  if (name !== 'webgl') return null;
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return 'no WebGL in this browser';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software|basic render/i.test(renderer) ? 'software renderer, skipped' : null;
  } catch {
    return 'no WebGL in this browser';
  }
}

/** The WebGL context of the running tfjs backend, when WebGL runs. */
function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  return backend.gpgpu?.gl ?? null;
}

/** Why `name` can no longer be trusted: WebGL whose context the browser took away. */
function contextLost(name: BackendName): string | null {
  if (name !== 'webgl') return null;
  return webglContext()?.isContextLost() ? 'WebGL context lost' : null;
}

/**
 * Lose the running WebGL context on purpose, as a GPU reset or a driver update would: the
 * browser test calls it (through Playwright's worker handle) to check the fallback to WASM.
 * False when WebGL is not running or the browser cannot simulate a loss.
 */
export function loseWebglContext(): boolean {
  const lose = webglContext()?.getExtension('WEBGL_lose_context');
  if (!lose) return false;
  lose.loseContext();
  return true;
}

export const browserBackends: BackendPort = {
  probeOrder: ['wasm', 'webgpu', 'webgl'],
  activate,
  label,
  skipReason,
  startFailure: (name) => failures.get(name) ?? null,
  contextLost,
};
