/** The `<pce-gradient>` element: loads its controller when the figure nears the viewport. */
import { prestartWorker } from '../../worker/client';

const LOAD_MARGIN = '600px 0px';

class GradientElement extends HTMLElement {
  private dispose: (() => void) | null = null;
  private observer: IntersectionObserver | null = null;

  connectedCallback(): void {
    this.observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.observer?.disconnect();
        prestartWorker();
        import('./gradient-controller')
          .then(({ GradientController }) => {
            const controller = new GradientController(this);
            this.dispose = () => controller.dispose();
          })
          .catch((error: unknown) => {
            const out = this.querySelector('[data-out="check"]');
            if (out)
              // The words come from the page (`data-load-error`, from the catalog), keeping the catalog out of this chunk.
              out.textContent = (this.dataset.loadError ?? '{message}').replace(
                '{message}',
                error instanceof Error ? error.message : String(error),
              );
          });
      },
      { rootMargin: LOAD_MARGIN },
    );
    this.observer.observe(this);
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.dispose?.();
  }
}

if (!customElements.get('pce-gradient')) customElements.define('pce-gradient', GradientElement);
