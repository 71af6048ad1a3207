// Screenshots of every page, light and dark, desktop (1280) and phone (375) width, to look
// at by eye: `npm run build && npm run preview` in one shell, then `node scripts/screenshots.mjs [outdir]`.

import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const BASE = process.env.BASE_URL ?? 'http://localhost:4321';
const OUT = process.argv[2] ?? '/tmp/partial-ce-shots';
const PAGES = [
  ['index', '/'],
  ['ch1', '/chapters/sparse-labels/'],
  ['ch2', '/chapters/two-losses/'],
  ['ch3', '/chapters/watching-foreground-disappear/'],
  ['ch4', '/chapters/foreground-only-labels/'],
  ['ch5', '/chapters/in-practice/'],
];
const WIDTHS = [
  ['desktop', 1280, 900],
  ['phone', 375, 740],
];

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
for (const scheme of ['light', 'dark']) {
  for (const [device, width, height] of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
    const page = await context.newPage();
    for (const [name, path] of PAGES) {
      await page.goto(BASE + path, { waitUntil: 'networkidle' });
      const file = `${OUT}/${name}-${device}-${scheme}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await context.close();
  }
}
await browser.close();
