import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The official CIFAR-10 binary version (Krizhevsky, 2009). */
export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';
export const CIFAR10_BYTES = 170_052_171;

export class DownloadError extends Error {
  override name = 'DownloadError';
}

export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface DownloadOptions {
  url?: string;
  md5?: string;
  /** Give up when the server has not answered (headers) within this time. */
  connectTimeoutMs?: number;
  /** Give up when no byte arrives for this long. */
  stallTimeoutMs?: number;
  onStart?: (totalBytes: number | undefined) => void;
  onBytes?: (bytes: number) => void;
}

/**
 * Downloads `url` to `target` once: an existing file with the right md5 is reused; a new
 * download goes to `<target>.part` and is renamed only after its md5 matches.
 */
export async function downloadOnce(target: string, options: DownloadOptions = {}): Promise<string> {
  const url = options.url ?? CIFAR10_URL;
  const md5 = options.md5 ?? CIFAR10_MD5;
  if (await stat(target).catch(() => undefined)) {
    if ((await md5File(target)) === md5) return target;
    await rm(target, { force: true });
  }
  await mkdir(dirname(target), { recursive: true });
  const part = `${target}.part`;
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new Error('no answer')), options.connectTimeoutMs ?? 15_000);
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (error) {
      const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new DownloadError(`could not reach ${url} (${reason})`);
    }
    if (!response.ok || !response.body) throw new DownloadError(`${url} answered HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length')) || undefined;
    options.onStart?.(length);
    const hash = createHash('md5');
    const stallMs = options.stallTimeoutMs ?? 60_000;
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Error(`no data for ${stallMs / 1000} s`)), stallMs);
      hash.update(chunk);
      options.onBytes?.(chunk.length);
    });
    try {
      await pipeline(body, createWriteStream(part));
    } catch (error) {
      throw new DownloadError(`download of ${url} broke off (${(error as Error).message})`);
    }
    const actual = hash.digest('hex');
    if (actual !== md5) {
      await rm(part, { force: true });
      throw new DownloadError(
        `${url} arrived with md5 ${actual}; expected ${md5}. The file is damaged or not the official archive; it was deleted, run again.`,
      );
    }
    await rename(part, target);
    return target;
  } finally {
    clearTimeout(timer);
    await rm(part, { force: true });
  }
}
