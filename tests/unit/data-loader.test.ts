import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openMnistSource } from '../../scripts/lib/data-mnist';
import { writeDataset } from '../../scripts/lib/data-shards';
import { DatasetError, type LoadProgress, loadSplit, streamSplit } from '../../src/lib/data/loader';
import type { DatasetManifest } from '../../src/lib/data/manifest';
import { serveFolder, writeTinyMnist } from '../fixtures/data/fixtures';

let work: string;
let outDir: string;
let manifest: DatasetManifest;
let source: Awaited<ReturnType<typeof writeTinyMnist>>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'data-loader-'));
  await mkdir(join(work, 'idx'));
  outDir = join(work, 'out');
  source = await writeTinyMnist(join(work, 'idx'), 30, 5);
  const { spec, splits } = await (await openMnistSource(join(work, 'idx'))).read();
  manifest = await writeDataset(outDir, { ...spec, shardSize: 10 }, splits);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the shard loader', () => {
  it('streams verified shards in order with progress', async () => {
    const server = await serveFolder(outDir);
    try {
      const progress: LoadProgress[] = [];
      const parts = [];
      for await (const part of streamSplit(server.url, 'mnist', 'train', {
        onProgress: (p) => progress.push(p),
      })) {
        parts.push(part);
      }
      expect(parts.map((part) => part.count)).toEqual([10, 10, 10]);
      expect(parts[1]?.labels).toEqual(source.train.labels.subarray(10, 20));
      expect(progress.map((p) => p.examples)).toEqual([10, 20, 30]);
      const shardBytes = manifest.splits.train.shards.reduce((sum, shard) => sum + shard.bytes, 0);
      expect(progress.at(-1)).toEqual({
        loadedShards: 3,
        totalShards: 3,
        loadedBytes: shardBytes,
        totalBytes: shardBytes,
        examples: 30,
      });
    } finally {
      await server.close();
    }
  });

  it('rejects a corrupt shard with a DatasetError naming it and both hashes, handing on no data', async () => {
    const server = await serveFolder(outDir, (path, body) => {
      if (!path.endsWith('train-001.bin')) return undefined;
      const tampered = Buffer.from(body);
      tampered[tampered.length >> 1] = (tampered[tampered.length >> 1] as number) ^ 0xff;
      return tampered;
    });
    const shard = manifest.splits.train.shards[1];
    const received: number[] = [];
    try {
      const error = await (async () => {
        try {
          for await (const part of streamSplit(server.url, 'mnist', 'train')) received.push(part.count);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(DatasetError);
      const datasetError = error as DatasetError;
      expect(datasetError.code).toBe('integrity');
      expect(datasetError.shard).toBe('mnist/train-001.bin');
      expect(datasetError.message).toContain(
        `mnist/train-001.bin is corrupt: expected SHA-256 ${shard?.sha256}`,
      );
      expect(datasetError.actual).toMatch(/^[0-9a-f]{64}$/);
      expect(datasetError.actual).not.toBe(shard?.sha256);
      // Only the intact shard before it was handed on.
      expect(received).toEqual([10]);
      await expect(loadSplit(server.url, 'mnist', 'train')).rejects.toThrow(/train-001\.bin is corrupt/);
    } finally {
      await server.close();
    }
  });

  it('retries a shard after a failed answer, a bounded number of times', async () => {
    let failures = 0;
    const flaky = await serveFolder(outDir, (path) => {
      if (path.endsWith('test-000.bin') && failures < 2) {
        failures += 1;
        return 503;
      }
      return undefined;
    });
    try {
      const test = await loadSplit(flaky.url, 'mnist', 'test');
      expect(test.images).toEqual(source.test.images);
      expect(flaky.requests.filter((path) => path.endsWith('test-000.bin'))).toHaveLength(3);
    } finally {
      await flaky.close();
    }
    const down = await serveFolder(outDir, (path) => (path.endsWith('.bin') ? 503 : undefined));
    try {
      await expect(loadSplit(down.url, 'mnist', 'test')).rejects.toThrow(
        /could not download mnist\/test-000\.bin .* after 3 tries \(HTTP 503\)/,
      );
      expect(down.requests.filter((path) => path.endsWith('test-000.bin'))).toHaveLength(3);
    } finally {
      await down.close();
    }
  });

  it('stops when its signal aborts', async () => {
    const server = await serveFolder(outDir);
    try {
      const controller = new AbortController();
      const loading = loadSplit(server.url, 'mnist', 'train', {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('reader left the page')),
      });
      await expect(loading).rejects.toThrow('reader left the page');
    } finally {
      await server.close();
    }
  });

  it('says a dataset is missing when its manifest was never built', async () => {
    const empty = await serveFolder(join(work, 'idx'));
    try {
      const error = await loadSplit(empty.url, 'cifar10', 'train').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).code).toBe('missing');
      expect((error as DatasetError).message).toMatch(/cifar10\/manifest\.json was not found/);
    } finally {
      await empty.close();
    }
  });
});

/** Just enough of the Cache Storage API (which Node lacks) to watch the loader use it. */
class MemoryCacheStorage {
  stores = new Map<string, Map<string, Uint8Array>>();
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  async open(name: string) {
    const store = this.stores.get(name) ?? new Map<string, Uint8Array>();
    this.stores.set(name, store);
    return {
      match: async (url: string) => {
        const bytes = store.get(url);
        return bytes ? new Response(bytes as Uint8Array<ArrayBuffer>) : undefined;
      },
      put: async (url: string, response: Response) => {
        store.set(url, new Uint8Array(await response.arrayBuffer()));
      },
      delete: async (url: string) => store.delete(url),
    };
  }
}

describe('the shard cache', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('serves verified shards again without the network, and drops caches of older builds', async () => {
    const storage = new MemoryCacheStorage();
    vi.stubGlobal('caches', storage);
    const server = await serveFolder(outDir);
    const shardRequests = () => server.requests.filter((path) => path.endsWith('.bin'));
    try {
      const first = await loadSplit(server.url, 'mnist', 'train');
      expect(shardRequests()).toHaveLength(3);
      const again = await loadSplit(server.url, 'mnist', 'train');
      expect(shardRequests()).toHaveLength(3);
      expect(again.images).toEqual(first.images);
      const [name] = await storage.keys();
      expect(name).toMatch(/^ml-guide-data-mnist-[0-9a-f]{16}$/);

      // A damaged cache entry is noticed, thrown away and fetched again.
      const store = storage.stores.get(name as string) as Map<string, Uint8Array>;
      const key = [...store.keys()].find((url) => url.endsWith('train-000.bin')) as string;
      store.set(key, Uint8Array.of(1, 2, 3));
      expect((await loadSplit(server.url, 'mnist', 'train')).images).toEqual(first.images);
      expect(shardRequests()).toHaveLength(4);

      // A rebuilt dataset has a new manifest, hence a new cache; the old one goes.
      const { spec, splits } = await (await openMnistSource(join(work, 'idx'))).read();
      const rebuilt = join(work, 'rebuilt');
      await writeDataset(rebuilt, { ...spec, shardSize: 15 }, splits);
      const newServer = await serveFolder(rebuilt);
      try {
        await loadSplit(newServer.url, 'mnist', 'train');
        const names = await storage.keys();
        expect(names).toHaveLength(1);
        expect(names[0]).not.toBe(name);
      } finally {
        await newServer.close();
      }
    } finally {
      await server.close();
    }
  });
});
