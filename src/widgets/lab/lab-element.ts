/**
 * The `<pce-lab>` element. The Lab is the page's purpose, so its controller, Observable
 * Plot and the worker load at once rather than when scrolled near.
 */
import { uiTextOf } from '../../i18n/ui';
import { prestartWorker } from '../../worker/client';
import type { LabController } from './lab-controller';

class LabElement extends HTMLElement {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: keeps the running controller with its element
  private controller: LabController | null = null;

  connectedCallback(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      prestartWorker();
      const { LabController } = await import('./lab-controller');
      this.controller = new LabController(this);
      this.dataset.loaded = 'true';
    } catch (error) {
      const text = this.querySelector('[data-out="backend"]');
      const message = error instanceof Error ? error.message : String(error);
      if (text) text.textContent = uiTextOf(this).t('lab.train.couldNotLoad', { message });
    }
  }
}

if (!customElements.get('pce-lab')) customElements.define('pce-lab', LabElement);
