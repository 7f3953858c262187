/**
 * The landing page's picture of a trained model: a few MNIST test digits with the model's
 * top-3 guesses, written once by `npm run hero` (`scripts/hero.ts`) and committed as
 * `src/data/hero/mnist-predictions.json`, so the page shows real predictions without
 * loading TensorFlow.js. This module holds the file's schema, the choice of digits and the
 * pixel encoding, shared by the script and the component.
 */
import { PNG } from 'pngjs';
import { z } from '../schema.ts';

/** MNIST digits are 28×28 grey pixels, one byte each (0 = black background). */
export const DIGIT_SIDE = 28;
const DIGIT_BYTES = DIGIT_SIDE * DIGIT_SIDE;

export const HeroGuessSchema = z.object({
  /** Class 0–9. */
  label: z.number().int().min(0).max(9),
  /** Softmax probability, 0–1. */
  probability: z.number().min(0).max(1),
});

export const HeroDigitSchema = z.object({
  /** Index in the MNIST test split. */
  index: z.number().int().min(0),
  /** The true class. */
  label: z.number().int().min(0).max(9),
  /** The model's three most likely classes, most likely first. */
  top3: z.array(HeroGuessSchema).length(3),
  /** 784 bytes, row by row, base64 (see `encodePixels`). */
  pixels: z.string().min(1),
});

export const HeroPredictionsSchema = z.object({
  /** Always `npm run hero`: generated files say what generated them. */
  generatedBy: z.string().min(1),
  /** The full command line, options included. */
  command: z.string().min(1),
  /** ISO 8601 time of the run. */
  date: z.iso.datetime(),
  /** The catalog's model id, e.g. `mnist-cnn`. */
  model: z.string().min(1),
  /** TF.js backend that trained it (`wasm` or `cpu`). */
  backend: z.string().min(1),
  epochs: z.number().int().min(1),
  trainImages: z.number().int().min(1),
  testImages: z.number().int().min(1),
  /** Accuracy on the whole test split, 0–1. */
  testAccuracy: z.number().min(0).max(1),
  trainSeconds: z.number().min(0),
  digits: z.array(HeroDigitSchema).min(1),
});

export type HeroGuess = z.infer<typeof HeroGuessSchema>;
export type HeroDigit = z.infer<typeof HeroDigitSchema>;
export type HeroPredictions = z.infer<typeof HeroPredictionsSchema>;

/** Parses the committed file, naming the file and the fix when it does not fit the schema. */
export function parseHeroPredictions(data: unknown, source: string): HeroPredictions {
  const parsed = HeroPredictionsSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `${source} is not a hero predictions file (${z.prettifyError(parsed.error)}); regenerate it with \`npm run hero\`.`,
    );
  }
  for (const digit of parsed.data.digits) decodePixels(digit.pixels);
  return parsed.data;
}

/** 784 grey bytes → base64 (about 1 kB a digit: smaller than a JSON array, exact unlike PNG-in-JSON). */
export function encodePixels(pixels: Uint8Array): string {
  if (pixels.length !== DIGIT_BYTES) {
    throw new Error(`A digit has ${DIGIT_BYTES} pixels (28×28 grey); got ${pixels.length}.`);
  }
  return Buffer.from(pixels).toString('base64');
}

export function decodePixels(encoded: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
  if (bytes.length !== DIGIT_BYTES) {
    throw new Error(
      `A hero digit decodes to ${bytes.length} bytes instead of ${DIGIT_BYTES}; regenerate the file with \`npm run hero\`.`,
    );
  }
  return bytes;
}

/**
 * A digit as a `data:image/png` URL (grey, 28×28), for an `<img>` the page's CSP allows
 * (`img-src data:`) and CSS scales up without blurring.
 */
export function digitPngDataUrl(encoded: string): string {
  const grey = decodePixels(encoded);
  const png = new PNG({ width: DIGIT_SIDE, height: DIGIT_SIDE, colorType: 0, inputColorType: 0 });
  png.data = Buffer.from(grey);
  const bytes = PNG.sync.write(png, { colorType: 0, inputColorType: 0 });
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

/** Whether the model's first guess is the true class. */
export function isCorrect(digit: Pick<HeroDigit, 'label' | 'top3'>): boolean {
  return digit.top3[0]?.label === digit.label;
}

export interface ChooseDigitsOptions {
  /** Correct predictions to show: one of each class first, in class order. Default 12. */
  correct?: number;
  /** Wrong predictions to show, the first ones in the split. Default 4. */
  wrong?: number;
}

/**
 * Which test digits the hero shows, from the true and predicted class of every digit:
 * the first correct one of each class 0–9 (then the next correct ones in split order) and the
 * first few mistakes, interleaved so a mistake falls in every row. Deterministic: the same
 * predictions give the same picture.
 */
export function chooseHeroDigits(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options: ChooseDigitsOptions = {},
): number[] {
  const wantCorrect = options.correct ?? 12;
  const wantWrong = options.wrong ?? 4;
  if (labels.length !== predicted.length) {
    throw new Error(`${labels.length} labels but ${predicted.length} predictions; pass one per digit.`);
  }
  const correct: number[] = [];
  const wrong: number[] = [];
  const firstOfClass = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label !== predicted[i]) {
      if (wrong.length < wantWrong) wrong.push(i);
    } else if (!firstOfClass.has(label)) {
      firstOfClass.set(label, i);
    }
  }
  for (const [, index] of [...firstOfClass].sort((a, b) => a[0] - b[0])) {
    if (correct.length < wantCorrect) correct.push(index);
  }
  const taken = new Set(correct);
  for (let i = 0; i < labels.length && correct.length < wantCorrect; i++) {
    if (labels[i] === predicted[i] && !taken.has(i)) correct.push(i);
  }
  if (correct.length < wantCorrect || wrong.length < wantWrong) {
    throw new Error(
      `Found ${correct.length} correct and ${wrong.length} wrong predictions; the hero needs ${wantCorrect} and ${wantWrong}. Use more test digits.`,
    );
  }
  // One mistake every (total / wrong) places, so the picture shows both kinds side by side.
  const total = wantCorrect + wantWrong;
  const every = wantWrong > 0 ? Math.floor(total / wantWrong) : total + 1;
  const out: number[] = [];
  for (let place = 0; place < total; place++) {
    const useWrong = wrong.length > 0 && (place % every === every - 1 || correct.length === 0);
    out.push((useWrong ? wrong.shift() : correct.shift()) as number);
  }
  return out;
}
