import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { PNG } from 'pngjs';
import { Parser, type ReadEntry } from 'tar';
import { decodeJpegRgb } from '../../src/lib/data/jpeg.ts';
import { CIFAR10_CLASS_IDS, type SplitName } from '../../src/lib/data/manifest.ts';
import { CLASS_NAMES } from './class-names.ts';
import type { DatasetSpec, SplitInput } from './data-shards.ts';

/**
 * Reads a CIFAR-10 source into splits. Accepted sources, each as a .tar.gz (or .tar)
 * or as an unpacked folder:
 * - the official binary version (`cifar-10-batches-bin/data_batch_{1..5}.bin`, `test_batch.bin`);
 * - the image-folder layout `[root/]{train,test}/<class>/<name>.{png,jpg,jpeg}`.
 * Archives are read as a stream and checked member by member: absolute paths, `..`,
 * links and anything outside the layout are refused with an error naming the member.
 */

const SIZE = 32;
const IMAGE_BYTES = SIZE * SIZE * 3;
const RECORD_BYTES = 1 + IMAGE_BYTES;
const RECORDS_PER_BATCH = 10_000;
const OFFICIAL_DIR = 'cifar-10-batches-bin';
const OFFICIAL_BATCHES = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
];
const OFFICIAL_TEST = 'test_batch.bin';
const OFFICIAL_EXTRAS = new Set(['batches.meta.txt', 'readme.html']);
const LAYOUT_HINT =
  'expected the official cifar-10-batches-bin/*.bin files or the image-folder layout [root/]{train,test}/<class>/<image>.{png,jpg}';

export class CifarSourceError extends Error {
  override name = 'CifarSourceError';
}

interface ImageMember {
  split: SplitName;
  label: number;
  name: string;
  format: 'png' | 'jpeg';
  bytes: Uint8Array;
}

/** Collects members as they stream by and decides the layout from what it sees. */
class MemberCollector {
  root: string | undefined = undefined;
  layout: 'official' | 'image-folder' | undefined = undefined;
  official = new Map<string, Uint8Array>();
  images: ImageMember[] = [];
  sourceName: string;
  constructor(sourceName: string) {
    this.sourceName = sourceName;
  }

  private fail(member: string, problem: string): never {
    throw new CifarSourceError(`${this.sourceName}: member "${member}" ${problem}`);
  }

  private setLayout(member: string, layout: 'official' | 'image-folder'): void {
    if (this.layout && this.layout !== layout) {
      this.fail(member, `mixes the official binary layout with the image-folder layout; ${LAYOUT_HINT}`);
    }
    this.layout = layout;
  }

  /** `type` is tar's entry type ('File', 'Directory', 'SymbolicLink', …). */
  add(rawPath: string, type: string, bytes: Uint8Array | undefined): void {
    const path = rawPath.replace(/\/+$/, '');
    if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.split('/').includes('..')) {
      this.fail(rawPath, 'has an unsafe path (absolute or containing ".."); refusing to read this archive');
    }
    if (type !== 'File' && type !== 'OldFile' && type !== 'ContiguousFile' && type !== 'Directory') {
      this.fail(rawPath, `is a ${type}; links and special files are not accepted in a dataset archive`);
    }
    const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
    const last = segments.at(-1);
    if (!last) return;
    // Finder's metadata files ride along in archives made on macOS.
    if (last === '.DS_Store' || last.startsWith('._')) return;
    const isDir = type === 'Directory';

    const first = segments[0] as string;
    let rest = segments;
    if (first !== 'train' && first !== 'test' && !first.endsWith('.bin')) {
      if (this.root !== undefined && this.root !== first) {
        this.fail(rawPath, `is outside the archive's top folder "${this.root}"; ${LAYOUT_HINT}`);
      }
      this.root = first;
      rest = segments.slice(1);
    }
    if (rest.length === 0) {
      if (!isDir) this.fail(rawPath, `is an unexpected file; ${LAYOUT_HINT}`);
      return;
    }

    if (this.root === OFFICIAL_DIR || (this.root === undefined && first.endsWith('.bin'))) {
      this.setLayout(rawPath, 'official');
      const name = rest.join('/');
      if (isDir || rest.length !== 1)
        this.fail(rawPath, `is unexpected in the official layout; ${LAYOUT_HINT}`);
      if (OFFICIAL_EXTRAS.has(name)) return;
      if (!OFFICIAL_BATCHES.includes(name) && name !== OFFICIAL_TEST) {
        this.fail(rawPath, `is unexpected in the official layout; ${LAYOUT_HINT}`);
      }
      if (!bytes || bytes.length === 0 || bytes.length % RECORD_BYTES !== 0) {
        this.fail(
          rawPath,
          `has ${bytes?.length ?? 0} bytes, not a whole number of 3,073-byte records (an official batch holds 10,000: ${RECORDS_PER_BATCH * RECORD_BYTES} bytes)`,
        );
      }
      this.official.set(name, bytes);
      return;
    }

