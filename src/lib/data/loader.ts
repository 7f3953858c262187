import type { DatasetManifest, DatasetName, ShardInfo, SplitName } from './manifest.ts';
import { imageBytes, parseManifest } from './manifest.ts';
import { decodePayload, gunzip, sha256Hex } from './shard.ts';

/**
 * Loads dataset shards written by `npm run data` in browsers, Web Workers and Node
 * (no `document`, no canvas). Every shard is checked against the SHA-256 in the
 * manifest before it is decompressed, and its decoded pixels against a second SHA-256,
 * so corrupt data is never handed on. Verified shards are kept in Cache Storage (where
 * the platform has it) under a name derived from the manifest's hash, so a reload
 * fetches no shard again and shards of an older build are deleted.
 */

export type { DatasetManifest, DatasetName, SplitName } from './manifest.ts';

export interface LoadProgress {
  loadedShards: number;
  totalShards: number;
  loadedBytes: number;
  totalBytes: number;
  examples: number;
}

export interface LoadedSplit {
  manifest: DatasetManifest;
  /** count × height × width × channels bytes, HWC order, 0..255. */
  images: Uint8Array;
  /** count labels, 0..classes-1. */
  labels: Uint8Array;
  count: number;
  shape: [height: number, width: number, channels: number];
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
}

export type DatasetErrorCode = 'missing' | 'network' | 'integrity' | 'format';

/** What went wrong, for code that reacts (e.g. shows the build command when `missing`). */
export interface DatasetErrorDetails {
  code: DatasetErrorCode;
  dataset: DatasetName;
  /** The file at fault, relative to the data folder (e.g. `mnist/test-000.bin`). */
  shard?: string;
  expected?: string;
  actual?: string;
}

export class DatasetError extends Error {
  override name = 'DatasetError';
  code: DatasetErrorCode;
  dataset: DatasetName;
  shard?: string;
  expected?: string;
  actual?: string;

  constructor(message: string, details: DatasetErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.code = details.code;
    this.dataset = details.dataset;
    this.shard = details.shard;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/** Tries per download, and the first back-off delay (doubled after each failure). */
const FETCH_TRIES = 3;
const FIRST_BACKOFF_MS = 300;
const CACHE_PREFIX = 'ml-guide-data-';

export interface LoadedManifest {
  manifest: DatasetManifest;
  /** SHA-256 of manifest.json as served; names the shard cache. */
  hash: string;
  /** Absolute URL of the dataset's folder. */
  folder: URL;
}

function datasetFolder(dataUrl: string, dataset: DatasetName): URL {
  const base = new URL(dataUrl, (globalThis as { location?: { href: string } }).location?.href);
  return new URL(`${dataset}/`, base.href.endsWith('/') ? base : `${base.href}/`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * GETs `url` with bounded retries and exponential back-off on network failures and 5xx
 * answers. A 404 is final (the file was never built); an abort is rethrown as is.
 */
async function fetchBytes(
  url: URL,
  dataset: DatasetName,
  what: string,
  signal: AbortSignal | undefined,
  init: RequestInit = {},
): Promise<Uint8Array> {
  let lastProblem = '';
  for (let attempt = 0; attempt < FETCH_TRIES; attempt++) {
    signal?.throwIfAborted();
    if (attempt > 0) await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1), signal);
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal });
    } catch (error) {
      signal?.throwIfAborted();
      lastProblem = (error as Error).message || String(error);
      continue;
    }
    if (response.status === 404) {
      throw new DatasetError(`${what} was not found at ${url.pathname} (HTTP 404)`, {
        code: 'missing',
        dataset,
        shard: what,
      });
    }
    if (!response.ok) {
      lastProblem = `HTTP ${response.status}`;
      if (response.status >= 500) continue;
      break;
    }
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      signal?.throwIfAborted();
      lastProblem = (error as Error).message || String(error);
    }
  }
  throw new DatasetError(
    `could not download ${what} from ${url.pathname} after ${FETCH_TRIES} tries (${lastProblem})`,
    {
      code: 'network',
      dataset,
      shard: what,
    },
  );
}

