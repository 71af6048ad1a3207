/**
 * The Lab's file flows: the reader's own image (read it, ask before drawn labels are lost)
 * and a saved run's JSON file; each hands the new run to the controller. No state of its own.
 */
import { defaultSettings } from '../../core/settings';
import type { UiText } from '../../i18n/ui';
import { isFlat, upscaleNote } from '../../lab-page/image';
import { type ReadResult, readDocument } from '../../lab-page/lab-state';
import { readImageFile, type SourceImage } from './image-input';
import { readLabFile } from './lab-files';
import type { LabView } from './lab-view';
import { imageRead } from './run-reads';
import type { LabRun } from './run-state';

export interface ImageFlow {
  run: LabRun;
  /** The page's words. */
  text: UiText;
  view: LabView;
  inform: (text: string) => void;
  apply: (read: ReadResult, image: SourceImage) => void;
  store: () => void;
}

/** Read `file` as the reader's image and start a run on it, or say why not. */
export async function useImageFile(file: File, flow: ImageFlow): Promise<void> {
  const { run, view, text } = flow;
  view.showImageStatus(text.t('lab.image.reading', { name: file.name }));
  const outcome = await readImageFile(file, text);
  if (!outcome.ok) {
    view.showImageStatus(
      text.t(run.own ? 'lab.image.notUsedOwn' : 'lab.image.notUsed', { name: file.name, reason: outcome.reason }),
      'warning',
    );
    return;
  }
  if (run.editor.edited && !window.confirm(text.t('lab.image.confirm'))) {
    view.say('image-status', text.t('lab.image.keptLabels', { name: file.name }));
    return;
  }
  run.imageIndex = 0;
  const size = run.settings.size;
  const read = imageRead(outcome.image, run.settings);
  flow.apply(read, outcome.image);
  // A small image is enlarged and a blank one has nothing to see: the reader is told both.
  const notes = [
    text.t('lab.image.inUse', { name: outcome.image.name, size }),
    upscaleNote(outcome.image.side, size, text.t),
    isFlat(read.state.image?.pixels ?? []) ? text.t('lab.image.flat') : null,
  ].filter((note): note is string => note !== null);
  flow.inform(notes.join(text.t('lab.load.problemJoiner')));
  flow.store();
}

/** A saved run's JSON file read tolerantly, or null (after `refuse` says why) when it cannot be read. */
export async function readRunFile(
  file: File,
  text: UiText,
  refuse: (reason: string) => void,
): Promise<ReadResult | null> {
  const read = await readLabFile(file, text);
  if (!read.ok) {
    refuse(read.reason);
    return null;
  }
  return readDocument(read.text, defaultSettings(), text.t);
}
