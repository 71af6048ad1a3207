/**
 * The Lab's files: the JSON document of a run (export and import), the CSV of its history
 * and a PNG of its charts and maps. File names carry the seed and the step, so that two
 * downloads of different runs do not overwrite each other.
 */
import { serializeSettings } from '../../core/settings';
import type { Snapshot } from '../../core/train';
import type { UiText } from '../../i18n/ui';
import { BACKGROUNDS } from '../../styles/palette';
import { runToCsv } from '../shared/csv';
import { chartsToPng, downloadBlob } from '../shared/download';
import type { Thinning } from '../shared/history';
import type { RunDisplay } from '../shared/run-display';
import type { LabRun } from './run-state';

/** Larger than any Lab file: a 256 px image and its labels take well under 1 MB. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** The JSON file's name. */
export function jsonFileName(seed: number, ownImage: boolean): string {
  return `partial-ce-lab-seed${seed}${ownImage ? '-own-image' : ''}.json`;
}

/** Save the run's JSON document; returns the sentence (in the words of `ui`) that says what the file holds. */
export function downloadJson(text: string, seed: number, ownImage: boolean, ui: UiText): string {
  downloadBlob(new Blob([text], { type: 'application/json' }), jsonFileName(seed, ownImage));
  return ui.t(ownImage ? 'lab.share.jsonOwn' : 'lab.share.jsonScene');
}

/** The name of a file of the run at `step`: the CSV or the PNG. */
export function runFileName(seed: number, step: number, extension: 'csv' | 'png'): string {
  return `partial-ce-lab-seed${seed}-step${step}.${extension}`;
}

/**
 * Save the run's history as CSV, with its settings (and any thinning) in the header comments,
 * worded by `text` (the column names are data and stay as they are).
 */
export function downloadCsv(
  settings: string,
  records: readonly Snapshot[],
  fileName: string,
  thinning: Thinning | null,
  text: UiText,
): void {
  downloadBlob(new Blob([runToCsv(settings, records, thinning, text)], { type: 'text/csv' }), fileName);
}

/** The text of a chosen Lab file, or the reason (in the words of `ui`) it was refused. */
export async function readLabFile(
  file: File,
  ui: UiText,
): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, reason: ui.t('lab.share.fileTooLarge', { name: file.name }) };
  return { ok: true, text: await file.text() };
}

/**
 * Save the charts above the maps in one PNG, each map with its caption. `fileName` is asked
 * once the PNG is made (the run may have moved on meanwhile). Returns null, or the sentence
 * (in the words of `ui`) saying why no PNG could be made.
 */
export async function downloadPng(root: HTMLElement, fileName: () => string, ui: UiText): Promise<string | null> {
  try {
    const svgs = [...root.querySelectorAll<SVGSVGElement>('[data-plot] svg')];
    const charts = await createImageBitmap(await chartsToPng(svgs));
    const maps = [...root.querySelectorAll<HTMLCanvasElement>('[data-maps] canvas')];
    const scale = 2;
    const tile = 150 * scale;
    const gap = 16 * scale;
    const caption = 18 * scale;
    const perRow = Math.max(1, Math.floor((charts.width - gap) / (tile + gap)));
    const rows = Math.ceil(maps.length / perRow);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(charts.width, perRow * (tile + gap) + gap);
    canvas.height = charts.height + rows * (tile + caption + gap) + gap;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const style = getComputedStyle(root);
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor || BACKGROUNDS.light;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(charts, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = style.color;
    ctx.font = `${12 * scale}px ${style.fontFamily}`;
    maps.forEach((map, i) => {
      const x = gap + (i % perRow) * (tile + gap);
      const y = charts.height + Math.floor(i / perRow) * (tile + caption + gap);
      ctx.drawImage(map, x, y, tile, tile);
      ctx.fillText(map.getAttribute('aria-label') ?? '', x, y + tile + 14 * scale, tile);
    });
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'),
    );
    downloadBlob(blob, fileName());
    return null;
  } catch (error) {
    return ui.t('lab.share.pngFailed', { message: error instanceof Error ? error.message : String(error) });
  }
}

/** What the export buttons need: the run, what the display holds, and where to speak. */
export interface ExportContext {
  root: HTMLElement;
  run: LabRun;
  display: RunDisplay;
  /** The page's words. */
  text: UiText;
  /** Show the note under the JSON button. */
  say: (text: string) => void;
  warn: (text: string) => void;
}

/** The CSV, PNG and JSON buttons' actions. */
export function exportHandlers(ctx: ExportContext): { csv: () => void; png: () => void; json: () => void } {
  const { root, run, display } = ctx;
  return {
    csv: () =>
      downloadCsv(
        serializeSettings(run.settings),
        display.records,
        runFileName(run.settings.seed, display.step, 'csv'),
        display.thinning,
        ctx.text,
      ),
    png: () =>
      void downloadPng(root, () => runFileName(run.settings.seed, display.step, 'png'), ctx.text).then((problem) => {
        if (problem) ctx.warn(problem);
      }),
    json: () => {
      ctx.say(downloadJson(run.documentText(), run.settings.seed, run.own !== null, ctx.text));
      run.dirty = false;
    },
  };
}
