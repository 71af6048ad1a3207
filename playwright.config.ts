import { defineConfig } from '@playwright/test';

/** The preview server's port: 4321 unless PORT says otherwise (so two checkouts can test side by side). */
const port = Number(process.env.PORT) || 4321;

/** Browser tests against the built site (`npm run build` first), in Debian's Chromium; nothing is downloaded. */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  retries: 0,
  reporter: [['list']],
  // Two browsers at once (E2E_WORKERS overrides): the suite is mostly axe and page checks, which
  // share the two cores well. A test whose measure is time itself (tagged @timing: no long task
  // on the main thread) runs in a second project, after the first, with the machine to itself.
  workers: Number(process.env.E2E_WORKERS) || 2,
  projects: [
    // Test by test, not file by file, so that the long files (the Chinese pages' axe runs) do not leave a worker idle.
    { name: 'pages', grepInvert: /@timing/, fullyParallel: true },
    { name: 'timing', grep: /@timing/, dependencies: ['pages'] },
  ],
  webServer: {
    command: `npx astro preview --port ${port}`,
    port,
    reuseExistingServer: true,
    timeout: 60_000,
  },
  use: {
    baseURL: `http://localhost:${port}`,
    // The site's service worker precaches the whole site on a first visit; every test starts a
    // fresh context, so it is off except in the offline tests (tests/e2e/offline.spec.ts).
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
