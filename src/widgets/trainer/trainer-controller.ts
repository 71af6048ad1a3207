/**
 * Drives one `<pce-trainer>`: reads its settings (defaults, then the URL hash, then the
 * controls), runs the comparison in a lab worker, and hands what comes back to a
 * `RunDisplay`, which draws it on the next animation frame. No training happens here.
 */
import { LOSS_INFO, type LossId } from '../../core/catalog';
import {
  defaultSettings,
  type LabelType,
  parseSettings,
  SETTING_KEYS,
  type Settings,
  serializeSettings,
  withSettings,
} from '../../core/settings';
import { type UiText, uiTextOf } from '../../i18n/ui';
import type { BackendChoice, SceneMessage } from '../../worker/protocol';
import { metricSeries } from '../shared/charts';
import { bindControls } from '../shared/controls';
import { runToCsv } from '../shared/csv';
import { chartsToPng, downloadBlob } from '../shared/download';
import { fixed } from '../shared/format';
import { readSegment, storeInLocation } from '../shared/hash';
import { kernelNote } from '../shared/kernel-note';
import { type ChartMetric, TABLE_METRICS } from '../shared/metrics-meta';
import { bindNotice, describeCorrections, type NoticeHandle } from '../shared/notice';
import { renderPlayButton } from '../shared/play-button';
import { RunDisplay } from '../shared/run-display';
import { WorkerRun } from '../shared/worker-run';
import { PropensityPanel } from './propensity-panel';

interface TrainerConfig {
  losses: LossId[];
  charts: [ChartMetric, ChartMetric];
  defaults: Partial<Settings>;
  /** Estimate the labeling propensity e(x) of each new scene and hold full CE's p against it. */
  propensity?: boolean;
  /** The values table's metrics, when not the chapter trainers' usual ones. */
  table?: ChartMetric[];
  /** Map where each model is wrong, near a boundary or farther in. */
  errorMaps?: boolean;
}

/**
 * Label draws behind one e(x) estimate, per labeling mode: few enough that the worker is busy
 * for well under 300 ms at the default scene (medians of 60–110 ms in Node, and 70–240 ms in
 * a Chromium worker, on the loaded 2-core development VM); random pixels are cheap, strokes not.
 */
const PROPENSITY_DRAWS: Record<LabelType, number> = { scar: 300, scribbles: 80, clicks: 70, skeleton: 100 };

/** The settings a chapter trainer keeps in the URL: all but the fixed list of losses. */
const HASH_KEYS = SETTING_KEYS.filter((k) => k !== 'losses');

export class TrainerController {
  private readonly root: HTMLElement;
  private readonly id: string;
  private readonly config: TrainerConfig;
  private readonly notice: NoticeHandle;
  private readonly text: UiText;
  private readonly view: RunDisplay;
  private readonly panel: PropensityPanel | null;
  /** Settings of the scene whose e(x) was last asked for, so that a reset does not ask again. */
  private propensityAsked: string | null = null;
  private readonly run: WorkerRun;
  private settings: Settings;
  private onScreen = false;
  /** Whether the worker was started (on the first time on screen). */
  private started = false;
  private image = 0;
  private readonly resize: ResizeObserver;
  private readonly onVisibility = () => this.run.syncPlay();

