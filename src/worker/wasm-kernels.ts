/**
 * tfjs's WASM backend, with its copying kernels (Slice, Unpack, SplitV) replaced by ones that
 * copy from heap to heap. Import this module instead of `@tensorflow/tfjs-backend-wasm`.
 *
 * Why: tfjs-backend-wasm 4.22 slices by first reading the *whole* input out of the WASM heap
 * into a fresh JavaScript buffer (`readSync`, a `TypedArray.slice`), then copying the slice
 * from that buffer. Unpack and SplitV slice once per output, so splitting a tensor in k
 * parts allocates and copies the whole input k times. Where fresh memory is slow to fault in
 * (Chromium on the development VM: a 1 MB `slice` takes 3–4 ms, a write into memory already
 * touched 0.02 ms), the fused lockstep step spent more time in these copies than in its
 * convolutions (43 ms a step in a worker against 17.5 ms unfused). These kernels make the
 * output first (the only call that can grow the heap), then view input and output on the
 * heap and copy the slice's runs with `TypedArray.set`: no allocation, nothing read twice.
 *
 * The values are the input's own bytes either way; `tests/unit/wasm-kernels.test.ts` checks
 * them against the CPU backend for contiguous and strided slices of every rank used, for
 * float32, int32 and bool. Strings (which the site never slices) go to tfjs's own kernels.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  Slice,
  type SliceAttrs,
  SplitV,
  type SplitVAttrs,
  slice_util,
  type TensorInfo,
  Unpack,
  type UnpackAttrs,
  unregisterKernel,
  util,
} from '@tensorflow/tfjs-core';

const BACKEND = 'wasm';

/** Copy `x[begin : begin + size]` into a new tensor on the heap. */
function copySlice(backend: BackendWasm, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const count = util.sizeFromShape(size);
  if (count === 0) return out;
  // Views only after makeOutput: allocating the output may grow (and so move) the heap.
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  const strides = util.computeStrides(x.shape);
  if (slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = slice_util.computeFlatOffset(begin, strides);
    to.set(from.subarray(offset, offset + count));
    return out;
  }
  // Copy the innermost axis a run at a time, walking the outer axes like an odometer.
  const rank = size.length;
  const run = size[rank - 1] as number;
  const outer = rank - 1;
  const index = new Array<number>(outer).fill(0);
  let written = 0;
  while (written < count) {
    let offset = begin[rank - 1] as number;
    for (let a = 0; a < outer; a++) offset += ((begin[a] as number) + (index[a] as number)) * (strides[a] as number);
    to.set(from.subarray(offset, offset + run), written);
    written += run;
    for (let a = outer - 1; a >= 0; a--) {
      index[a] = (index[a] as number) + 1;
      if ((index[a] as number) < (size[a] as number)) break;
      index[a] = 0;
    }
  }
  return out;
}

/** The kernel tfjs registered, for what these do not handle (string tensors). */
function original(name: string): KernelFunc {
  const config = getKernel(name, BACKEND);
  if (!config) throw new Error(`tfjs-backend-wasm registered no ${name} kernel.`);
  return config.kernelFunc;
}

const tfjsSlice = original(Slice);
const tfjsUnpack = original(Unpack);
const tfjsSplitV = original(SplitV);

const slice: KernelFunc = (args) => {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype === 'string') return tfjsSlice(args);
  const { begin, size } = args.attrs as unknown as SliceAttrs;
  const [from, size_] = slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
  return copySlice(args.backend as BackendWasm, x, from, size_);
};

const unpack: KernelFunc = (args) => {
  const x = args.inputs.value as TensorInfo;
  if (x.dtype === 'string') return tfjsUnpack(args);
  const { axis: given } = args.attrs as unknown as UnpackAttrs;
  const axis = given < 0 ? given + x.shape.length : given;
  const outShape = x.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  const size = [...x.shape];
  size[axis] = 1;
  return Array.from({ length: x.shape[axis] as number }, (_, i) => {
    begin[axis] = i;
    const { dataId, dtype } = copySlice(args.backend as BackendWasm, x, begin, size);
    return { dataId, dtype, shape: outShape };
  });
};

const splitV: KernelFunc = (args) => {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype === 'string') return tfjsSplitV(args);
  const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
  const at = util.parseAxisParam(axis, x.shape)[0] as number;
  const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, at);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[at] = s;
    const part = copySlice(args.backend as BackendWasm, x, begin, size);
    begin[at] = (begin[at] as number) + s;
    return part;
  });
};

const OVERRIDES: KernelConfig[] = [
  { kernelName: Slice, backendName: BACKEND, kernelFunc: slice },
  { kernelName: Unpack, backendName: BACKEND, kernelFunc: unpack },
  { kernelName: SplitV, backendName: BACKEND, kernelFunc: splitV },
];

// Unregistered first: registering over an entry works too, but warns in the console.
for (const config of OVERRIDES) {
  unregisterKernel(config.kernelName, BACKEND);
  registerKernel(config);
}

/** The kernels this module replaced, for the test that compares them with the CPU backend. */
export const REPLACED_KERNELS = OVERRIDES.map((c) => c.kernelName);
