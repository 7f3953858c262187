import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import jpeg from 'jpeg-js';
import { Parser, type ReadEntry } from 'tar';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { CLASS_NAMES } from '../../scripts/lib/class-names';
import { interleaveByClass } from '../../scripts/lib/data-cifar';
import { MNIST_FILES, mnistDataFolder } from '../../scripts/lib/data-mnist';
import { parseIdx } from '../../src/lib/data/idx';
import { loadSplit } from '../../src/lib/data/loader';
import {
  CIFAR10_CLASS_IDS,
  type DatasetManifest,
  type DatasetName,
  parseManifest,
} from '../../src/lib/data/manifest';
import { gunzip, sha256Hex } from '../../src/lib/data/shard';
import { serveFolder, type TestServer } from '../fixtures/data/fixtures';

/**
 * Checks the shards `npm run data` wrote into public/data (npm's `pretest:unit` builds
 * them). Locally a missing CIFAR-10 build is skipped with the reason; in CI it fails,
 * since .ci/run hands `npm run data` a CIFAR-10 source.
 */
const DATA = resolve('public/data');
const MISSING_HINT = {
  mnist: 'public/data/mnist is absent: run `npm run data`',
  cifar10:
    'public/data/cifar10 is absent: run `npm run data -- --cifar10-source ../shared/datasets/cifar10-jpeg.tar.gz` (or let it download the official archive)',
};
let server: TestServer;

beforeAll(async () => {
  server = await serveFolder(DATA);
});
afterAll(async () => {
  await server?.close();
});

async function manifestOrSkip(dataset: DatasetName, context: TestContext): Promise<DatasetManifest> {
  const path = join(DATA, dataset, 'manifest.json');
  if (!existsSync(path)) {
    if (process.env.CI) throw new Error(`${MISSING_HINT[dataset]} (CI must build it before the unit tests)`);
    context.skip(MISSING_HINT[dataset]);
  }
  return parseManifest(JSON.parse(await readFile(path, 'utf8')));
}

async function totalBytes(dataset: string): Promise<number> {
  const manifest = parseManifest(JSON.parse(await readFile(join(DATA, dataset, 'manifest.json'), 'utf8')));
  let total = (await stat(join(DATA, dataset, 'manifest.json'))).size;
  for (const split of ['train', 'test'] as const) {
    for (const shard of manifest.splits[split].shards)
      total += (await stat(join(DATA, dataset, shard.file))).size;
  }
  return total;
}

describe('the real MNIST shards', () => {
  it('hold all 70,000 images and labels of the IDX files, in at most 12 MB', async (context) => {
    const manifest = await manifestOrSkip('mnist', context);
    expect(manifest.splits.train.count + manifest.splits.test.count).toBe(70_000);
    for (const split of ['train', 'test'] as const) {
      const files = MNIST_FILES[split];
      const images = parseIdx(await readFile(join(mnistDataFolder(), files.images)));
      const labels = parseIdx(await readFile(join(mnistDataFolder(), files.labels)));
      const loaded = await loadSplit(server.url, 'mnist', split);
      expect(loaded.count).toBe(split === 'train' ? 60_000 : 10_000);
      expect(loaded.shape).toEqual([28, 28, 1]);
      // Buffer.compare: byte-for-byte and fast on 47 MB.
      expect(Buffer.compare(loaded.images, images.data)).toBe(0);
      expect(Buffer.compare(loaded.labels, labels.data)).toBe(0);
    }
    expect(await totalBytes('mnist')).toBeLessThanOrEqual(12_000_000);
  });
});

describe('the real CIFAR-10 shards', () => {
  it('hold 60,000 images, 6,000 per class, in fewer bytes than the raw pixels', async (context) => {
    const manifest = await manifestOrSkip('cifar10', context);
    expect(manifest.classes).toEqual(CLASS_NAMES.cifar10);
    const perClass = new Array(10).fill(0);
    for (const split of ['train', 'test'] as const) {
      for (const shard of manifest.splits[split].shards) {
        const bytes = new Uint8Array(await readFile(join(DATA, 'cifar10', shard.file)));
        expect(await sha256Hex(bytes)).toBe(shard.sha256);
        // Both shard encodings start with the shard's labels.
        for (const label of (await gunzip(bytes)).subarray(0, shard.count)) perClass[label] += 1;
      }
    }
    expect(manifest.splits.train.count).toBe(50_000);
    expect(manifest.splits.test.count).toBe(10_000);
    expect(perClass).toEqual(new Array(10).fill(6_000));
    expect(await totalBytes('cifar10')).toBeLessThan(184_320_000);
  });

  it('decode to exactly the pixels of the source images (whole test split)', async (context) => {
    const manifest = await manifestOrSkip('cifar10', context);
    const sourcePath = resolve(process.env.CIFAR10_SOURCE || '../shared/datasets/cifar10-jpeg.tar.gz');
    if (
      manifest.source.kind !== 'image-folder' ||
      !existsSync(sourcePath) ||
      !sourcePath.endsWith('.tar.gz')
    ) {
      if (process.env.CI)
        throw new Error(`CI should build CIFAR-10 from the image-folder archive at ${sourcePath}`);
      context.skip(
        `the shards were not built from an image-folder tar.gz at ${sourcePath}; nothing to compare with`,
      );
    }
    // Read the test images straight from the archive, independently of the build's reader.
    const sourceImages: { name: string; label: number; bytes: Buffer }[] = [];
    await new Promise<void>((done, fail) => {
      const parser = new Parser({
        onReadEntry: (entry: ReadEntry) => {
          const match = /(?:^|\/)test\/([a-z]+)\/([^/]+\.jpe?g)$/.exec(entry.path);
          if (!match) return entry.resume();
          const chunks: Buffer[] = [];
          entry.on('data', (chunk: Buffer) => chunks.push(chunk));
          entry.on('end', () => {
            const label = (CIFAR10_CLASS_IDS as readonly string[]).indexOf(match[1] as string);
            sourceImages.push({ name: match[2] as string, label, bytes: Buffer.concat(chunks) });
          });
        },
      });
      parser.on('end', done);
      parser.on('error', fail);
      createReadStream(sourcePath).pipe(parser);
    });
    expect(sourceImages).toHaveLength(10_000);
    const loaded = await loadSplit(server.url, 'cifar10', 'test');
    expect(loaded.shape).toEqual([32, 32, 3]);
    interleaveByClass(sourceImages).forEach((image, index) => {
      const pixels = jpeg.decode(image.bytes, { useTArray: true, formatAsRGBA: false }).data;
      expect(loaded.labels[index]).toBe(image.label);
      if (Buffer.compare(loaded.images.subarray(index * 3072, (index + 1) * 3072), pixels) !== 0) {
        throw new Error(
          `test image ${index} (${CIFAR10_CLASS_IDS[image.label]}/${image.name}) differs from its source`,
        );
      }
    });
  }, 180_000);
});
