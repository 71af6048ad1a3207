/**
 * The `<pce-trainer>` element. It stays light: the controller, Observable Plot and the
 * worker (with tfjs) load only when the figure comes near the viewport.
 */
import { prestartWorker } from '../../worker/client';
import type { TrainerController } from './trainer-controller';

/** Start loading this far before the figure scrolls into view. */
const LOAD_MARGIN = '600px 0px';

class TrainerElement extends HTMLElement {
  private controller: TrainerController | null = null;
  private onScreen = false;
  private observers: IntersectionObserver[] = [];

  connectedCallback(): void {
    const near = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          near.disconnect();
          void this.load();
        }
      },
      { rootMargin: LOAD_MARGIN },
    );
    const visible = new IntersectionObserver((entries) => {
      const entry = entries.at(-1);
      this.onScreen = entry ? entry.isIntersecting : false;
      // On screen before its controller has loaded: start the worker now, so tfjs loads beside
      // the controller rather than after it (the controller adopts it when it opens a worker).
      if (this.onScreen && !this.controller) prestartWorker();
      this.controller?.setOnScreen(this.onScreen);
    });
    near.observe(this);
    visible.observe(this);
    this.observers = [near, visible];
  }

  disconnectedCallback(): void {
    for (const o of this.observers) o.disconnect();
    this.controller?.dispose();
    this.controller = null;
  }

  private async load(): Promise<void> {
    try {
      const { TrainerController } = await import('./trainer-controller');
      this.controller = new TrainerController(this);
      this.controller.setOnScreen(this.onScreen);
    } catch (error) {
      const text = this.querySelector('[data-out="backend"]');
      if (text)
        // The words come from the page (`data-load-error`, rendered from the catalog), so the catalog stays out of this small chunk.
        text.textContent = (this.dataset.loadError ?? '{message}').replace(
          '{message}',
          error instanceof Error ? error.message : String(error),
        );
    }
  }
}

if (!customElements.get('pce-trainer')) customElements.define('pce-trainer', TrainerElement);
