/**
 * How the Lab's runs are read: the read results the page builds itself (a preset, the
 * scene, a reader's image) and what the reader is told after loading one. No DOM.
 */
import type { Settings } from '../../core/settings';
import { type UiText, uiText } from '../../i18n/ui';
import type { LabState, ReadResult } from '../../lab-page/lab-state';
import { type Preset, presetSettings } from '../../lab-page/presets';
import { modelPixels, type SourceImage } from './image-input';
import type { RunSource } from './run-state';

/** A read result that holds nothing but `state`: for runs the page builds itself. */
function plainRead(state: LabState): ReadResult {
  return { state, problems: [], map: null, linkHadOwnImage: false, linkOmittedLabels: false };
}

/** A preset's run: its settings on the synthetic scene with simulated labels. */
export function presetRead(preset: Preset): ReadResult {
  return plainRead({ settings: presetSettings(preset), start: 'simulated', edits: null, image: null });
}

/** The synthetic scene under `settings`, with simulated labels. */
export function sceneRead(settings: Settings): ReadResult {
  return plainRead({ settings, start: 'simulated', edits: null, image: null });
}

/** A reader's newly read image under `settings`, with no labels yet. */
export function imageRead(image: SourceImage, settings: Settings): ReadResult {
  const pixels = modelPixels(image, settings.size);
  return plainRead({ settings, start: 'empty', edits: null, image: { name: image.name, size: settings.size, pixels } });
}

/**
 * What the reader is told after a run was loaded from `source`, in the words of `text`, or
 * null when nothing needs saying.
 */
export function loadNotice(
  problems: readonly string[],
  source: RunSource,
  fileName?: string,
  text: UiText = uiText('en'),
): { text: string; level: 'info' | 'warning' } | null {
  if (problems.length > 0) {
    const all = problems.join(text.t('lab.load.problemJoiner'));
    const said =
      source === 'file'
        ? fileName
          ? text.t('lab.load.fromFile', { name: fileName, problems: all })
          : text.t('lab.load.fromUnnamedFile', { problems: all })
        : source === 'draft'
          ? text.t('lab.load.fromDraft', { problems: all })
          : text.t('lab.load.fromLink', { problems: all });
    return { text: said, level: 'warning' };
  }
  if (source === 'file')
    return {
      text: fileName ? text.t('lab.load.loadedFile', { name: fileName }) : text.t('lab.load.loadedUnnamedFile'),
      level: 'info',
    };
  return null;
}
