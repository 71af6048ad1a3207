/**
 * Synthetic grayscale scenes with their ground truth: a few ellipses on a shaded,
 * noisy background. At the default noise one global threshold misclassifies many pixels,
 * so a convolutional model has to learn to pool its neighbourhood.
 */
import type { Rng } from './random';

export interface SceneSpec {
  size: number;
  images: number;
  shapes: number;
  radius: number;
  contrast: number;
  noise: number;
}

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle: number;
}

export interface Scene {
  size: number;
  count: number;
  /** Pixel intensities, image-major then row-major: `count × size × size`. */
  images: Float32Array;
  /** The same images before noise: training draws fresh noise on top of these each step. */
  clean: Float32Array;
  /** Standard deviation of the noise in `images`. */
  noise: number;
  /** Ground truth, 1 = foreground, same layout as `images`. */
  truth: Uint8Array;
  /** The ellipses of each image, for drawing outlines. */
  ellipses: Ellipse[][];
  /** Share of foreground pixels over the whole scene: the true class prior π. */
  prior: number;
}

/** How far each object's radii may stray from the typical radius. */
const RADIUS_SPREAD = 0.35;
/** Amplitude of the linear shading across an image, as a share of the contrast. */
const SHADING = 0.3;

function drawEllipse(rng: Rng, size: number, radius: number): Ellipse {
  const rx = radius * rng.uniform(1 - RADIUS_SPREAD, 1 + RADIUS_SPREAD);
  const ry = radius * rng.uniform(1 - RADIUS_SPREAD, 1 + RADIUS_SPREAD);
  const margin = Math.max(rx, ry) * 0.6;
  return {
    cx: rng.uniform(margin, size - margin),
    cy: rng.uniform(margin, size - margin),
    rx,
    ry,
    angle: rng.uniform(0, Math.PI),
  };
}

/** True when pixel centre (x, y) lies inside the ellipse. */
export function insideEllipse(e: Ellipse, x: number, y: number): boolean {
  const dx = x + 0.5 - e.cx;
  const dy = y + 0.5 - e.cy;
  const c = Math.cos(e.angle);
  const s = Math.sin(e.angle);
  const u = (dx * c + dy * s) / e.rx;
  const v = (-dx * s + dy * c) / e.ry;
  return u * u + v * v <= 1;
}

/** Build a scene from its spec; every draw comes from `rng`. */
export function makeScene(spec: SceneSpec, rng: Rng): Scene {
  const { size, images: count } = spec;
  const area = size * size;
  const images = new Float32Array(count * area);
  const clean = new Float32Array(count * area);
  const truth = new Uint8Array(count * area);
  const ellipses: Ellipse[][] = [];
  let foreground = 0;

  for (let n = 0; n < count; n++) {
    const shapes = Array.from({ length: spec.shapes }, () => drawEllipse(rng, size, spec.radius));
    ellipses.push(shapes);
    const shadeAngle = rng.uniform(0, 2 * Math.PI);
    const shadeX = Math.cos(shadeAngle) * SHADING * spec.contrast;
    const shadeY = Math.sin(shadeAngle) * SHADING * spec.contrast;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = n * area + y * size + x;
        const isFg = shapes.some((e) => insideEllipse(e, x, y));
        truth[i] = isFg ? 1 : 0;
        if (isFg) foreground++;
        const shade = shadeX * (x / (size - 1) - 0.5) * 2 + shadeY * (y / (size - 1) - 0.5) * 2;
        const level = (isFg ? 0.5 : -0.5) * spec.contrast;
        clean[i] = level + shade;
        images[i] = clean[i] + spec.noise * rng.normal();
      }
    }
  }
  return { size, count, images, clean, noise: spec.noise, truth, ellipses, prior: foreground / (count * area) };
}
