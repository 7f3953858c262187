/**
 * Turns a drawing into what an MNIST model expects. MNIST digits were size-normalised to fit
 * a 20×20 box, keeping their aspect ratio, then centred by centre of mass in a 28×28 field;
 * a raw canvas digit (thin, off-centre, any size) is classified badly without the same steps.
 */

export const MNIST_SIZE = 28;
const BOX = 20;

export interface InkImage {
  /** width × height ink values in [0, 1], row-major (0 = background). */
  ink: ArrayLike<number>;
  width: number;
  height: number;
}

/** Bounding box of pixels with ink above `threshold`, or null when the image is blank. */
export function inkBounds(
  { ink, width, height }: InkImage,
  threshold = 0.05,
): { left: number; top: number; right: number; bottom: number } | null {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((ink[y * width + x] as number) > threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  return right < 0 ? null : { left, top, right, bottom };
}

/**
 * 784 floats (28×28, row-major, 0 = background, 1 = ink) in MNIST's framing, or null when
 * nothing is drawn. Resampling averages source pixels over each target pixel (box filter).
 */
export function toMnistInput(image: InkImage): Float32Array | null {
  if (image.ink.length !== image.width * image.height) {
    throw new RangeError(
      `ink has ${image.ink.length} values, expected width × height = ${image.width * image.height}`,
    );
  }
  const bounds = inkBounds(image);
  if (!bounds) return null;
  const boxW = bounds.right - bounds.left + 1;
  const boxH = bounds.bottom - bounds.top + 1;
  const scale = BOX / Math.max(boxW, boxH);
  const outW = Math.max(1, Math.round(boxW * scale));
  const outH = Math.max(1, Math.round(boxH * scale));

  // Box-filter the bounding box down (or up) to outW × outH.
  const small = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const y0 = bounds.top + y / scale;
    const y1 = bounds.top + (y + 1) / scale;
    for (let x = 0; x < outW; x++) {
      const x0 = bounds.left + x / scale;
      const x1 = bounds.left + (x + 1) / scale;
      let sum = 0;
      let area = 0;
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
          const inside = sx >= 0 && sy >= 0 && sx < image.width && sy < image.height;
          sum += wx * wy * (inside ? (image.ink[sy * image.width + sx] as number) : 0);
          area += wx * wy;
        }
      }
      small[y * outW + x] = area > 0 ? Math.min(1, sum / area) : 0;
    }
  }

  // Centre of mass of the small digit, placed at the field's centre (14, 14).
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const v = small[y * outW + x] as number;
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const offsetX = Math.round(MNIST_SIZE / 2 - cx / mass);
  const offsetY = Math.round(MNIST_SIZE / 2 - cy / mass);

  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const tx = x + offsetX;
      const ty = y + offsetY;
      if (tx >= 0 && ty >= 0 && tx < MNIST_SIZE && ty < MNIST_SIZE) {
        out[ty * MNIST_SIZE + tx] = small[y * outW + x] as number;
      }
    }
  }
  return out;
}
