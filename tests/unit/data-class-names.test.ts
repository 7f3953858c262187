import { describe, expect, it } from 'vitest';
import { CLASS_NAMES } from '../../scripts/lib/class-names';
import en from '../../src/content/i18n/en.json';
import ja from '../../src/content/i18n/ja.json';
import { CIFAR10_CLASS_IDS, cifarClassKey, classNames } from '../../src/lib/data/manifest';

describe('class names', () => {
  it('take CIFAR-10 labels from the interface strings, one per class id', () => {
    expect(CLASS_NAMES.cifar10).toHaveLength(CIFAR10_CLASS_IDS.length);
    expect(CLASS_NAMES.cifar10[6]).toEqual({
      en: (en as Record<string, string>)[cifarClassKey(6)],
      ja: (ja as Record<string, string>)[cifarClassKey(6)],
    });
    // The English label is the class id the archive and image folders use.
    expect(CLASS_NAMES.cifar10.map((name) => name.en)).toEqual([...CIFAR10_CLASS_IDS]);
    expect(CLASS_NAMES.mnist.map((name) => name.ja)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('name the missing interface string and where to add it', () => {
    expect(() => classNames('cifar10', { en: {}, ja: {} })).toThrow(
      "The interface strings lack 'trainer.class.cifar10.0' (class 'airplane'); add it to src/content/i18n/{en,ja}.json.",
    );
  });
});
