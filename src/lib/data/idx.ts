/**
 * Reads IDX files, the format MNIST is published in: two zero bytes, a type byte
 * (0x08 = unsigned byte, the only type MNIST uses), the number of dimensions, each
 * dimension as a big-endian uint32, then the data.
 */
export interface IdxArray {
  /** Dimension sizes, e.g. [60000, 28, 28] for images or [60000] for labels. */
  dims: number[];
  /** The values, row-major (a view into the input). */
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

export function parseIdx(buffer: Uint8Array, what = 'IDX file'): IdxArray {
  if (buffer.length < 4) {
    throw new Error(`${what} is truncated: ${buffer.length} bytes, not even the 4-byte magic number`);
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magic = view.getUint32(0);
  const type = buffer[2] as number;
  const rank = buffer[3] as number;
  if (buffer[0] !== 0 || buffer[1] !== 0 || type !== UNSIGNED_BYTE || rank < 1 || rank > 4) {
    const hex = `0x${magic.toString(16).padStart(8, '0')}`;
    throw new Error(
      `${what} has the wrong magic number ${hex}: expected 0x0000080N (unsigned bytes, N = 1–4 dimensions), ` +
        'e.g. 0x00000803 for MNIST images or 0x00000801 for labels. Is it gzipped or not an IDX file?',
    );
  }
  const headerBytes = 4 + rank * 4;
  if (buffer.length < headerBytes) {
    throw new Error(
      `${what} is truncated: its header needs ${headerBytes} bytes, the file has ${buffer.length}`,
    );
  }
  const dims: number[] = [];
  for (let axis = 0; axis < rank; axis++) dims.push(view.getUint32(4 + axis * 4));
  const expected = headerBytes + dims.reduce((product, size) => product * size, 1);
  if (buffer.length < expected) {
    throw new Error(
      `${what} is truncated: dimensions ${dims.join('×')} need ${expected} bytes, the file has ${buffer.length}`,
    );
  }
  if (buffer.length > expected) {
    throw new Error(
      `${what} has ${buffer.length - expected} unexpected bytes after its ${dims.join('×')} values`,
    );
  }
  return { dims, data: buffer.subarray(headerBytes, expected) };
}
