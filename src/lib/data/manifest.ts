import { z } from '../schema.ts';

/**
 * The shard format shared by `npm run data` (writes it) and the browser/worker loader
 * (reads it). One `manifest.json` per dataset lists its splits and their shards.
 *
 * A shard file (`<split>-<nnn>.bin`) is gzip of a payload; the payload layout depends on `encoding`:
 * - `raw`:  `count` label bytes, then `count × height × width × channels` pixel bytes (HWC).
 * - `jpeg`: `count` label bytes, `count` little-endian uint32 byte lengths, then the
 *   JPEG files back to back. Used only when the source images are JPEG files: the
 *   reader decodes them with the same decoder the build used (jpeg-js), so the pixels
 *   are identical to the decoded source, and `pixelsSha256` proves it at load time.
 */
export const SHARD_FORMAT_VERSION = 1;

export const DATASET_NAMES = ['mnist', 'cifar10'] as const;
export const SPLIT_NAMES = ['train', 'test'] as const;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

export const ShardSchema = z.object({
  /**
   * File name relative to the manifest's folder, e.g. `train-000.bin`. Not `.gz`: static
   * servers (astro preview among them) send `.gz` files with `Content-Encoding: gzip`, and
   * the browser would then hand the loader decompressed bytes that fail the hash.
   */
  file: z.string().regex(/^[a-z0-9-]+\.bin$/, 'a plain shard file name'),
  /** Examples in this shard. */
  count: z.number().int().positive(),
  /** Size of the shard file in bytes (what is fetched). */
  bytes: z.number().int().positive(),
  /** SHA-256 of the shard file, checked before anything is decompressed. */
  sha256: Sha256Schema,
  /** SHA-256 of the decoded pixels (count × H × W × C bytes), checked after decoding. */
  pixelsSha256: Sha256Schema,
});

export const SplitSchema = z.object({
  /** Examples in the split. */
  count: z.number().int().nonnegative(),
  /** Examples per class, indexed by label. */
  classCounts: z.array(z.number().int().nonnegative()),
  shards: z.array(ShardSchema),
});

export const ClassNameSchema = z.object({ en: z.string().min(1), ja: z.string().min(1) });

export const DatasetManifestSchema = z
  .object({
    /** Shard format version; the loader refuses others. */
    formatVersion: z.literal(SHARD_FORMAT_VERSION),
    dataset: z.enum(DATASET_NAMES),
    /** Version of the generator that wrote these shards (bump to rebuild everywhere). */
    generatorVersion: z.string().min(1),
    source: z.object({
      /** What the shards were built from, e.g. `mnist-idx`, `cifar10-binary`, `image-folder`. */
      kind: z.string().min(1),
      /** A human-readable description (file name, notes on lossy re-encodings). */
      description: z.string(),
      /** SHA-256 of the source (archive file, or the listing and contents of a folder). */
      sha256: Sha256Schema,
    }),
    /** [height, width, channels] of every image. */
    shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
    encoding: z.enum(['raw', 'jpeg']),
    /** Class names by label, in both languages. */
    classes: z.array(ClassNameSchema).min(2),
    splits: z.object({ train: SplitSchema, test: SplitSchema }),
  })
  .superRefine((manifest, context) => {
    for (const name of SPLIT_NAMES) {
      const split = manifest.splits[name];
      const shardTotal = split.shards.reduce((sum, shard) => sum + shard.count, 0);
      if (shardTotal !== split.count) {
        context.addIssue({
          code: 'custom',
          path: ['splits', name, 'count'],
          message: `split ${name} says ${split.count} examples but its shards hold ${shardTotal}`,
        });
      }
      if (split.classCounts.length !== manifest.classes.length) {
        context.addIssue({
          code: 'custom',
          path: ['splits', name, 'classCounts'],
          message: `expected ${manifest.classes.length} class counts, got ${split.classCounts.length}`,
        });
      }
    }
  });

export type DatasetName = (typeof DATASET_NAMES)[number];
export type SplitName = (typeof SPLIT_NAMES)[number];
export type ShardInfo = z.infer<typeof ShardSchema>;
export type SplitInfo = z.infer<typeof SplitSchema>;
export type ClassName = z.infer<typeof ClassNameSchema>;
export type DatasetManifest = z.infer<typeof DatasetManifestSchema>;

/** Parses and validates a manifest; throws a readable message naming the bad fields. */
export function parseManifest(json: unknown, where = 'manifest.json'): DatasetManifest {
  const result = DatasetManifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(
      `${where} is not a valid dataset manifest (${problems}). Rebuild it with \`npm run data\`.`,
    );
  }
  return result.data;
}

/** Bytes of one image. */
export function imageBytes(manifest: Pick<DatasetManifest, 'shape'>): number {
  const [height, width, channels] = manifest.shape;
  return height * width * channels;
}

/** CIFAR-10's class ids by label: the names its archive (`batches.meta.txt`) and image folders use. */
export const CIFAR10_CLASS_IDS = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

/** The interface-string key of a CIFAR-10 class's translated label (`src/content/i18n/{ja,en}.json`). */
export function cifarClassKey(label: number): string {
  return `trainer.class.cifar10.${label}`;
}

/**
 * Class names by label in both languages, as a manifest stores them: MNIST's are the digits;
 * CIFAR-10's come from the interface strings (the one place their translations live).
 */
export function classNames(
  dataset: DatasetName,
  strings: Readonly<Record<'en' | 'ja', Readonly<Record<string, string>>>>,
): ClassName[] {
  if (dataset === 'mnist')
    return Array.from({ length: 10 }, (_, digit) => ({ en: String(digit), ja: String(digit) }));
  return CIFAR10_CLASS_IDS.map((id, label) => {
    const key = cifarClassKey(label);
    const en = strings.en[key];
    const ja = strings.ja[key];
    if (!en || !ja)
      throw new Error(
        `The interface strings lack '${key}' (class '${id}'); add it to src/content/i18n/{en,ja}.json.`,
      );
    return { en, ja };
  });
}