    this.setLayout(rawPath, 'image-folder');
    const [split, className, fileName] = rest;
    if (split !== 'train' && split !== 'test') {
      this.fail(rawPath, `is not inside train/ or test/; ${LAYOUT_HINT}`);
    }
    if (rest.length === 1) {
      if (!isDir) this.fail(rawPath, `is an unexpected file; ${LAYOUT_HINT}`);
      return;
    }
    const label = (CIFAR10_CLASS_IDS as readonly string[]).indexOf(className as string);
    if (label < 0) {
      this.fail(
        rawPath,
        `is in an unknown class folder "${className}"; CIFAR-10's classes are ${CIFAR10_CLASS_IDS.join(', ')}`,
      );
    }
    if (rest.length === 2) {
      if (!isDir) this.fail(rawPath, `is a file where a class folder belongs; ${LAYOUT_HINT}`);
      return;
    }
    const format = /\.png$/i.test(fileName as string)
      ? 'png'
      : /\.jpe?g$/i.test(fileName as string)
        ? 'jpeg'
        : undefined;
    if (isDir || rest.length !== 3 || !format || !bytes) {
      this.fail(rawPath, `is unexpected: class folders may hold only .png, .jpg or .jpeg files`);
    }
    this.images.push({ split, label, name: fileName as string, format, bytes });
  }
}

/** Streams a (gzipped) tarball through `collector`, hashing the file on the way. */
function readTarball(
  file: string,
  collector: MemberCollector,
  onBytes: (bytes: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const input = createReadStream(file);
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      input.destroy();
      reject(
        error instanceof CifarSourceError
          ? error
          : new CifarSourceError(
              `${collector.sourceName} is not a readable tar.gz archive: ${(error as Error).message}`,
            ),
      );
    };
    // strict: damaged headers and truncated archives become errors, not warnings.
    const parser = new Parser({ strict: true });
    parser.on('entry', (entry: ReadEntry) => {
      if (failed) return entry.resume();
      const isFile = entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile';
      if (!isFile) {
        try {
          collector.add(entry.path, entry.type, undefined);
        } catch (error) {
          fail(error);
        }
        return entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        if (failed) return;
        try {
          collector.add(entry.path, entry.type, Buffer.concat(chunks));
        } catch (error) {
          fail(error);
        }
      });
    });
    parser.on('error', fail);
    parser.on('end', () => {
      if (!failed) resolve(hash.digest('hex'));
    });
    input.on('error', fail);
    input.on('data', (chunk) => {
      hash.update(chunk as Buffer);
      onBytes((chunk as Buffer).length);
    });
    input.pipe(parser);
  });
}

/** Walks an unpacked source folder in sorted order, hashing paths and contents. */
async function readFolder(
  folder: string,
  collector: MemberCollector,
  onBytes: (bytes: number) => void,
): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const path = relative(folder, full).split(sep).join('/');
      if (entry.isDirectory()) {
        collector.add(`${path}/`, 'Directory', undefined);
        await walk(full);
      } else if (entry.isFile()) {
        const bytes = await readFile(full);
        hash.update(`${path}\0${bytes.length}\0`);
        hash.update(bytes);
        onBytes(bytes.length);
        collector.add(path, 'File', bytes);
      } else {
        collector.add(path, entry.isSymbolicLink() ? 'SymbolicLink' : 'special file', undefined);
      }
    }
  };
  await walk(folder);
  return hash.digest('hex');
}

/** SHA-256 of a source: the file's bytes, or a folder's sorted paths and contents. */
export async function hashCifarSource(path: string): Promise<string> {
  const info = await stat(path);
  if (info.isDirectory()) return readFolder(path, new MemberCollector(path), () => {});
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function decodeImage(image: ImageMember): Uint8Array {
  const what = `${image.split}/${CIFAR10_CLASS_IDS[image.label]}/${image.name}`;
  if (image.format === 'jpeg') return decodeJpegRgb(image.bytes, SIZE, SIZE, what);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(image.bytes));
  } catch (error) {
    throw new CifarSourceError(`${what} is not a readable PNG file (${(error as Error).message})`);
  }
  if (png.width !== SIZE || png.height !== SIZE) {
    throw new CifarSourceError(`${what} is ${png.width}×${png.height} pixels; expected ${SIZE}×${SIZE}`);
  }
  const rgb = new Uint8Array(IMAGE_BYTES);
  for (let pixel = 0; pixel < SIZE * SIZE; pixel++) {
    if (png.data[pixel * 4 + 3] !== 255) {
      throw new CifarSourceError(`${what} has transparent pixels; CIFAR-10 images are opaque RGB`);
    }
    rgb[pixel * 3] = png.data[pixel * 4] as number;
    rgb[pixel * 3 + 1] = png.data[pixel * 4 + 1] as number;
    rgb[pixel * 3 + 2] = png.data[pixel * 4 + 2] as number;
  }
  return rgb;
}

