/** A small element builder: `h('td', { class: 'x' }, 'text')`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.append(child);
  }
  return element;
}

/** The element matching `selector` inside `root`; names the selector when it is missing. */
export function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`trainer: no element matches ${selector}`);
  return element;
}

/** Draws HWC 0..255 pixels (1 or 3 channels) onto a new canvas of the image's size. */
export function imageCanvas(
  pixels: Uint8Array,
  [height, width, channels]: [number, number, number],
): HTMLCanvasElement {
  const canvas = h('canvas', { width, height });
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const r = pixels[i * channels] ?? 0;
    image.data[i * 4] = r;
    image.data[i * 4 + 1] = channels === 3 ? (pixels[i * channels + 1] ?? 0) : r;
    image.data[i * 4 + 2] = channels === 3 ? (pixels[i * channels + 2] ?? 0) : r;
    image.data[i * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  return canvas;
}