/** Fetches and validates `<dataUrl><dataset>/manifest.json` (always revalidated with the server). */
export async function loadManifest(
  dataUrl: string,
  dataset: DatasetName,
  options: { signal?: AbortSignal } = {},
): Promise<LoadedManifest> {
  const folder = datasetFolder(dataUrl, dataset);
  const bytes = await fetchBytes(
    new URL('manifest.json', folder),
    dataset,
    `${dataset}/manifest.json`,
    options.signal,
    {
      cache: 'no-cache',
    },
  );
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new DatasetError(
      `${dataset}/manifest.json is not JSON. Rebuild it with \`npm run data\`.`,
      {
        code: 'format',
        dataset,
      },
      { cause: error },
    );
  }
  let manifest: DatasetManifest;
  try {
    manifest = parseManifest(json, `${dataset}/manifest.json`);
  } catch (error) {
    throw new DatasetError((error as Error).message, { code: 'format', dataset });
  }
  if (manifest.dataset !== dataset) {
    throw new DatasetError(`${dataset}/manifest.json describes ${manifest.dataset}`, {
      code: 'format',
      dataset,
    });
  }
  return { manifest, hash: await sha256Hex(bytes), folder };
}

/** Opens this manifest's shard cache and deletes caches left by older builds of the dataset. */
async function openShardCache(dataset: DatasetName, hash: string): Promise<Cache | undefined> {
  if (typeof caches === 'undefined') return undefined;
  const prefix = `${CACHE_PREFIX}${dataset}-`;
  const name = `${prefix}${hash.slice(0, 16)}`;
  try {
    for (const key of await caches.keys()) {
      if (key.startsWith(prefix) && key !== name) await caches.delete(key);
    }
    return await caches.open(name);
  } catch {
    // Cache Storage can be refused (private windows, opaque origins): load without it.
    return undefined;
  }
}

interface ShardSource {
  loaded: LoadedManifest;
  cache: Cache | undefined;
  signal?: AbortSignal;
}

/** Downloads (or reads from the cache), verifies and decodes one shard. */
async function loadShard(source: ShardSource, shard: ShardInfo) {
  const { manifest, folder } = source.loaded;
  const dataset = manifest.dataset;
  const url = new URL(shard.file, folder);
  const what = `${dataset}/${shard.file}`;

  let bytes: Uint8Array | undefined;
  let fromCache = false;
  if (source.cache) {
    const hit = await source.cache.match(url.href).catch(() => undefined);
    if (hit) {
      const cached = new Uint8Array(await hit.arrayBuffer());
      if ((await sha256Hex(cached)) === shard.sha256) {
        bytes = cached;
        fromCache = true;
      } else {
        await source.cache.delete(url.href).catch(() => false);
      }
    }
  }
  if (!bytes) {
    // The cache above is the shard cache; skip the HTTP cache so a stale copy can't hide.
    bytes = await fetchBytes(url, dataset, what, source.signal, { cache: 'no-store' });
    const actual = await sha256Hex(bytes);
    if (actual !== shard.sha256) {
      throw new DatasetError(
        `${what} is corrupt: expected SHA-256 ${shard.sha256} (${shard.bytes} bytes), got ${actual} (${bytes.length} bytes). ` +
          'Reload the page; if it persists, rebuild the shards with `npm run data`.',
        { code: 'integrity', dataset, shard: what, expected: shard.sha256, actual },
      );
    }
  }
  source.signal?.throwIfAborted();

  let decoded: ReturnType<typeof decodePayload>;
  try {
    decoded = decodePayload(manifest, await gunzip(bytes), shard.count, what);
  } catch (error) {
    throw new DatasetError(`${what} could not be decoded: ${(error as Error).message}`, {
      code: 'format',
      dataset,
      shard: what,
    });
  }
  const pixelsHash = await sha256Hex(decoded.images);
  if (pixelsHash !== shard.pixelsSha256) {
    throw new DatasetError(
      `${what} decoded to different pixels: expected SHA-256 ${shard.pixelsSha256}, got ${pixelsHash}`,
      { code: 'integrity', dataset, shard: what, expected: shard.pixelsSha256, actual: pixelsHash },
    );
  }
  if (source.cache && !fromCache) {
    await source.cache.put(url.href, new Response(bytes as Uint8Array<ArrayBuffer>)).catch(() => undefined);
  }
  return decoded;
}

