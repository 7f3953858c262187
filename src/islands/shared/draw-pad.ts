/**
 * The MNIST drawing pad: white strokes on black, like MNIST's digits. While the reader draws,
 * the ink is framed as MNIST frames its digits (`toMnistInput`) and handed to `onDigit`,
 * at most every 150 ms and once more when the stroke ends.
 */
import { toMnistInput } from '../../lib/trainer-view/digit';

const THROTTLE_MS = 150;

export interface DrawPad {
  clear(): void;
  destroy(): void;
}

interface Point {
  x: number;
  y: number;
}

/** The pad's ink, 0..1 per pixel, from the red channel (the ink is white on black). */
function readInk(context: CanvasRenderingContext2D): Float32Array {
  const { width, height } = context.canvas;
  const { data } = context.getImageData(0, 0, width, height);
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = (data[i * 4] as number) / 255;
  return ink;
}

/** Where `event` is, in the canvas's own pixels (it may be drawn larger or smaller). */
function pointOn(canvas: HTMLCanvasElement, event: PointerEvent): Point {
  const rect = canvas.getBoundingClientRect();
  return {
    x: ((event.clientX - rect.left) / rect.width) * canvas.width,
    y: ((event.clientY - rect.top) / rect.height) * canvas.height,
  };
}

/** A line from `from` to `to`, or a dot at `to` where a stroke begins. */
function paintStroke(context: CanvasRenderingContext2D, from: Point | null, to: Point): void {
  context.strokeStyle = '#fff';
  context.fillStyle = '#fff';
  // About as thick, relative to the pad, as an MNIST pen stroke is to its 28×28 field.
  context.lineWidth = context.canvas.width / 14;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  if (from) {
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  } else {
    context.arc(to.x, to.y, context.lineWidth / 2, 0, Math.PI * 2);
    context.fill();
  }
}

export function createDrawPad(
  canvas: HTMLCanvasElement,
  onDigit: (pixels: Float32Array | null) => void,
): DrawPad {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context)
    throw new Error('The drawing pad needs a 2D canvas context, which this browser did not give.');
  let drawing = false;
  let last: Point | null = null;
  let lastSent = 0;
  let timer = 0;

  const paintBackground = () => {
    context.fillStyle = '#000';
    context.fillRect(0, 0, canvas.width, canvas.height);
  };
  paintBackground();

  const send = () => {
    lastSent = performance.now();
    onDigit(toMnistInput({ ink: readInk(context), width: canvas.width, height: canvas.height }));
  };

  const schedule = () => {
    const wait = THROTTLE_MS - (performance.now() - lastSent);
    if (wait <= 0) send();
    else if (!timer) {
      timer = window.setTimeout(() => {
        timer = 0;
        send();
      }, wait);
    }
  };

  const stroke = (to: Point) => {
    paintStroke(context, last, to);
    last = to;
  };

  const down = (event: PointerEvent) => {
    drawing = true;
    last = null;
    canvas.setPointerCapture(event.pointerId);
    stroke(pointOn(canvas, event));
    event.preventDefault();
  };
  const move = (event: PointerEvent) => {
    if (!drawing) return;
    stroke(pointOn(canvas, event));
    schedule();
  };
  const up = () => {
    if (!drawing) return;
    drawing = false;
    last = null;
    window.clearTimeout(timer);
    timer = 0;
    send();
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);

  return {
    clear() {
      paintBackground();
      onDigit(null);
    },
    destroy() {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
    },
  };
}
