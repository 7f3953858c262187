import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/lib/data-build';
import { interleaveByClass, readCifarSource } from '../../scripts/lib/data-cifar';
import { downloadOnce } from '../../scripts/lib/data-download';
import { openMnistSource } from '../../scripts/lib/data-mnist';
import { writeDataset } from '../../scripts/lib/data-shards';
import { loadSplit } from '../../src/lib/data/loader';
import {
  cifarRecord,
  jpegFile,
  pngFile,
  rgbPicture,
  serveFolder,
  type TarMember,
  type TestServer,
  tarBytes,
  writeTinyMnist,
} from '../fixtures/data/fixtures';

let work: string;
let server: TestServer;
let outDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'data-build-'));
  outDir = join(work, 'out');
  await mkdir(outDir);
  server = await serveFolder(outDir);
});

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

async function writeSource(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(work, name);
  await writeFile(path, bytes);
  return path;
}

/** Builds a CIFAR-10 source into `outDir` and loads both splits back through the browser's loader. */
async function buildAndLoadCifar(path: string) {
  const { spec, splits } = await readCifarSource(path);
  const manifest = await writeDataset(outDir, spec, splits);
  const train = await loadSplit(server.url, 'cifar10', 'train');
  const test = await loadSplit(server.url, 'cifar10', 'test');
  return { manifest, train, test };
}

function decodePng(bytes: Uint8Array): Uint8Array {
  const png = PNG.sync.read(Buffer.from(bytes));
  return Uint8Array.from(
    { length: 32 * 32 * 3 },
    (_, index) => png.data[Math.floor(index / 3) * 4 + (index % 3)] as number,
  );
}

function decodeJpeg(bytes: Uint8Array): Uint8Array {
  return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false }).data;
}

describe('MNIST shards from IDX files', () => {
  it('hold the same images and labels as the IDX files when read back by the loader', async () => {
    const folder = join(work, 'mnist');
    await mkdir(folder);
    const source = await writeTinyMnist(folder, 25, 7);
    const { spec, splits } = await (await openMnistSource(folder)).read();
    // Small shards, so the loader has to stitch several together.
    const manifest = await writeDataset(outDir, { ...spec, shardSize: 10 }, splits);
    expect(manifest.splits.train.shards.map((shard) => shard.count)).toEqual([10, 10, 5]);

    const train = await loadSplit(server.url, 'mnist', 'train');
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.count).toBe(25);
    expect(train.images).toEqual(source.train.images);
    expect(train.labels).toEqual(source.train.labels);
    const test = await loadSplit(server.url, 'mnist', 'test');
    expect(test.images).toEqual(source.test.images);
    expect(test.labels).toEqual(source.test.labels);
    expect(manifest.splits.test.classCounts.reduce((a, b) => a + b)).toBe(7);

    const firstTwelve = await loadSplit(server.url, 'mnist', 'train', { limit: 12 });
    expect(firstTwelve.count).toBe(12);
    expect(firstTwelve.images).toEqual(source.train.images.subarray(0, 12 * 784));
  });

  it('refuses an IDX file with a wrong magic number or a truncated one, naming the file', async () => {
    const folder = join(work, 'mnist-bad');
    await mkdir(folder);
    await writeTinyMnist(folder, 4, 2);
    await writeFile(join(folder, 't10k-images-idx3-ubyte'), Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3, 4));
    const broken = await openMnistSource(folder);
    await expect(broken.read()).rejects.toThrow(
      /t10k-images-idx3-ubyte has the wrong magic number 0x1f8b0800/,
    );

    await writeTinyMnist(folder, 4, 2);
    const { readFile } = await import('node:fs/promises');
    const labels = await readFile(join(folder, 'train-labels-idx1-ubyte'));
    await writeFile(join(folder, 'train-labels-idx1-ubyte'), labels.subarray(0, labels.length - 1));
    await expect((await openMnistSource(folder)).read()).rejects.toThrow(
      /train-labels-idx1-ubyte is truncated/,
    );
  });
});

