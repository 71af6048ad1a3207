import { BACKGROUNDS } from '../../styles/palette';

/** Save a file the page made (CSV text, a PNG of a chart) through a temporary link. */

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A PNG of one or more SVG charts side by side, on the page's background colour, with
 * `currentColor` resolved to the page's text colour.
 */
export async function chartsToPng(svgs: SVGSVGElement[], scale = 2): Promise<Blob> {
  const style = getComputedStyle(svgs[0]?.closest('[data-widget]') ?? document.body);
  const background = getComputedStyle(document.body).backgroundColor || BACKGROUNDS.light;
  const images = await Promise.all(
    svgs.map(async (svg) => {
      const box = svg.getBoundingClientRect();
      const clone = svg.cloneNode(true) as SVGSVGElement;
      clone.setAttribute('width', String(box.width));
      clone.setAttribute('height', String(box.height));
      clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
      clone.style.color = style.color;
      clone.style.fontFamily = style.fontFamily;
      const url = URL.createObjectURL(
        new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }),
      );
      try {
        const img = new Image();
        img.src = url;
        await img.decode();
        return { img, width: box.width, height: box.height };
      } finally {
        URL.revokeObjectURL(url);
      }
    }),
  );
  const gap = 16;
  const width = images.reduce((w, i) => w + i.width, 0) + gap * (images.length + 1);
  const height = Math.max(...images.map((i) => i.height)) + gap * 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  let x = gap;
  for (const i of images) {
    ctx.drawImage(i.img, x, gap, i.width, i.height);
    x += i.width + gap;
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made.'))), 'image/png'),
  );
}
