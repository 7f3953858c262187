import { describe, expect, it } from 'vitest';
import { createTranslate, fillTemplate, pickIslandStrings, splitPluralKey } from '../../src/lib/i18n/strings';

const showKey = (key: string) => key;

describe('interface strings', () => {
  it('fills placeholders, with or without spaces, and leaves unknown ones visible', () => {
    expect(fillTemplate('Epoch {{epoch}} of {{ epochs }}', { epoch: 1, epochs: 3 })).toBe('Epoch 1 of 3');
    expect(fillTemplate('{{missing}} left', {})).toBe('{{missing}} left');
  });

  it('refuses an unfilled placeholder in strict mode', () => {
    expect(() => fillTemplate('{{a}} ÷ {{b}}', { a: 1 }, { strict: true })).toThrow(
      /Missing value for \{\{b\}\}/,
    );
  });

  it('gives an island only its own keys and fails the build on a missing key or value', () => {
    const { strings, t } = pickIslandStrings(
      { 'bench.run': '実行', 'bench.done': '{{count}}件完了', 'plan.title': '計画' },
      'bench.',
      'Benchmark',
      'ja',
    );
    expect(strings).toEqual({ 'bench.run': '実行', 'bench.done': '{{count}}件完了' });
    expect(t('bench.done', { count: 3 })).toBe('3件完了');
    expect(() => t('bench.stop')).toThrow('Benchmark: missing i18n key "bench.stop"');
    expect(() => t('bench.done')).toThrow(/Missing value for \{\{count\}\}/);
  });

  it('gives an island that shares a view with another the keys under each of its prefixes', () => {
    const { strings } = pickIslandStrings(
      { 'trainer.run': 'Run', 'layers.caption': '{{kind}}', 'math.title': 'Maths' },
      ['trainer.', 'layers.'],
      'TrainerIsland',
    );
    expect(strings).toEqual({ 'trainer.run': 'Run', 'layers.caption': '{{kind}}' });
  });
});

describe('plural forms', () => {
  const en = {
    'bench.done_one': 'Done: one measurement.',
    'bench.done_other': 'Done: {{count}} measurements.',
  };

  it('picks the form that the language’s plural rules choose for count', () => {
    const t = createTranslate(en, 'en', showKey);
    expect(t('bench.done', { count: 1 })).toBe('Done: one measurement.');
    expect(t('bench.done', { count: 0 })).toBe('Done: 0 measurements.');
    expect(t('bench.done', { count: 4 })).toBe('Done: 4 measurements.');
  });

  it('needs only the other form in a language without plurals', () => {
    const t = createTranslate({ 'bench.done_other': '{{count}}件を測りました。' }, 'ja', showKey);
    expect(t('bench.done', { count: 1 })).toBe('1件を測りました。');
  });

  it('falls back to the other form, then to the plain key', () => {
    const t = createTranslate({ a_other: '{{count}} things', b: '{{count}} as is' }, 'en', showKey);
    expect(t('a', { count: 1 })).toBe('1 things');
    expect(t('b', { count: 1 })).toBe('1 as is');
  });

  it('leaves plural forms alone when count is text, not a number', () => {
    const t = createTranslate({ ...en, 'bench.done': 'Done.' }, 'en', showKey);
    expect(t('bench.done', { count: '1' })).toBe('Done.');
  });

  it('shows a missing key in the browser instead of failing', () => {
    expect(createTranslate({}, 'en', showKey)('plan.nothing', { count: 2 })).toBe('plan.nothing');
  });

  it('splits a key into its base and plural category', () => {
    expect(splitPluralKey('bench.done_one')).toEqual({ base: 'bench.done', category: 'one' });
    expect(splitPluralKey('trainer.error.out-of-memory')).toBeNull();
    expect(splitPluralKey('plan.day.mon')).toBeNull();
  });
});
