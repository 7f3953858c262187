import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { decodeJpegRgb } from '../../src/lib/data/jpeg.ts';
import {
  type ClassName,
  type DatasetManifest,
  type DatasetName,
  imageBytes,
  parseManifest,
  SHARD_FORMAT_VERSION,
  type ShardInfo,
  SPLIT_NAMES,
  type SplitName,
} from '../../src/lib/data/manifest.ts';
import { encodeJpegPayload, encodeRawPayload } from '../../src/lib/data/shard.ts';

/**
 * Bump when the bytes `npm run data` writes change for the same source, so every
 * checkout rebuilds its shards instead of skipping them as current.
 */
export const GENERATOR_VERSION = '2';

const gzipAsync = promisify(gzip);

/** One split's examples: labels plus either decoded pixels (HWC) or JPEG files. */
export interface SplitInput {
  labels: Uint8Array;
  images?: Uint8Array;
  jpegs?: Uint8Array[];
}

export interface DatasetSpec {
  dataset: DatasetName;
  encoding: 'raw' | 'jpeg';
  shape: [number, number, number];
  classes: ClassName[];
  source: DatasetManifest['source'];
  /** Examples per shard: a few MB of compressed data each. */
  shardSize: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes `<outRoot>/<dataset>/` (shards + manifest.json) through a temporary folder that
 * replaces the old one only when everything is written, so an interrupted run leaves the
 * previous shards intact.
 */
export async function writeDataset(
  outRoot: string,
  spec: DatasetSpec,
  splits: Record<SplitName, SplitInput>,
  onShard: (done: number, total: number) => void = () => {},
): Promise<DatasetManifest> {
  const size = imageBytes(spec);
  const [height, width] = spec.shape;
  const finalDir = join(outRoot, spec.dataset);
  const tempDir = join(outRoot, `.${spec.dataset}.tmp-${process.pid}`);
  await rm(tempDir, { recursive: true, force: true });
  await mkdir(tempDir, { recursive: true });

  const plan = SPLIT_NAMES.flatMap((split) => {
    const count = splits[split].labels.length;
    return Array.from({ length: Math.ceil(count / spec.shardSize) }, (_, index) => ({
      split,
      index,
      start: index * spec.shardSize,
      end: Math.min(count, (index + 1) * spec.shardSize),
    }));
  });
  const shards = new Map<string, ShardInfo>();
  let done = 0;
  // Compression runs on libuv's thread pool: keep two shards in flight (CI has two cores).
  const queue = [...plan];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const input = splits[job.split];
      const labels = input.labels.subarray(job.start, job.end);
      let payload: Uint8Array;
      let pixelsSha256: string;
      if (spec.encoding === 'raw') {
        if (!input.images) throw new Error(`${spec.dataset} ${job.split}: raw encoding needs decoded images`);
        const images = input.images.subarray(job.start * size, job.end * size);
        payload = encodeRawPayload(labels, images);
        pixelsSha256 = sha256(images);
      } else {
        if (!input.jpegs) throw new Error(`${spec.dataset} ${job.split}: jpeg encoding needs JPEG files`);
        const files = input.jpegs.slice(job.start, job.end);
        if (input.images) {
          // Decoded by the source reader with this same decoder, naming each file on failure.
          pixelsSha256 = sha256(input.images.subarray(job.start * size, job.end * size));
        } else {
          const hash = createHash('sha256');
          files.forEach((file, offset) => {
            hash.update(decodeJpegRgb(file, height, width, `${job.split} image ${job.start + offset}`));
          });
          pixelsSha256 = hash.digest('hex');
        }
        payload = encodeJpegPayload(labels, files);
      }
      // Level 6: level 9 takes 20× longer on MNIST for 2% fewer bytes.
      const compressed = new Uint8Array(await gzipAsync(payload, { level: 6 }));
      const file = `${job.split}-${String(job.index).padStart(3, '0')}.bin`;
      await writeFile(join(tempDir, file), compressed);
      shards.set(`${job.split}/${job.index}`, {
        file,
        count: job.end - job.start,
        bytes: compressed.length,
        sha256: sha256(compressed),
        pixelsSha256,
      });
      onShard(++done, plan.length);
    }
  };
  try {
    await Promise.all([worker(), worker()]);
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }

  const splitInfo = (split: SplitName) => {
    const labels = splits[split].labels;
    const classCounts = spec.classes.map(() => 0);
    for (const label of labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
    return {
      count: labels.length,
      classCounts,
      shards: plan
        .filter((job) => job.split === split)
        .map((job) => shards.get(`${split}/${job.index}`) as ShardInfo),
    };
  };
  const manifest = parseManifest({
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: spec.dataset,
    generatorVersion: GENERATOR_VERSION,
    source: spec.source,
    shape: spec.shape,
    encoding: spec.encoding,
    classes: spec.classes,
    splits: { train: splitInfo('train'), test: splitInfo('test') },
  });
  await writeFile(join(tempDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  await rm(finalDir, { recursive: true, force: true });
  await rename(tempDir, finalDir);
  return manifest;
}

/** The manifest at `<outRoot>/<dataset>/`, when it is valid and every shard file is there at its size. */
export async function readCurrentManifest(
  outRoot: string,
  dataset: DatasetName,
): Promise<DatasetManifest | undefined> {
  const dir = join(outRoot, dataset);
  let manifest: DatasetManifest;
  try {
    manifest = parseManifest(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
  } catch {
    return undefined;
  }
  for (const split of SPLIT_NAMES) {
    for (const shard of manifest.splits[split].shards) {
      const info = await stat(join(dir, shard.file)).catch(() => undefined);
      if (!info || info.size !== shard.bytes) return undefined;
    }
  }
  return manifest;
}

/** Total bytes of a dataset's files (shards + manifest). */
export async function datasetBytes(outRoot: string, manifest: DatasetManifest): Promise<number> {
  const dir = join(outRoot, manifest.dataset);
  let total = (await stat(join(dir, 'manifest.json'))).size;
  for (const split of SPLIT_NAMES) for (const shard of manifest.splits[split].shards) total += shard.bytes;
  return total;
}
