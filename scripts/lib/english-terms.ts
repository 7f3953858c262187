/**
 * The English edition's spelling and vocabulary: British spelling (the guide writes
 * "maths", "optimise", "colour") and one term per concept. The unit test
 * tests/unit/english-terms.test.ts applies the list to every English page and to
 * src/content/i18n/en.json; the Japanese counterpart is prh.yml.
 */

export interface TermRule {
  /** What must not appear in prose (matched case-sensitively unless the flag says so). */
  pattern: RegExp;
  /** What to write instead. */
  expected: string;
}

export const ENGLISH_TERMS: readonly TermRule[] = [
  { pattern: /\bmath\b/g, expected: 'maths' },
  { pattern: /\b[Oo]ptimiz\w*/g, expected: 'optimis… (optimise, optimisation, optimiser)' },
  { pattern: /\b[Nn]ormaliz\w*/g, expected: 'normalis…' },
  { pattern: /\b[Ii]nitializ\w*/g, expected: 'initialis…' },
  { pattern: /\b[Vv]isualiz\w*/g, expected: 'visualis…' },
  { pattern: /\b[Cc]ustomiz\w*/g, expected: 'customis…' },
  { pattern: /\b[Rr]ecogniz\w*/g, expected: 'recognis…' },
  { pattern: /\b[Ss]ummariz\w*/g, expected: 'summaris…' },
  { pattern: /\b[Aa]nalyz\w*/g, expected: 'analys…' },
  { pattern: /\b[Cc]olor\w*/g, expected: 'colour' },
  { pattern: /\b[Bb]ehavior\w*/g, expected: 'behaviour' },
  { pattern: /\b[Cc]enter\w*/g, expected: 'centre' },
  { pattern: /\b[Ff]avorite\w*/g, expected: 'favourite' },
  { pattern: /\b(model|label|travel)(ing|ed)\b/g, expected: 'doubled l: modelling, labelled' },
  { pattern: /\b[Gg]ray(scale)?\b/g, expected: 'grey, greyscale' },
  { pattern: /\b[Mm]inibatch\w*/g, expected: 'mini-batch' },
  { pattern: /\b[Dd]ata[ -]sets?\b/g, expected: 'dataset' },
  {
    pattern: /\bevaluation (images|set|data|accuracy)\b/g,
    expected: 'test images, test set, test data, test accuracy',
  },
];

/** Names that keep their own spelling. */
const PROPER_NAMES = [/Machine Learning Specialization/g];

/**
 * The prose of an MDX page: code blocks, inline code, link targets, HTML tags and import
 * lines removed, so identifiers such as `optimizer` and URLs are not held to the rules.
 */
export function proseOfMdx(source: string): string {
  return source
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/\]\([^)\s]*\)/g, ']')
    .replace(/<[^>\n]*>/g, '')
    .replace(/^import .*$/gm, '');
}

/** Every rule broken in `text`, as `"found" → expected`, in order of the rules. */
export function findTermProblems(text: string, rules: readonly TermRule[] = ENGLISH_TERMS): string[] {
  const prose = PROPER_NAMES.reduce((rest, name) => rest.replace(name, ''), text);
  return rules.flatMap(({ pattern, expected }) =>
    [...prose.matchAll(pattern)].map((match) => `"${match[0]}" → ${expected}`),
  );
}
