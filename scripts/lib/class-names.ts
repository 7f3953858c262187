/**
 * The class names `npm run data` writes into each manifest: MNIST's digits, CIFAR-10's labels
 * from the site's interface strings, so a translation is changed in one place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClassName, classNames, type DatasetName } from '../../src/lib/data/manifest.ts';

const I18N = join(import.meta.dirname, '../../src/content/i18n');

function strings(lang: 'en' | 'ja'): Record<string, string> {
  return JSON.parse(readFileSync(join(I18N, `${lang}.json`), 'utf8')) as Record<string, string>;
}

const both = { en: strings('en'), ja: strings('ja') };

export const CLASS_NAMES: Readonly<Record<DatasetName, ClassName[]>> = {
  mnist: classNames('mnist', both),
  cifar10: classNames('cifar10', both),
};
