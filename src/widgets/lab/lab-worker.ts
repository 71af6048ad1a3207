/**
 * The Lab page's `WorkerRun`: what each worker event does to the page (backend line, new
 * scene, progress, notices, failures, the play button) and when training may play. Kept
 * apart from `LabController` so that the controller reads as the reader's actions alone.
 */
import type { UiText } from '../../i18n/ui';
import type { NoticeHandle } from '../shared/notice';
import { renderPlayButton } from '../shared/play-button';
import type { RunDisplay } from '../shared/run-display';
import { WorkerRun } from '../shared/worker-run';
import type { LabView } from './lab-view';
import type { LabRun } from './run-state';

/** The parts of the Lab page that worker events update. */
export interface LabWorkerParts {
  root: HTMLElement;
  display: RunDisplay;
  view: LabView;
  notice: NoticeHandle;
  run: LabRun;
  /** The page's words. */
  text: UiText;
  /** The controller's own update of the buttons once a scene arrives or the worker fails. */
  setReady(ready: boolean): void;
}

/** A `WorkerRun` wired to the Lab page: it shows every worker event and trains only when it can. */
export function createLabWorker(parts: LabWorkerParts): WorkerRun {
  const { root, display, view, notice, run } = parts;
  const { t } = parts.text;
  const worker: WorkerRun = new WorkerRun(
    {
      onBackend: (message) => display.showBackend(message),
      onScene: (scene) => {
        display.startRun(scene);
        view.showScene(scene, run.hasTruth, display.ghost !== null);
        parts.setReady(true);
      },
      onProgress: (progress) => display.addProgress(progress),
      onNotice: (message, level) => notice.show(message, level),
      onError: (message) => notice.show(t('lab.train.stopped', { message }), 'warning'),
      onFailure: (message) => {
        view.say('backend', t('lab.train.stoppedShort'));
        notice.show(t('lab.train.workerFailed', { message }), 'warning');
        parts.setReady(false);
      },
      onUnsupported: () => view.say('backend', t('lab.train.noWorkers')),
      onStateChange: (state) => {
        display.workerPlaying = state.playing;
        renderPlayButton(root, state);
      },
    },
    // Train only on the latest configuration's scene, with labels to learn from, in a visible tab.
    {
      canPlay: () => worker.state.ready && run.stats.labeled > 0 && !document.hidden,
      locale: parts.text.locale,
    },
  );
  return worker;
}