describe('CIFAR-10 shards', () => {
  const pictures = Array.from({ length: 6 }, (_, index) => rgbPicture(index));

  it('come from the official binary format, pixels reordered from planes to HWC', async () => {
    const batch = (labels: number[], from: number) =>
      Buffer.concat(labels.map((label, index) => cifarRecord(label, pictures[from + index] as Uint8Array)));
    const members: TarMember[] = [
      { path: 'cifar-10-batches-bin/' },
      { path: 'cifar-10-batches-bin/batches.meta.txt', data: Buffer.from('airplane\n') },
      ...[1, 2, 3, 4, 5].map((n) => ({
        path: `cifar-10-batches-bin/data_batch_${n}.bin`,
        data: batch([n, 9], n - 1),
      })),
      { path: 'cifar-10-batches-bin/test_batch.bin', data: batch([3], 5) },
    ];
    const { manifest, train, test } = await buildAndLoadCifar(
      await writeSource('official.tar.gz', tarBytes(members)),
    );
    expect(manifest.source.kind).toBe('cifar10-binary');
    expect(manifest.encoding).toBe('raw');
    expect(train.count).toBe(10);
    expect([...train.labels]).toEqual([1, 9, 2, 9, 3, 9, 4, 9, 5, 9]);
    // Batch n's first record holds picture n - 1.
    expect(train.images.subarray(0, 3072)).toEqual(pictures[0]);
    expect(train.images.subarray(4 * 3072, 5 * 3072)).toEqual(pictures[2]);
    expect(test.images).toEqual(pictures[5]);
    expect([...test.labels]).toEqual([3]);
  });

  it('come from an image-folder tar.gz with a PNG and a JPEG, equal to the decoded files', async () => {
    const png = pngFile(pictures[0] as Uint8Array);
    const jpg = jpegFile(pictures[1] as Uint8Array);
    const members: TarMember[] = [
      { path: 'cifar/' },
      { path: 'cifar/train/' },
      { path: 'cifar/train/cat/' },
      { path: 'cifar/train/cat/0001.png', data: png },
      { path: 'cifar/test/truck/0001.jpg', data: jpg },
    ];
    const { manifest, train, test } = await buildAndLoadCifar(
      await writeSource('folder.tar.gz', tarBytes(members)),
    );
    expect(manifest.encoding).toBe('raw');
    expect(manifest.splits.train.classCounts[3]).toBe(1);
    expect([...train.labels]).toEqual([3]);
    expect(train.images).toEqual(decodePng(png));
    // PNG is lossless: exactly the picture.
    expect(train.images).toEqual(pictures[0]);
    expect([...test.labels]).toEqual([9]);
    expect(test.images).toEqual(decodeJpeg(jpg));
  });

  it('keep JPEG files as they are when every image is a JPEG, still decoding to the same pixels', async () => {
    const folder = join(work, 'jpeg-folder');
    const files: { split: string; className: string; name: string; bytes: Uint8Array }[] = [];
    for (const [index, className] of ['airplane', 'airplane', 'ship', 'frog'].entries()) {
      files.push({
        split: 'train',
        className,
        name: `${index}.jpg`,
        bytes: jpegFile(pictures[index] as Uint8Array),
      });
    }
    files.push({
      split: 'test',
      className: 'dog',
      name: '0.jpeg',
      bytes: jpegFile(pictures[5] as Uint8Array, 90),
    });
    for (const file of files) {
      await mkdir(join(folder, file.split, file.className), { recursive: true });
      await writeFile(join(folder, file.split, file.className, file.name), file.bytes);
    }
    const { manifest, train, test } = await buildAndLoadCifar(folder);
    expect(manifest.encoding).toBe('jpeg');
    // Interleaved class by class: airplane 0, frog 3, ship 2, airplane 1.
    expect([...train.labels]).toEqual([0, 6, 8, 0]);
    const order = [0, 3, 2, 1];
    order.forEach((fileIndex, position) => {
      expect(train.images.subarray(position * 3072, (position + 1) * 3072)).toEqual(
        decodeJpeg((files[fileIndex] as { bytes: Uint8Array }).bytes),
      );
    });
    expect(test.images).toEqual(decodeJpeg((files[4] as { bytes: Uint8Array }).bytes));
  });

  it('interleave classes so that every shard holds every class', () => {
    const images = ['b2', 'a10', 'a2', 'b1', 'c1', 'a1'].map((name) => ({
      name,
      label: name.charCodeAt(0) - 97,
    }));
    expect(interleaveByClass(images).map((image) => image.name)).toEqual([
      'a1',
      'b1',
      'c1',
      'a2',
      'b2',
      'a10',
    ]);
  });

  const png = () => pngFile(rgbPicture(1));
  it.each<[string, TarMember[], RegExp]>([
    [
      'a path-traversal member',
      [{ path: 'train/cat/../../../evil.png', data: png() }],
      /"train\/cat\/\.\.\/\.\.\/\.\.\/evil\.png" has an unsafe path/,
    ],
    [
      'an absolute path',
      [{ path: '/etc/cifar/train/cat/1.png', data: png() }],
      /"\/etc\/cifar\/train\/cat\/1\.png" has an unsafe path/,
    ],
    [
      'a symbolic link',
      [{ path: 'train/cat/1.png', type: 'SymbolicLink', linkpath: '/etc/passwd' }],
      /"train\/cat\/1\.png" is a SymbolicLink; links/,
    ],
    [
      'a hard link',
      [{ path: 'train/cat/1.png', type: 'Link', linkpath: 'train/cat/0.png' }],
      /is a Link; links/,
    ],
    [
      'an unknown class folder',
      [{ path: 'train/unicorn/1.png', data: png() }],
      /unknown class folder "unicorn"; CIFAR-10's classes are airplane, automobile/,
    ],
    [
      'a file outside the split folders',
      [{ path: 'valid/cat/1.png', data: png() }],
      /"valid\/cat\/1\.png" is not inside train\/ or test\//,
    ],
    [
      'an unexpected file type',
      [{ path: 'train/cat/notes.txt', data: Buffer.from('hi') }],
      /only \.png, \.jpg or \.jpeg files/,
    ],
    [
      'a wrongly sized image',
      [
        {
          path: 'train/cat/1.png',
          data: (() => {
            const p = new PNG({ width: 8, height: 8 });
            p.data.fill(255);
            return PNG.sync.write(p);
          })(),
        },
      ],
      /train\/cat\/1\.png is 8×8 pixels; expected 32×32/,
    ],
    [
      'a damaged official batch',
      [{ path: 'cifar-10-batches-bin/data_batch_1.bin', data: new Uint8Array(3073 * 2 - 5) }],
      /data_batch_1\.bin" has 6141 bytes, not a whole number of 3,073-byte records/,
    ],
  ])('refuse a source with %s, naming the member', async (_, members, message) => {
    const path = await writeSource('bad.tar.gz', tarBytes(members));
    await expect(readCifarSource(path)).rejects.toThrow(message);
  });

  it('refuse a truncated archive', async () => {
    const whole = tarBytes([{ path: 'train/cat/1.png', data: pngFile(rgbPicture(2)) }]);
    const path = await writeSource('truncated.tar.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(readCifarSource(path)).rejects.toThrow(
      /truncated\.tar\.gz is not a readable tar\.gz archive/,
    );
  });
});

