// Backends and autodiff gradients for tests; the lab itself registers neither.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
// The WASM backend with the site's heap-to-heap copying kernels, as the worker has it.
import '../../src/worker/wasm-kernels';