  constructor(root: HTMLElement) {
    this.root = root;
    this.id = root.dataset.id ?? 'trainer';
    this.config = JSON.parse(root.dataset.config ?? '{}') as TrainerConfig;
    this.notice = bindNotice(root);
    this.text = uiTextOf(root);
    const { t } = this.text;
    this.view = new RunDisplay(root, {
      series: (slot) => {
        const metric = this.config.charts[slot];
        return metric ? metricSeries(metric, this.text) : null;
      },
      columns: (this.config.table ?? TABLE_METRICS).map((metric) => ({
        id: metric,
        value: (model) => model.metrics[metric],
      })),
      image: () => this.image,
      propensityMap: this.config.propensity === true,
      errorMaps: this.config.errorMaps === true,
      onMapsDrawn: () => this.panel?.update(),
    });
    this.panel = this.config.propensity ? new PropensityPanel(root, this.view) : null;
    this.run = new WorkerRun(
      {
        onBackend: (message) => this.view.showBackend(message),
        onScene: (scene) => this.onScene(scene),
        onProgress: (progress) => this.view.addProgress(progress),
        onPropensity: (estimate) => {
          // Only the estimate of the scene on screen; an older one can still be on its way.
          if (this.panel && estimate.settings === this.view.scene?.settings) this.panel.set(estimate);
        },
        onNotice: (message, level) => this.notice.show(message, level),
        onError: (message) => this.notice.show(t('trainer.stopped', { message }), 'warning'),
        onFailure: (message) => this.fail(message),
        onUnsupported: () => {
          this.view.say('backend', t('trainer.noWorkers'));
          this.notice.show(t('trainer.noWorkersNotice'), 'warning');
        },
        onStateChange: (state) => {
          this.view.workerPlaying = state.playing;
          renderPlayButton(this.root, state);
        },
      },
      {
        wantsPlay: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
        canPlay: () => this.onScreen && !document.hidden,
        locale: this.text.locale,
      },
    );

    const baseline = withSettings(defaultSettings(), { ...this.config.defaults, losses: this.config.losses }).settings;
    const stored = readSegment(window.location.hash, this.id);
    const parsed = parseSettings(stored ?? '', baseline);
    const corrections = [...parsed.corrections];
    if (parsed.settings.losses.join() !== this.config.losses.join()) {
      const losses = this.config.losses.join(', ');
      corrections.push({
        key: 'losses',
        input: parsed.settings.losses.join(','),
        message: `this figure always compares ${losses}`,
        code: 'fixedLosses',
        values: { losses },
      });
      parsed.settings.losses = [...this.config.losses];
    }
    if (corrections.length > 0) this.notice.show(describeCorrections(corrections, this.text), 'warning');
    this.settings = parsed.settings;

    bindControls(root, (patch, commit) => this.onSettings(patch, commit)).show(this.settings);
    this.bindButtons();

    this.resize = new ResizeObserver(() => {
      this.view.redrawCharts();
      this.panel?.update();
    });
    this.resize.observe(root.querySelector('.charts') as Element);
    document.addEventListener('visibilitychange', this.onVisibility);
    if (this.onScreen) this.startWorker();
  }

  /** The worker starts the first time the figure is on screen: a figure merely near the viewport adds no work. */
  private startWorker(): void {
    if (this.started) return;
    this.started = true;
    if (this.run.start()) this.view.say('backend', this.text.t('trainer.startingWorker'));
    this.configure();
  }

  /** The figure scrolled onto or off the screen. */
  setOnScreen(onScreen: boolean): void {
    this.onScreen = onScreen;
    if (onScreen) this.startWorker();
    if (onScreen && this.run.scene) this.requestPropensity(this.run.scene);
    this.run.syncPlay();
  }

  dispose(): void {
    this.view.dispose();
    this.panel?.dispose();
    this.resize.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.run.dispose();
  }

  private configure(): void {
    if (!this.started) return;
    this.run.configure(serializeSettings(this.settings), { maps: true });
  }

  private fail(message: string): void {
    this.view.say('backend', this.text.t('trainer.stoppedShort'));
    this.notice.show(this.text.t('trainer.workerFailed', { message }), 'warning');
    this.setReady(false);
  }

  private onScene(scene: SceneMessage): void {
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    if (picker) picker.max = String(scene.count);
    this.image = Math.min(this.image, scene.count - 1);
    if (scene.prior !== null) {
      this.view.say('true-prior', this.text.t('trainer.truePrior', { prior: fixed(scene.prior) }));
      this.markPrior(scene.prior);
    }
    this.view.say(
      'coverage',
      this.text.t('trainer.coverage', {
        density: fixed(scene.stats.density, 3),
        coverage: fixed(scene.stats.coverage, 3),
      }),
    );
    if (scene.losses.some((loss) => LOSS_INFO[loss].pairwise)) {
      const { sigmaXy } = parseSettings(scene.settings).settings;
      this.view.say('kernel', kernelNote(this.text, scene.size, sigmaXy));
    }
    this.view.startRun(scene);
    this.requestPropensity(scene);
    this.setReady(true);
  }