describe('npm run data', () => {
  it('downloads the official archive once, checks its md5 and builds CIFAR-10 from it', async () => {
    const served = join(work, 'official-served');
    await mkdir(join(served, 'cifar-10-batches-bin'), { recursive: true });
    const record = (label: number) => cifarRecord(label, rgbPicture(label));
    const files = [1, 2, 3, 4, 5].map((n) => ({
      path: `cifar-10-batches-bin/data_batch_${n}.bin`,
      data: record(n),
    }));
    files.push({ path: 'cifar-10-batches-bin/test_batch.bin', data: record(7) });
    const archive = tarBytes(files);
    await writeFile(join(served, 'cifar-10-binary.tar.gz'), archive);
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update(archive).digest('hex');
    const host = await serveFolder(served);
    const out = join(work, 'downloaded-out');
    const options = {
      outDir: out,
      cacheDir: join(work, 'official-cache'),
      download: { url: `${host.url}cifar-10-binary.tar.gz`, md5 },
      log: () => {},
      warn: (line: string) => {
        throw new Error(`unexpected warning: ${line}`);
      },
    };
    try {
      const result = await buildData(options);
      expect(result.cifar10.status).toBe('built');
      expect(result.cifar10.manifest?.source.kind).toBe('cifar10-binary');
      expect(result.cifar10.manifest?.splits.train.count).toBe(5);
      const again = await buildData({ ...options, force: true });
      expect(again.cifar10.status).toBe('built');
      // The second run reused the downloaded file.
      expect(host.requests.filter((path) => path.endsWith('.tar.gz'))).toHaveLength(1);
    } finally {
      await host.close();
    }

    // The same files unpacked into a folder are a source too.
    for (const file of files) await writeFile(join(served, file.path), file.data);
    const fromFolder = await readCifarSource(join(served, 'cifar-10-batches-bin'));
    expect(fromFolder.spec.source.kind).toBe('cifar10-binary');
    expect([...fromFolder.splits.test.labels]).toEqual([7]);
    expect(fromFolder.splits.test.images).toEqual(rgbPicture(7));
  }, 120_000);

  it('refuses a download whose md5 does not match, and deletes it', async () => {
    const served = join(work, 'served');
    await mkdir(served, { recursive: true });
    await writeFile(join(served, 'cifar.tar.gz'), Buffer.from('not the archive'));
    const host = await serveFolder(served);
    const target = join(work, 'cache', 'cifar-10-binary.tar.gz');
    try {
      await expect(
        downloadOnce(target, { url: `${host.url}cifar.tar.gz`, md5: 'c32a1d4ab5d03f1284b67883e8d87530' }),
      ).rejects.toThrow(/arrived with md5 [0-9a-f]{32}; expected c32a1d4ab5d03f1284b67883e8d87530/);
      const { existsSync } = await import('node:fs');
      expect(existsSync(target) || existsSync(`${target}.part`)).toBe(false);
    } finally {
      await host.close();
    }
  });

  it('builds MNIST, warns with the command for CIFAR-10 when offline, and then skips what is current', async () => {
    const out = join(work, 'public-data');
    const warnings: string[] = [];
    const logs: string[] = [];
    const options = {
      outDir: out,
      cacheDir: join(work, 'download-cache'),
      // A port nobody listens on stands for "offline".
      download: { url: 'http://127.0.0.1:9/cifar-10-binary.tar.gz', connectTimeoutMs: 2_000 },
      log: (line: string) => logs.push(line),
      warn: (line: string) => warnings.push(line),
    };
    const first = await buildData(options);
    expect(first.mnist.status).toBe('built');
    expect(first.cifar10.status).toBe('missing');
    expect(warnings.join('\n')).toMatch(/CIFAR-10 was not built: could not reach http:\/\/127\.0\.0\.1:9/);
    expect(warnings.join('\n')).toContain('npm run data -- --cifar10-source <path>');

    const second = await buildData(options);
    expect(second.mnist.status).toBe('current');
    expect(logs.some((line) => /^mnist: current/.test(line))).toBe(true);
  }, 120_000);
});
