/**
 * The Lab's buttons, choices and file inputs, bound once to named handlers. The binding
 * only reads what the reader chose; what it means is the controller's business. (Drawing
 * on the image is `draw-surface.ts`; the settings controls are `shared/controls.ts`.)
 */
import type { Tool } from '../../lab-page/label-editor';
import type { LabChartId } from '../../lab-page/presets';
import type { BackendChoice } from '../../worker/protocol';

/** What the Lab does for each input. */
export interface LabInputHandlers {
  play(): void;
  step(steps: number): void;
  reset(): void;
  undo(): void;
  redo(): void;
  resetLabels(start: 'empty' | 'simulated'): void;
  backToScene(): void;
  csv(): void;
  png(): void;
  json(): void;
  copyLink(): void;
  restore(): void;
  dismissRestore(): void;
  preset(id: string): void;
  tool(tool: Tool): void;
  radius(radius: number): void;
  /** The picker's image, 0-based. */
  image(index: number): void;
  /** A loss box was ticked or cleared (the box, to undo a refused change). */
  lossToggle(box: HTMLInputElement): void;
  chart(slot: number, id: LabChartId): void;
  backend(choice: BackendChoice): void;
  /** An image file was chosen or dropped. */
  imageFile(file: File): void;
  importFile(file: File): void;
}

/** Steps of the "skip" button. */
const SKIP_STEPS = 50;

/** Bind every input under `root` to `on`. */
export function bindLabInputs(root: HTMLElement, on: LabInputHandlers): void {
  const click = (action: string, fn: () => void) =>
    root.querySelectorAll<HTMLButtonElement>(`[data-action="${action}"]`).forEach((b) => {
      b.addEventListener('click', fn);
    });
  click('play', () => on.play());
  click('step', () => on.step(1));
  click('skip', () => on.step(SKIP_STEPS));
  click('reset', () => on.reset());
  click('undo', () => on.undo());
  click('redo', () => on.redo());
  click('clear', () => on.resetLabels('empty'));
  click('simulated', () => on.resetLabels('simulated'));
  click('scene', () => on.backToScene());
  click('csv', () => on.csv());
  click('png', () => on.png());
  click('json', () => on.json());
  click('copy-link', () => on.copyLink());
  click('restore', () => on.restore());
  click('restore-dismiss', () => on.dismissRestore());
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
    button.addEventListener('click', () => on.preset(button.dataset.preset ?? ''));
  }
  for (const radio of root.querySelectorAll<HTMLInputElement>('[data-tool]')) {
    radio.addEventListener('change', () => {
      if (radio.checked) on.tool(radio.value as Tool);
    });
  }
  const brush = root.querySelector<HTMLInputElement>('[data-brush]');
  brush?.addEventListener('input', () => on.radius(Number(brush.value)));
  const picker = root.querySelector<HTMLInputElement>('[data-image-picker]');
  picker?.addEventListener('input', () => on.image(Number(picker.value) - 1));
  for (const box of root.querySelectorAll<HTMLInputElement>('[data-loss]')) {
    box.addEventListener('change', () => on.lossToggle(box));
  }
  for (const select of root.querySelectorAll<HTMLSelectElement>('[data-chart-select]')) {
    select.addEventListener('change', () => on.chart(Number(select.dataset.chartSelect), select.value as LabChartId));
  }
  const backend = root.querySelector<HTMLSelectElement>('[data-backend]');
  backend?.addEventListener('change', () => on.backend(backend.value as BackendChoice));
  const fileInput = (selector: string, use: (file: File) => void) => {
    const input = root.querySelector<HTMLInputElement>(selector);
    input?.addEventListener('change', () => {
      const f = input.files?.[0];
      // Cleared at once, so that choosing the same file again fires `change` again.
      input.value = '';
      if (f) use(f);
    });
  };
  fileInput('[data-image-file]', (f) => on.imageFile(f));
  fileInput('[data-import-file]', (f) => on.importFile(f));
  for (const zone of root.querySelectorAll<HTMLElement>('[data-dropzone], [data-surface]')) {
    zone.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('dragging');
      const f = e.dataTransfer?.files[0];
      if (f) on.imageFile(f);
    });
  }
}
