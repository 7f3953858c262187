/**
 * DOM helpers every island uses: a lookup that says which selector its markup lacks, a small
 * element builder, a file download and an image canvas.
 */
import { toRgba } from '../../lib/data/explorer';

/**
 * The element matching `selector` inside `root`. A miss means the wrapper `.astro` and its
 * client module disagree, so it throws naming the island and the selector.
 */
export function find<T extends Element = HTMLElement>(root: Element, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) {
    throw new Error(
      `<${root.localName}>: no element matches ${selector} in its markup (see its .astro file).`,
    );
  }
  return element;
}

/** A small element builder: `h('td', { class: 'x' }, 'text')`; `false` or `undefined` attributes are left out. */
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

/** A table head of one row: a column header `<th scope="col">` per entry of `columns`. */
export function tableHead(columns: readonly string[]): HTMLTableSectionElement {
  return h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', { scope: 'col' }, column))));
}

/** Saves `data` as a file called `name` through a temporary link. */
export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Draws image `index` of HWC 0..255 `images` (1 or 3 channels) onto a new canvas of the image's size. */
export function imageCanvas(
  images: Uint8Array,
  shape: readonly [number, number, number],
  index = 0,
): HTMLCanvasElement {
  const [height, width] = shape;
  const canvas = h('canvas', { width, height });
  canvas.getContext('2d')?.putImageData(new ImageData(toRgba(images, index, shape), width, height), 0, 0);
  return canvas;
}