/** Streams verified shards in order, so training can start after the first. */
export async function* streamSplit(
  dataUrl: string,
  dataset: DatasetName,
  split: SplitName,
  options: LoadOptions & { limit?: number } = {},
): AsyncGenerator<LoadedSplit> {
  const loaded = await loadManifest(dataUrl, dataset, options);
  const { manifest } = loaded;
  const info = manifest.splits[split];
  const limit = Math.min(options.limit ?? info.count, info.count);
  const shards: ShardInfo[] = [];
  for (let covered = 0; covered < limit && shards.length < info.shards.length; ) {
    const shard = info.shards[shards.length] as ShardInfo;
    shards.push(shard);
    covered += shard.count;
  }
  const cache = await openShardCache(dataset, loaded.hash);
  const source: ShardSource = { loaded, cache, signal: options.signal };
  const progress: LoadProgress = {
    loadedShards: 0,
    totalShards: shards.length,
    loadedBytes: 0,
    totalBytes: shards.reduce((sum, shard) => sum + shard.bytes, 0),
    examples: 0,
  };
  const shape = [...manifest.shape] as LoadedSplit['shape'];
  const size = imageBytes(manifest);

  // Fetch the next shard while the consumer works on the current one.
  let next = shards.length > 0 ? loadShard(source, shards[0] as ShardInfo) : undefined;
  for (let index = 0; index < shards.length; index++) {
    const shard = shards[index] as ShardInfo;
    const decoded = await (next as ReturnType<typeof loadShard>);
    next = index + 1 < shards.length ? loadShard(source, shards[index + 1] as ShardInfo) : undefined;
    // A failure of the prefetch surfaces when it is awaited, not as an unhandled rejection.
    next?.catch(() => undefined);
    const take = Math.min(shard.count, limit - progress.examples);
    progress.loadedShards += 1;
    progress.loadedBytes += shard.bytes;
    progress.examples += take;
    options.onProgress?.({ ...progress });
    yield {
      manifest,
      images: take === shard.count ? decoded.images : decoded.images.slice(0, take * size),
      labels: take === shard.count ? decoded.labels : decoded.labels.slice(0, take),
      count: take,
      shape,
    };
  }
}

/** Loads a whole split (or its first `limit` examples) into one pair of arrays. */
export async function loadSplit(
  dataUrl: string,
  dataset: DatasetName,
  split: SplitName,
  options: LoadOptions & { limit?: number } = {},
): Promise<LoadedSplit> {
  const parts: LoadedSplit[] = [];
  for await (const part of streamSplit(dataUrl, dataset, split, options)) parts.push(part);
  const first = parts[0];
  if (!first) {
    const { manifest } = await loadManifest(dataUrl, dataset, options);
    return {
      manifest,
      images: new Uint8Array(0),
      labels: new Uint8Array(0),
      count: 0,
      shape: [...manifest.shape],
    };
  }
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const size = imageBytes(first.manifest);
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  let offset = 0;
  for (const part of parts) {
    images.set(part.images, offset * size);
    labels.set(part.labels, offset);
    offset += part.count;
  }
  return { manifest: first.manifest, images, labels, count, shape: first.shape };
}
