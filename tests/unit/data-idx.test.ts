import { describe, expect, it } from 'vitest';
import { parseIdx } from '../../src/lib/data/idx';
import { idxBytes, patternBytes } from '../fixtures/data/fixtures';

describe('parseIdx', () => {
  it('reads the dimensions and values of an unsigned-byte IDX file', () => {
    const values = patternBytes(3 * 28 * 28, 5);
    const parsed = parseIdx(idxBytes([3, 28, 28], values));
    expect(parsed.dims).toEqual([3, 28, 28]);
    expect(parsed.data).toEqual(values);
    expect(parseIdx(idxBytes([4], Uint8Array.of(1, 2, 3, 9))).dims).toEqual([4]);
  });

  it('rejects a wrong magic number, naming it and the expected one', () => {
    const gzipped = Uint8Array.of(0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0);
    expect(() => parseIdx(gzipped, 'train-images')).toThrow(
      /train-images has the wrong magic number 0x1f8b0800.*0x0000080N/,
    );
    expect(() => parseIdx(idxBytes([2], Uint8Array.of(1, 2), 0x0d))).toThrow(/wrong magic number 0x00000d01/);
  });

  it('rejects a truncated file, saying how many bytes were expected', () => {
    const whole = idxBytes([2, 28, 28], patternBytes(2 * 28 * 28, 1));
    expect(() => parseIdx(whole.subarray(0, whole.length - 10))).toThrow(
      /truncated: dimensions 2×28×28 need 1584 bytes, the file has 1574/,
    );
    expect(() => parseIdx(whole.subarray(0, 6))).toThrow(/truncated: its header needs 16 bytes/);
    expect(() => parseIdx(whole.subarray(0, 2))).toThrow(/truncated/);
  });

  it('rejects bytes after the declared values', () => {
    const padded = Buffer.concat([idxBytes([2], Uint8Array.of(1, 2)), Buffer.from([0])]);
    expect(() => parseIdx(padded)).toThrow(/1 unexpected bytes after its 2 values/);
  });
});
