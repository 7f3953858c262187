import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/lib/i18n/format';

describe('byte sizes', () => {
  it('prints binary units with one decimal above a kibibyte', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024, 'en')).toBe('3.0 MiB');
    expect(formatBytes(1_603_955, 'ja')).toBe('1.5 MiB');
  });

  it('uses the reader’s digits', () => {
    expect(formatBytes(2_000_000_000, 'en')).toBe('1.9 GiB');
    expect(formatBytes(1_536 * 1024 * 1024 * 1024, 'de')).toBe('1.536,0 GiB');
  });

  it('shows a dash for sizes that are not known', () => {
    expect(formatBytes(Number.NaN, 'en')).toBe('–');
    expect(formatBytes(-1, 'en')).toBe('–');
  });
});
