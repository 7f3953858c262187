/** The convolution island's views: images drawn as they are, and planes as tables (canvases come from ../shared/layer-figures). */
import type { Plane } from '../../lib/math/convolution';
import { h } from '../shared/dom';
import { drawPlane } from '../shared/layer-figures';

/** Draws an RGB or grey image (values 0..1) as it is, without stretching. */
export function drawImage(canvas: HTMLCanvasElement, image: Plane): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.width * image.height; i++) {
    for (let k = 0; k < 3; k++) {
      const c = image.channels === 1 ? 0 : k;
      rgba[i * 4 + k] = Math.round((image.data[i * image.channels + c] as number) * 255);
    }
    rgba[i * 4 + 3] = 255;
  }
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
}

/** Outlines cell (row, col) of a map drawn on `canvas` (1 canvas pixel = 1 cell). */
export function markCell(canvas: HTMLCanvasElement, map: Plane, row: number, col: number): void {
  drawPlane(canvas, map);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = 'rgba(255, 80, 0, 0.8)';
  context.fillRect(col, row, 1, 1);
}

/** The map's values, one decimal, one table row per map row. */
export function fillTable(
  body: HTMLTableSectionElement,
  map: Plane,
  format: (value: number) => string,
): void {
  const rows: HTMLTableRowElement[] = [];
  for (let y = 0; y < map.height; y++) {
    const cells: HTMLTableCellElement[] = [];
    for (let x = 0; x < map.width; x++)
      cells.push(h('td', {}, format(map.data[y * map.width + x] as number)));
    rows.push(h('tr', {}, ...cells));
  }
  body.replaceChildren(...rows);
}
