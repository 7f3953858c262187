import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  chooseHeroDigits,
  decodePixels,
  digitPngDataUrl,
  encodePixels,
  isCorrect,
  parseHeroPredictions,
} from '../../src/lib/site/hero-predictions';

const FILE = 'src/data/hero/mnist-predictions.json';

describe('choosing the hero digits', () => {
  // Ten digits of each class in turn (0,1,…,9,0,1,…); the model gets index 3 (a 3) and every
  // 7 after the first wrong.
  const labels = Array.from({ length: 60 }, (_, i) => i % 10);
  const predicted = labels.map((label, i) => (i === 3 || (label === 7 && i > 7) ? (label + 1) % 10 : label));

  it('shows one correct digit of each class first, then mistakes in every row of four', () => {
    const chosen = chooseHeroDigits(labels, predicted, { correct: 12, wrong: 4 });
    expect(chosen).toHaveLength(16);
    const wrongPlaces = chosen.flatMap((index, place) => (labels[index] !== predicted[index] ? [place] : []));
    expect(wrongPlaces).toEqual([3, 7, 11, 15]);
    const correct = chosen.filter((index) => labels[index] === predicted[index]);
    expect(correct.slice(0, 10).map((index) => labels[index])).toEqual(
      [0, 1, 2, 13, 4, 5, 6, 7, 8, 9].map((i) => i % 10),
    );
    expect(new Set(chosen).size).toBe(16);
  });

  it('is deterministic: the same predictions give the same picture', () => {
    expect(chooseHeroDigits(labels, predicted)).toEqual(chooseHeroDigits(labels, predicted));
  });

  it('says how many it found when there are too few mistakes', () => {
    expect(() => chooseHeroDigits([1, 2, 3], [1, 2, 3], { correct: 2, wrong: 1 })).toThrow(
      /Found 2 correct and 0 wrong predictions; the hero needs 2 and 1/,
    );
    expect(() => chooseHeroDigits([1, 2], [1])).toThrow(/2 labels but 1 predictions/);
  });
});

describe('hero digit pixels', () => {
  const pixels = Uint8Array.from({ length: 784 }, (_, i) => (i * 7) % 256);

  it('round-trip through the base64 encoding', () => {
    expect(decodePixels(encodePixels(pixels))).toEqual(pixels);
  });

  it('become a 28×28 grey PNG with the same pixels', () => {
    const url = digitPngDataUrl(encodePixels(pixels));
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from(url.split(',')[1] as string, 'base64'));
    expect([png.width, png.height]).toEqual([28, 28]);
    // RGBA after decoding: every pixel's red channel is the grey value.
    expect(Array.from({ length: 784 }, (_, i) => png.data[i * 4])).toEqual(Array.from(pixels));
  });

  it('refuse a digit of the wrong size, naming the fix', () => {
    expect(() => encodePixels(new Uint8Array(100))).toThrow(/784 pixels \(28×28 grey\); got 100/);
    expect(() => decodePixels('AAAA')).toThrow(/npm run hero/);
  });
});

describe('the committed hero file (npm run hero)', () => {
  const hero = parseHeroPredictions(JSON.parse(readFileSync(FILE, 'utf8')), FILE);

  it('names its command and a model of the guide, measured on the whole test split', () => {
    expect(hero.generatedBy).toBe('npm run hero');
    expect(hero.command).toMatch(/^npm run hero\b/);
    expect(['mnist-mlp', 'mnist-cnn']).toContain(hero.model);
    expect(hero.testImages).toBe(10_000);
    expect(hero.testAccuracy).toBeGreaterThan(0.9);
  });

  it('holds right and wrong predictions, with top-3 probabilities in falling order', () => {
    expect(hero.digits.length).toBeGreaterThanOrEqual(12);
    expect(hero.digits.some(isCorrect)).toBe(true);
    expect(hero.digits.some((digit) => !isCorrect(digit))).toBe(true);
    for (const digit of hero.digits) {
      const [a, b, c] = digit.top3.map((guess) => guess.probability) as [number, number, number];
      expect(a).toBeGreaterThanOrEqual(b);
      expect(b).toBeGreaterThanOrEqual(c);
      expect(a + b + c).toBeLessThanOrEqual(1.001);
    }
  });

  it('is rejected with the command to run when a field is missing', () => {
    expect(() => parseHeroPredictions({ ...hero, digits: undefined }, FILE)).toThrow(/npm run hero/);
  });
});
