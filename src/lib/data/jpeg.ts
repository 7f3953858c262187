import jpeg from 'jpeg-js';

/**
 * Decodes one JPEG file to RGB pixels (HWC, 3 channels) with jpeg-js, a pure JavaScript
 * decoder: its integer output is the same in Node and in every browser, unlike
 * `createImageBitmap`, which may colour-manage. The build and the loader both call this,
 * so shards of JPEG sources hold exactly the pixels the build hashed.
 */
export function decodeJpegRgb(bytes: Uint8Array, height: number, width: number, what: string): Uint8Array {
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 64 });
  } catch (error) {
    throw new Error(`${what} is not a readable JPEG file (${(error as Error).message})`);
  }
  if (image.width !== width || image.height !== height) {
    throw new Error(`${what} is ${image.width}×${image.height} pixels; expected ${width}×${height}`);
  }
  return image.data;
}
