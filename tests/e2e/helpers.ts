/** Helpers shared by the browser tests. */
import type { Page } from '@playwright/test';

/** Collect console errors and uncaught exceptions of `page` from now on. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
