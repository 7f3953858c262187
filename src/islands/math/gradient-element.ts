/**
 * `<ml-gradient-descent>`: pick (x − 3)² or x² + 10y², a learning rate and a start, then step.
 * Runs `descend` from `src/lib/math/gradient.ts`, draws the path in SVG and lists each step's
 * analytic and numeric gradient.
 */
import {
  type DescentStep,
  descend,
  MAX_STEPS,
  OBJECTIVES,
  type Objective,
  type Point,
} from '../../lib/math/gradient';
import { describeError } from '../../lib/math/text';
import { find, h } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { pageLang, readStrings, type Translate } from '../shared/strings';

const SVG = 'http://www.w3.org/2000/svg';
/** The chart's viewBox in SVG units. */
const W = 360;
const H = 200;
/** Where each function starts: the bowl at a rate just under its limit of 0.1, so it zigzags. */
const DEFAULTS: Record<string, { rate: number; x: number; y: number }> = {
  parabola: { rate: 0.1, x: 0, y: 0 },
  bowl: { rate: 0.09, x: -4, y: 1.5 },
};
/** Rows shown in the table: the most recent steps. */
const TABLE_ROWS = 8;

function svg(name: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Maps plot coordinates to the viewBox: 1-D plots x against f, 2-D plots x against y. */
function plotScale(objective: Objective) {
  // 1-D: x in [-2, 8], f in [0, 30]. 2-D: x in [-5, 5], y in [-2.5, 2.5].
  const [x0, x1, y0, y1] = objective.dimensions === 1 ? [-2, 8, 0, 30] : [-5, 5, -2.5, 2.5];
  return {
    x0,
    x1,
    y1,
    sx: (x: number) => ((x - x0) / (x1 - x0)) * W,
    sy: (y: number) => H - ((y - y0) / (y1 - y0)) * H,
    inside: (x: number, y: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1,
  };
}

export class GradientDescentElement extends IslandElement {
  private t!: Translate;
  private form!: HTMLFormElement;
  private steps = 0;
  private number!: Intl.NumberFormat;

  protected mount(): void {
    this.t = readStrings(this);
    this.number = new Intl.NumberFormat(pageLang(), { maximumSignificantDigits: 6 });
    this.form = find<HTMLFormElement>(this, 'form');
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-steps]')) {
      button.addEventListener('click', () => {
        this.steps = Math.min(MAX_STEPS, this.steps + Number(button.dataset.steps));
        this.update();
      });
    }
    this.form.addEventListener('input', (event) => {
      if (event.target === this.select) this.applyDefaults();
      this.steps = 0;
      this.update();
    });
    this.form.addEventListener('reset', () => {
      this.steps = 0;
      // The form's fields are reset after this event; read them on the next task.
      setTimeout(() => this.update());
    });
    this.update();
  }

  private get select(): HTMLSelectElement {
    return this.form.elements.namedItem('objective') as HTMLSelectElement;
  }

  private field(name: 'rate' | 'x' | 'y'): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }

  private objective(): Objective {
    return OBJECTIVES[this.select.value] ?? (OBJECTIVES.parabola as Objective);
  }

  private applyDefaults(): void {
    const defaults = DEFAULTS[this.select.value];
    if (!defaults) return;
    this.field('rate').value = String(defaults.rate);
    this.field('x').value = String(defaults.x);
    this.field('y').value = String(defaults.y);
  }

  private num(value: number): string {
    return Number.isFinite(value) ? this.number.format(value) : '∞';
  }

  private vec(point: Point): string {
    return `(${point.map((value) => this.num(value)).join(', ')})`;
  }

  private update(): void {
    const f = this.objective();
    find(this, '[data-y]').hidden = f.dimensions === 1;
    const output = find(this, '[data-output]');
    const tbody = find<HTMLTableElement>(this, '[data-table]').tBodies[0] as HTMLTableSectionElement;
    output.classList.remove('math-error');
    try {
      const x = this.field('x').valueAsNumber;
      const start = f.dimensions === 1 ? [x] : [x, this.field('y').valueAsNumber];
      const history = descend(f, {
        start,
        learningRate: this.field('rate').valueAsNumber,
        steps: this.steps,
      });
      output.textContent = this.describe(history);
      tbody.replaceChildren(
        ...history.slice(-TABLE_ROWS).map((step) => {
          const cells = [String(step.step), this.vec(step.point), this.num(step.value)];
          cells.push(this.vec(step.gradient), this.vec(step.numericGradient));
          return h('tr', {}, ...cells.map((text) => h('td', {}, text)));
        }),
      );
      this.draw(history);
    } catch (error) {
      output.classList.add('math-error');
      output.textContent = describeError(error, this.t);
      tbody.replaceChildren();
      find(this, '[data-chart]').replaceChildren();
    }
  }

  /** Where the descent stands, and whether it diverged or converged. */
  private describe(history: DescentStep[]): string {
    const last = history[history.length - 1] as DescentStep;
    // Japanese runs sentences together; English separates them with a space.
    const gap = pageLang().startsWith('ja') ? '' : ' ';
    const message = this.t('math.gd.status', {
      step: last.step,
      point: this.vec(last.point),
      value: this.num(last.value),
    });
    const previous = history[history.length - 2];
    if (!Number.isFinite(last.value) || (previous && last.value > previous.value)) {
      return message + gap + this.t('math.gd.diverged');
    }
    if (last.value < 1e-6) return message + gap + this.t('math.gd.converged');
    return message;
  }

  /** The function (a curve, or the bowl's contour ellipses) and the path taken over it. */
  private draw(history: DescentStep[]): void {
    const f = this.objective();
    const chart = find(this, '[data-chart]');
    const { x0, x1, y1, sx, sy, inside } = plotScale(f);
    chart.replaceChildren();
    if (f.dimensions === 1) {
      const curve: string[] = [];
      for (let i = 0; i <= 100; i++) {
        const x = x0 + ((x1 - x0) * i) / 100;
        curve.push(`${sx(x).toFixed(1)},${sy(Math.min(f.value([x]), y1 + 5)).toFixed(1)}`);
      }
      chart.append(
        svg('polyline', { points: curve.join(' '), fill: 'none', stroke: 'var(--sl-color-gray-3)' }),
      );
    } else {
      for (const level of [0.5, 2, 5, 10, 20]) {
        const rx = sx(Math.sqrt(level)) - sx(0);
        const ry = sy(0) - sy(Math.sqrt(level / 10));
        chart.append(
          svg('ellipse', { cx: sx(0), cy: sy(0), rx, ry, fill: 'none', stroke: 'var(--sl-color-gray-4)' }),
        );
      }
    }
    const points = history
      .map((step) =>
        f.dimensions === 1 ? [step.point[0] ?? 0, step.value] : [step.point[0] ?? 0, step.point[1] ?? 0],
      )
      .filter(([x = 0, y = 0]) => inside(x, y));
    const path = points.map(([x = 0, y = 0]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { points: path, fill: 'none', stroke: 'var(--sl-color-accent)' }));
    points.forEach(([x = 0, y = 0], i) => {
      const r = i === points.length - 1 ? 4 : 2.5;
      chart.append(
        svg('circle', { cx: sx(x).toFixed(1), cy: sy(y).toFixed(1), r, fill: 'var(--sl-color-accent-high)' }),
      );
    });
  }
}
