import { describe, expect, it } from 'vitest';
import { fillTemplate, pickIslandStrings } from '../../src/lib/i18n/strings';

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

  it('gives an island only its own keys and names the component and key when one is missing', () => {
    const { strings, t } = pickIslandStrings(
      { 'bench.run': '実行', 'bench.done': '{{count}}件完了', 'plan.title': '計画' },
      'bench.',
      'Benchmark',
    );
    expect(strings).toEqual({ 'bench.run': '実行', 'bench.done': '{{count}}件完了' });
    expect(t('bench.done', { count: 3 })).toBe('3件完了');
    expect(() => t('bench.stop')).toThrow('Benchmark: missing i18n key "bench.stop"');
  });
});
