import { decodeJpegRgb } from './jpeg.ts';
import type { DatasetManifest } from './manifest.ts';
import { imageBytes } from './manifest.ts';

/**
 * Payload layouts of a shard (before gzip); see `manifest.ts`. Pure functions used by the
 * build (encode) and by the loader in browsers, workers and Node (decode).
 */

export interface DecodedShard {
  labels: Uint8Array;
  images: Uint8Array;
}

/** `raw` payload: labels, then pixels. */
export function encodeRawPayload(labels: Uint8Array, images: Uint8Array): Uint8Array {
  const payload = new Uint8Array(labels.length + images.length);
  payload.set(labels, 0);
  payload.set(images, labels.length);
  return payload;
}

/** `jpeg` payload: labels, uint32 LE lengths, then the JPEG files back to back. */
export function encodeJpegPayload(labels: Uint8Array, files: Uint8Array[]): Uint8Array {
  if (labels.length !== files.length) {
    throw new Error(`${labels.length} labels for ${files.length} JPEG files`);
  }
  const total = files.reduce((sum, file) => sum + file.length, 0);
  const payload = new Uint8Array(labels.length * 5 + total);
  const view = new DataView(payload.buffer);
  payload.set(labels, 0);
  let offset = labels.length * 5;
  files.forEach((file, index) => {
    view.setUint32(labels.length + index * 4, file.length, true);
    payload.set(file, offset);
    offset += file.length;
  });
  return payload;
}

/**
 * Decodes a payload of `count` examples. Throws a plain Error naming `what` when the
 * layout does not add up; the loader wraps it into a DatasetError.
 */
export function decodePayload(
  manifest: Pick<DatasetManifest, 'shape' | 'encoding' | 'classes'>,
  payload: Uint8Array,
  count: number,
  what: string,
): DecodedShard {
  const size = imageBytes(manifest);
  const [height, width] = manifest.shape;
  let labels: Uint8Array;
  let images: Uint8Array;
  if (manifest.encoding === 'raw') {
    const expected = count + count * size;
    if (payload.length !== expected) {
      throw new Error(`${what} holds ${payload.length} bytes after decompression; expected ${expected}`);
    }
    labels = payload.slice(0, count);
    images = payload.slice(count);
  } else {
    if (manifest.shape[2] !== 3) throw new Error(`${what}: JPEG shards need 3 channels`);
    if (payload.length < count * 5) {
      throw new Error(`${what} is too short for ${count} labels and lengths (${payload.length} bytes)`);
    }
    labels = payload.slice(0, count);
    images = new Uint8Array(count * size);
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    let offset = count * 5;
    for (let index = 0; index < count; index++) {
      const length = view.getUint32(count + index * 4, true);
      if (offset + length > payload.length) {
        throw new Error(`${what}: JPEG ${index} runs past the end of the shard`);
      }
      const pixels = decodeJpegRgb(
        payload.subarray(offset, offset + length),
        height,
        width,
        `${what}, image ${index}`,
      );
      images.set(pixels, index * size);
      offset += length;
    }
    if (offset !== payload.length) {
      throw new Error(`${what} has ${payload.length - offset} bytes after its last JPEG`);
    }
  }
  for (let index = 0; index < labels.length; index++) {
    const label = labels[index] as number;
    if (label >= manifest.classes.length) {
      throw new Error(
        `${what}: example ${index} has label ${label}; expected 0–${manifest.classes.length - 1}`,
      );
    }
  }
  return { labels, images };
}

/** Lowercase hex SHA-256 through WebCrypto (browsers, workers and Node ≥ 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Decompresses gzip with the platform's DecompressionStream (exact bytes, no canvas). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
