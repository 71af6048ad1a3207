/**
 * The Lab's file flows: the reader's own image (read it, ask before drawn labels are lost)
 * and a saved run's JSON file; each hands the new run to the controller. No state of its own.
 */
import { defaultSettings } from '../../core/settings';
import { type ReadResult, readDocument } from '../../lab-page/lab-state';
import { readImageFile, type SourceImage } from './image-input';
import { readLabFile } from './lab-files';
import type { LabView } from './lab-view';
import { imageRead } from './run-reads';
import type { LabRun } from './run-state';

export interface ImageFlow {
  run: LabRun;
  view: LabView;
  inform: (text: string) => void;
  apply: (read: ReadResult, image: SourceImage) => void;
  store: () => void;
}

/** Read `file` as the reader's image and start a run on it, or say why not. */
export async function useImageFile(file: File, flow: ImageFlow): Promise<void> {
  const { run, view } = flow;
  view.showImageStatus(`Reading “${file.name}”…`);
  const outcome = await readImageFile(file);
  if (!outcome.ok) {
    view.showImageStatus(
      `“${file.name}” was not used. ${outcome.reason} The current ${run.own ? 'image' : 'scene'} and labels stay as they were.`,
      'warning',
    );
    return;
  }
  if (
    run.editor.edited &&
    !window.confirm('Use this image? Your drawn labels belong to the current image and will be removed.')
  ) {
    view.say('image-status', `“${file.name}” was not used; your labels stay.`);
    return;
  }
  run.imageIndex = 0;
  const size = run.settings.size;
  flow.apply(imageRead(outcome.image, run.settings), outcome.image);
  flow.inform(
    `Your image “${outcome.image.name}” is in use at ${size} × ${size} pixels. Draw foreground and background strokes on it, then press Play.`,
  );
  flow.store();
}

/** A saved run's JSON file read tolerantly, or null (after `refuse` says why) when it cannot be read. */
export async function readRunFile(file: File, refuse: (reason: string) => void): Promise<ReadResult | null> {
  const read = await readLabFile(file);
  if (!read.ok) {
    refuse(read.reason);
    return null;
  }
  return readDocument(read.text, defaultSettings());
}
