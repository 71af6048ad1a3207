/// <reference types="vite/client" />
/**
 * The browser's tfjs backends for the lab worker: WASM (SIMD where the browser has it),
 * WebGL and CPU. The .wasm binaries are bundled assets, handed to tfjs by URL.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from './protocol';
import type { BackendPort } from './session';

setWasmPaths({
  'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, self.location.href).href,
});

// The benchmark names a worker "…no-simd…" to time the plain WASM binary.
if (self.name.includes('no-simd')) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);

/** Give up on a backend that has not initialised after this long. */
const START_LIMIT_MS = 5000;

async function activate(name: BackendName): Promise<boolean> {
  try {
    const started = await Promise.race([
      tf.setBackend(name),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), START_LIMIT_MS)),
    ]);
    return started && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function label(name: BackendName): Promise<string> {
  if (name !== 'wasm') return name === 'webgl' ? 'WebGL' : 'CPU';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return simd ? 'WASM-SIMD' : 'WASM';
}

/**
 * WebGL drawn by a software renderer (SwiftShader, llvmpipe) is many times slower than
 * WASM here and compiles shaders for seconds, so the probe does not time it.
 */
async function skipReason(name: BackendName): Promise<string | null> {
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

export const browserBackends: BackendPort = { probeOrder: ['wasm', 'webgl'], activate, label, skipReason };
