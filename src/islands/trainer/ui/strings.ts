import { fillTemplate } from '../../../lib/trainer-view/format';

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Reads the island's `data-strings` dictionary; a missing key shows itself, so it is noticed. */
export function createTranslator(element: HTMLElement): Translate {
  const strings = JSON.parse(element.dataset.strings ?? '{}') as Record<string, string>;
  return (key, values = {}) => {
    const template = strings[key];
    if (template === undefined) {
      console.warn(`trainer: missing i18n key "${key}"`);
      return key;
    }
    return fillTemplate(template, values);
  };
}
