/**
 * `<ml-matrix-multiply>`: multiplies the reader's A and B with `src/lib/math/matrix.ts` and
 * shows the product, its shape, the working behind any cell, or why the shapes do not fit.
 */
import { cellTerms, getShape, type Matrix, multiply, parseMatrix } from '../../lib/math/matrix';
import { describeError } from '../../lib/math/text';
import { find, h } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { readStrings, type Translate } from '../shared/strings';

export class MatrixMultiplyElement extends IslandElement {
  private t!: Translate;
  private form!: HTMLFormElement;

  protected mount(): void {
    this.t = readStrings(this);
    this.form = find<HTMLFormElement>(this, 'form');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.compute();
    });
    find(this, '[data-swap]').addEventListener('click', () => {
      const [a, b] = [this.field('a'), this.field('b')];
      [a.value, b.value] = [b.value, a.value];
      this.compute();
    });
    this.compute();
  }

  private field(name: 'a' | 'b'): HTMLTextAreaElement {
    return this.form.elements.namedItem(name) as HTMLTextAreaElement;
  }

  private compute(): void {
    const table = find<HTMLTableElement>(this, '[data-result]');
    const output = find(this, '[data-output]');
    const working = find(this, '[data-working]');
    const body = table.tBodies[0] as HTMLTableSectionElement;
    body.replaceChildren();
    working.textContent = '';
    output.classList.remove('math-error');
    try {
      const a = parseMatrix(this.field('a').value, 'A');
      const b = parseMatrix(this.field('b').value, 'B');
      const product = multiply(a, b);
      const [sa, sb] = [getShape(a), getShape(b)];
      output.textContent = this.t('math.matrix.shape', { m: sa.rows, n: sa.cols, p: sb.cols });
      body.append(
        ...product.map((cells, row) =>
          h('tr', {}, ...cells.map((_, col) => this.cell(a, b, product, row, col))),
        ),
      );
      table.hidden = false;
      working.textContent = this.t('math.matrix.cellHint');
    } catch (error) {
      table.hidden = true;
      output.classList.add('math-error');
      output.textContent = describeError(error, this.t);
    }
  }

  /** One product cell: a button that shows how the cell was worked out. */
  private cell(a: Matrix, b: Matrix, product: Matrix, row: number, col: number): HTMLTableCellElement {
    const value = product[row]?.[col] ?? '';
    const label = this.t('math.matrix.cellLabel', { row: row + 1, col: col + 1, value });
    const button = h(
      'button',
      { type: 'button', 'aria-pressed': 'false', 'aria-label': label },
      String(value),
    );
    button.addEventListener('click', () => {
      for (const other of this.querySelectorAll('[data-result] button'))
        other.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-pressed', 'true');
      const terms = cellTerms(a, b, row, col)
        .map(([x, y]) => `${x}×${y}`)
        .join(' + ');
      find(this, '[data-working]').textContent = this.t('math.matrix.cell', {
        row: row + 1,
        col: col + 1,
        terms,
        value,
      });
    });
    return h('td', {}, button);
  }
}