/**
 * Orders one split's images: by name within a class, then class by class in turn
 * (airplane 0, automobile 0, …, truck 0, airplane 1, …), so every shard holds every class
 * and training can start on the first shard.
 */
export function interleaveByClass<T extends { label: number; name: string }>(images: T[]): T[] {
  const byClass = new Map<number, T[]>();
  for (const image of images) {
    const list = byClass.get(image.label);
    if (list) list.push(image);
    else byClass.set(image.label, [image]);
  }
  const lists = [...byClass.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, list]) => list.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })));
  const ordered: T[] = [];
  for (let round = 0; ordered.length < images.length; round++) {
    for (const list of lists) if (round < list.length) ordered.push(list[round] as T);
  }
  return ordered;
}

function officialSplit(batches: Uint8Array[]): SplitInput {
  const count = batches.reduce((sum, batch) => sum + batch.length / RECORD_BYTES, 0);
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * IMAGE_BYTES);
  let index = 0;
  for (const batch of batches) {
    for (let record = 0; record < batch.length / RECORD_BYTES; record++, index++) {
      const offset = record * RECORD_BYTES;
      const label = batch[offset] as number;
      if (label > 9) throw new CifarSourceError(`record ${index} has label ${label}; expected 0–9`);
      labels[index] = label;
      // Records store 1,024 red, then 1,024 green, then 1,024 blue bytes; shards are HWC.
      for (let pixel = 0; pixel < SIZE * SIZE; pixel++) {
        for (let channel = 0; channel < 3; channel++) {
          images[index * IMAGE_BYTES + pixel * 3 + channel] = batch[
            offset + 1 + channel * 1024 + pixel
          ] as number;
        }
      }
    }
  }
  return { labels, images };
}

export interface CifarRead {
  spec: DatasetSpec;
  splits: { train: SplitInput; test: SplitInput };
}

/**
 * Reads and decodes a CIFAR-10 source. `encoding` `auto` keeps JPEG files as they are
 * when every image is a JPEG (a tenth of the bytes of raw pixels, decoded identically
 * by the loader), and stores raw pixels otherwise.
 */
export async function readCifarSource(
  path: string,
  options: { onBytes?: (bytes: number) => void; encoding?: 'auto' | 'raw' } = {},
): Promise<CifarRead> {
  const info = await stat(path).catch(() => {
    throw new CifarSourceError(`CIFAR-10 source ${path} does not exist`);
  });
  const collector = new MemberCollector(path);
  const onBytes = options.onBytes ?? (() => {});
  const sha256 = info.isDirectory()
    ? await readFolder(path, collector, onBytes)
    : await readTarball(path, collector, onBytes);

  if (collector.layout === 'official') {
    const missing = [...OFFICIAL_BATCHES, OFFICIAL_TEST].filter((name) => !collector.official.has(name));
    if (missing.length > 0)
      throw new CifarSourceError(`${path} lacks ${missing.join(', ')} of the official archive`);
    return {
      spec: {
        dataset: 'cifar10',
        encoding: 'raw',
        shape: [SIZE, SIZE, 3],
        classes: CLASS_NAMES.cifar10,
        source: { kind: 'cifar10-binary', description: 'The official CIFAR-10 binary version', sha256 },
        shardSize: 2_000,
      },
      splits: {
        train: officialSplit(OFFICIAL_BATCHES.map((name) => collector.official.get(name) as Uint8Array)),
        test: officialSplit([collector.official.get(OFFICIAL_TEST) as Uint8Array]),
      },
    };
  }
  if (collector.images.length === 0) throw new CifarSourceError(`${path} holds no images; ${LAYOUT_HINT}`);
  const allJpeg = collector.images.every((image) => image.format === 'jpeg');
  const encoding = allJpeg && options.encoding !== 'raw' ? 'jpeg' : 'raw';
  const split = (name: SplitName): SplitInput => {
    const ordered = interleaveByClass(collector.images.filter((image) => image.split === name));
    const images = new Uint8Array(ordered.length * IMAGE_BYTES);
    ordered.forEach((image, index) => {
      images.set(decodeImage(image), index * IMAGE_BYTES);
    });
    return {
      labels: Uint8Array.from(ordered, (image) => image.label),
      images,
      jpegs: encoding === 'jpeg' ? ordered.map((image) => image.bytes) : undefined,
    };
  };
  const formats = allJpeg
    ? 'JPEG'
    : collector.images.some((image) => image.format === 'jpeg')
      ? 'PNG and JPEG'
      : 'PNG';
  return {
    spec: {
      dataset: 'cifar10',
      encoding,
      shape: [SIZE, SIZE, 3],
      classes: CLASS_NAMES.cifar10,
      source: {
        kind: 'image-folder',
        description:
          `CIFAR-10 as ${formats} files in class folders` +
          (allJpeg ? ' (a lossy re-encoding: pixels differ slightly from the official archive)' : ''),
        sha256,
      },
      shardSize: encoding === 'jpeg' ? 5_000 : 2_000,
    },
    splits: { train: split('train'), test: split('test') },
  };
}
