/**
 * Offline after the first visit (src/lib/offline.ts): the service worker precaches the built
 * site, so with the network off a chapter reloads and its trainer trains, another page of
 * either language opens, and a new build would wait for the reader's reload (the note).
 */
import { expect, test } from '@playwright/test';
import { watchErrors } from './helpers';

test.use({ serviceWorkers: 'allow' });

test('after one visit the site opens and trains with the network off', async ({ page, context }) => {
  const errors = watchErrors(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/chapters/foreground-only-labels/');
  // Installed (everything precached) and in control of the page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.locator('h1')).toBeVisible();
    const trainer = page.locator('pce-trainer[data-id="fgonly"]');
    await trainer.scrollIntoViewIfNeeded();
    await expect(trainer.locator('[data-action="step"]')).toBeEnabled({ timeout: 30_000 });
    await trainer.locator('[data-action="step"]').click();
    await expect(trainer.locator('[data-out="step"]')).toHaveText('Step 1', { timeout: 30_000 });
    await expect(trainer.locator('[data-plot] svg').first()).toBeVisible();
    // Pages not visited yet come from the precache too, in both languages.
    await page.goto('/zh-cn/chapters/sparse-labels/');
    await expect(page.locator('h1')).toHaveText(/\p{Script=Han}/u);
    await page.goto('/lab/');
    await expect(page.locator('pce-lab [data-action="step"]').first()).toBeAttached();
    // No update is waiting, so no note.
    await expect(page.locator('[data-update-note]')).toBeHidden();
  } finally {
    await context.setOffline(false);
  }
  expect(errors).toEqual([]);
});

test('a new build waits for the reader: a note offers the reload, then the new version takes over', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const first = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  await expect(page.locator('[data-update-note]')).toBeHidden();
  // A "new build": another worker script for the same scope, as a rebuild with a changed file
  // gives (the browser installs it beside the running one and fires the same update events).
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js?build=2', { scope: '/' }).then(() => undefined));
  const note = page.locator('[data-update-note]');
  await expect(note).toBeVisible({ timeout: 30_000 });
  await expect(note).toHaveAttribute('role', 'status');
  // The old version keeps serving until the reader chooses: no mix of versions meanwhile.
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state))).toBe(
    'installed',
  );
  await Promise.all([page.waitForEvent('load'), note.getByRole('button').click()]);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // The page reloaded under the new version.
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${first}?build=2`);
  // (The reloaded page registers `sw.js` again, which this simulation changed to `sw.js?build=2`;
  // after a real rebuild the two are the same file, so no further update follows.)
  expect(errors).toEqual([]);
});