  /**
   * Ask for e(x) of a new scene, before play resumes, so the estimate never interrupts training;
   * not before the figure is on screen, so that a figure merely near the viewport adds no work.
   */
  private requestPropensity(scene: SceneMessage): void {
    if (!this.panel || scene.truth === null || !this.onScreen) return;
    if (scene.settings === this.propensityAsked) return;
    this.propensityAsked = scene.settings;
    this.panel.set(null);
    const { labelType } = parseSettings(scene.settings).settings;
    this.run.requestPropensity(PROPENSITY_DRAWS[labelType]);
  }

  private onSettings(patch: Partial<Settings>, commit: boolean): void {
    if (!commit) return;
    const result = withSettings(this.settings, patch);
    if (result.corrections.length > 0) this.notice.show(describeCorrections(result.corrections, this.text), 'info');
    const onlySpeed = Object.keys(patch).every((k) => k === 'speed');
    this.settings = result.settings;
    storeInLocation(this.id, serializeSettings(this.settings, HASH_KEYS));
    if (onlySpeed) {
      this.run.setSpeed(this.settings.speed);
      return;
    }
    this.restart();
  }

  /** Start the comparison again on new settings; the old curves stay faded for reference. */
  private restart(): void {
    this.view.keepGhost();
    this.root.querySelector<HTMLElement>('[data-ghost-key]')?.removeAttribute('hidden');
    this.configure();
  }

  private bindButtons(): void {
    const on = (action: string, fn: () => void) =>
      this.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)?.addEventListener('click', fn);
    on('play', () => this.run.togglePlay());
    on('step', () => this.run.step(1));
    on('skip', () => this.run.step(50));
    on('reset', () => {
      this.view.ghost = null;
      this.root.querySelector<HTMLElement>('[data-ghost-key]')?.setAttribute('hidden', '');
      this.run.reset();
    });
    on('csv', () => {
      const csv = runToCsv(serializeSettings(this.settings), this.view.records, this.view.thinning, this.text);
      downloadBlob(
        new Blob([csv], { type: 'text/csv' }),
        `partial-ce-${this.id}-seed${this.settings.seed}-step${this.view.step}.csv`,
      );
    });
    on('png', () => {
      const svgs = [...this.root.querySelectorAll<SVGSVGElement>('[data-plot] svg')];
      chartsToPng(svgs)
        .then((blob) => downloadBlob(blob, `partial-ce-${this.id}-seed${this.settings.seed}-step${this.view.step}.png`))
        .catch((error: unknown) =>
          this.notice.show(
            this.text.t('trainer.pngFailed', { message: error instanceof Error ? error.message : String(error) }),
            'warning',
          ),
        );
    });
    const select = this.root.querySelector<HTMLSelectElement>('[data-backend]');
    select?.addEventListener('change', () => {
      this.view.keepGhost();
      this.run.chooseBackend(select.value as BackendChoice);
      this.view.say('backend', this.text.t('toolbar.switching', { name: select.value }));
    });
    const picker = this.root.querySelector<HTMLInputElement>('[data-image-picker]');
    picker?.addEventListener('input', () => {
      this.image = Number(picker.value) - 1;
      this.view.redrawMaps();
    });
  }

  private setReady(ready: boolean): void {
    for (const el of this.root.querySelectorAll<HTMLButtonElement | HTMLSelectElement>(
      '[data-action], [data-backend]',
    )) {
      el.disabled = !ready;
    }
  }

  /** A tick under the prior slider at the scene's true π. */
  private markPrior(prior: number): void {
    const input = this.root.querySelector<HTMLInputElement>('[data-setting="prior"] input');
    if (!input) return;
    let tick = this.root.querySelector<HTMLElement>('.prior-tick');
    if (!tick) {
      tick = document.createElement('span');
      tick.className = 'prior-tick';
      tick.setAttribute('aria-hidden', 'true');
      tick.textContent = this.text.t('trainer.truePriorTick');
      input.insertAdjacentElement('afterend', tick);
    }
    const share = (prior - Number(input.min)) / (Number(input.max) - Number(input.min));
    // A native slider's thumb centre runs from half a thumb in from each end.
    tick.style.left = `calc(${(share * 100).toFixed(2)}% + ${((0.5 - share) * 16).toFixed(1)}px)`;
  }
}
