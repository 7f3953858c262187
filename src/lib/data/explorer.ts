import type { DatasetManifest } from './manifest.ts';

/**
 * The explorer island's view model, kept free of the DOM: which examples belong to each
 * class, which page of them is shown, and the numbers the page prints.
 */

export const SAMPLES_PER_PAGE = 24;

/** Indices of the examples of each class, in shard order: `result[label]`. */
export function indexByClass(labels: Uint8Array, classCount: number): number[][] {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  labels.forEach((label, index) => {
    byClass[label]?.push(index);
  });
  return byClass;
}

export interface SamplePage {
  /** Example indices on this page. */
  indices: number[];
  /** 1-based position of the first and last shown example within its class. */
  from: number;
  to: number;
  /** Examples of the class available for browsing. */
  total: number;
  page: number;
  pages: number;
}

/** Page `page` (clamped into range) of `indices`, `perPage` at a time. */
export function pageOf(indices: number[], page: number, perPage = SAMPLES_PER_PAGE): SamplePage {
  const pages = Math.max(1, Math.ceil(indices.length / perPage));
  const current = Math.min(Math.max(0, Math.trunc(page)), pages - 1);
  const shown = indices.slice(current * perPage, (current + 1) * perPage);
  return {
    indices: shown,
    from: shown.length ? current * perPage + 1 : 0,
    to: current * perPage + shown.length,
    total: indices.length,
    page: current,
    pages,
  };
}

/** One image as RGBA for `ImageData`, from HWC bytes with 1 (grey) or 3 (RGB) channels. */
export function toRgba(
  images: Uint8Array,
  index: number,
  shape: readonly [number, number, number],
): Uint8ClampedArray<ArrayBuffer> {
  const [height, width, channels] = shape;
  const pixels = height * width;
  const rgba = new Uint8ClampedArray(pixels * 4);
  const start = index * pixels * channels;
  for (let pixel = 0; pixel < pixels; pixel++) {
    const source = start + pixel * channels;
    rgba[pixel * 4] = images[source] as number;
    rgba[pixel * 4 + 1] = images[source + (channels === 3 ? 1 : 0)] as number;
    rgba[pixel * 4 + 2] = images[source + (channels === 3 ? 2 : 0)] as number;
    rgba[pixel * 4 + 3] = 255;
  }
  return rgba;
}

/** Size of the first test shard, which the explorer downloads to show samples. */
export function sampleShard(manifest: DatasetManifest) {
  const shard = manifest.splits.test.shards[0];
  return shard ? { count: shard.count, bytes: shard.bytes } : { count: 0, bytes: 0 };
}
