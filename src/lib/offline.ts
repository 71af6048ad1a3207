/**
 * Offline reading after the first visit: a service worker generated after the build by Workbox
 * (`workbox-build`'s `generateSW`), which precaches every page, stylesheet, script, worker,
 * WASM binary and image of the built site, each under the hash of its content.
 *
 * - Runs after the CSP integration (listed after it in astro.config.mjs), so the pages it
 *   hashes are the pages that are served.
 * - A new build changes the hashes of what changed: the browser installs the new worker
 *   beside the old one, and the old one keeps serving a consistent set of files until the
 *   reader accepts the update note (Base.astro), which asks the waiting worker to take over
 *   (`SKIP_WAITING`) and reloads. Outdated precaches are deleted then, so versions never mix.
 * - Under a base path (BASE_PATH) the worker is `<base>sw.js` with scope `<base>`.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { generateSW } from 'workbox-build';

/** The largest file precached: the WASM binaries are about 0.2–0.4 MB, the Lab's bundle a few hundred KB. */
const MAX_BYTES = 8 * 1024 * 1024;

export function offline(): AstroIntegration {
  let base = '/';
  return {
    name: 'partial-ce:offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings } = await generateSW({
          globDirectory: fileURLToPath(dir),
          globPatterns: ['**/*.{html,css,js,mjs,wasm,svg,png,ico,txt,xml,json,woff2}'],
          globIgnores: ['sw.js', 'workbox-*.js'],
          swDest: fileURLToPath(new URL('sw.js', dir)),
          modifyURLPrefix: { '': base },
          maximumFileSizeToCacheInBytes: MAX_BYTES,
          // `/chapters/x/` is served from `/chapters/x/index.html`.
          directoryIndex: 'index.html',
          // The note in Base.astro lets the reader choose when a new version takes over.
          skipWaiting: false,
          clientsClaim: true,
          cleanupOutdatedCaches: true,
          // Pages in the hash (`#suppression:seed=2`) never reach the worker; a query string does not change a page.
          ignoreURLParametersMatching: [/.*/],
          inlineWorkboxRuntime: true,
          sourcemap: false,
          mode: 'production',
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`Service worker precaches ${count} files (${(size / 1024 / 1024).toFixed(1)} MB)`);
      },
    },
  };
}
