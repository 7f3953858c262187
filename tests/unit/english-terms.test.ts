import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTermProblems, proseOfMdx } from '../../scripts/lib/english-terms';
import { listPages } from '../../scripts/lib/twins';

const EN_DOCS = 'src/content/docs/en';

describe('the English edition’s spelling and terms (scripts/lib/english-terms.ts)', () => {
  it('holds on every English page', async () => {
    const problems: string[] = [];
    for (const page of await listPages(EN_DOCS)) {
      const prose = proseOfMdx(readFileSync(join(EN_DOCS, page), 'utf8'));
      problems.push(...findTermProblems(prose).map((problem) => `${page}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });

  it('holds on every interface string in en.json', () => {
    const strings = JSON.parse(readFileSync('src/content/i18n/en.json', 'utf8')) as Record<string, string>;
    const problems = Object.entries(strings).flatMap(([key, value]) =>
      findTermProblems(value).map((problem) => `${key}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('reports American spellings and drifting terms, each with the expected form', () => {
    expect(findTermProblems('The math behind an optimizer, on labeled grayscale data sets.')).toEqual([
      '"math" → maths',
      '"optimizer" → optimis… (optimise, optimisation, optimiser)',
      '"labeled" → doubled l: modelling, labelled',
      '"grayscale" → grey, greyscale',
      '"data sets" → dataset',
    ]);
    expect(findTermProblems('The maths of an optimiser on labelled greyscale datasets.')).toEqual([]);
  });

  it('leaves code, link targets and proper names alone', () => {
    const page = [
      'import X from "../optimizer.ts";',
      'Call `optimizer.step()` as in [the notes](https://example.org/color/behavior).',
      '```python',
      'model.compile(optimizer="adam")',
      '```',
      'The Machine Learning Specialization teaches the maths.',
    ].join('\n');
    expect(findTermProblems(proseOfMdx(page))).toEqual([]);
  });
});
