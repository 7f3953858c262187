/**
 * `<ml-bayes-posterior>`: three percentages in, the posterior and the expected counts over
 * 10,000 people out, computed by `posterior` in `src/lib/math/bayes.ts`.
 */
import { type BayesInput, posterior } from '../../lib/math/bayes';
import { MathInputError } from '../../lib/math/errors';
import { describeError } from '../../lib/math/text';
import { find } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { pageLang, readStrings, type Translate } from '../shared/strings';

const FIELDS: (keyof BayesInput)[] = ['prior', 'likelihood', 'falseAlarm'];
/** The population the counts are shown for. */
const POPULATION = 10_000;

export class BayesPosteriorElement extends IslandElement {
  private t!: Translate;
  private form!: HTMLFormElement;

  protected mount(): void {
    this.t = readStrings(this);
    this.form = find<HTMLFormElement>(this, 'form');
    this.form.addEventListener('input', () => this.update());
    this.update();
  }

  /** The form's percentages as probabilities. */
  private readInput(): BayesInput {
    const input = {} as BayesInput;
    for (const name of FIELDS)
      input[name] = (this.form.elements.namedItem(name) as HTMLInputElement).valueAsNumber / 100;
    return input;
  }

  private update(): void {
    const lang = pageLang();
    const count = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 });
    const output = find(this, '[data-output]');
    const table = find<HTMLTableElement>(this, '[data-table]');
    const bar = find(this, '[data-bar]');
    output.classList.remove('math-error');
    try {
      const result = posterior(this.readInput(), POPULATION);
      const { counts } = result;
      // Japanese runs sentences together; English separates them with a space.
      output.textContent = [
        this.t('math.bayes.result', { posterior: percent.format(result.posterior) }),
        this.t('math.bayes.evidence', { evidence: percent.format(result.evidence) }),
      ].join(lang.startsWith('ja') ? '' : ' ');
      find(this, '[data-caption]').textContent = this.t('math.bayes.caption', {
        population: count.format(result.population),
      });
      const cells: Record<string, number> = {
        ...counts,
        ill: counts.truePositive + counts.falseNegative,
        notIll: counts.falsePositive + counts.trueNegative,
      };
      for (const [name, value] of Object.entries(cells))
        find(this, `[data-cell="${name}"]`).textContent = count.format(value);
      table.hidden = false;
      bar.hidden = false;
      const [hitBar, falseBar] = Array.from(bar.children) as HTMLElement[];
      if (hitBar && falseBar) {
        hitBar.style.flexGrow = String(counts.truePositive);
        falseBar.style.flexGrow = String(counts.falsePositive);
      }
    } catch (error) {
      output.classList.add('math-error');
      const label =
        error instanceof MathInputError && error.code === 'bad-probability'
          ? this.t(`math.bayes.${String(error.details.name)}`)
          : '';
      output.textContent = describeError(error, this.t, { name: label });
      table.hidden = true;
      bar.hidden = true;
    }
  }
}
