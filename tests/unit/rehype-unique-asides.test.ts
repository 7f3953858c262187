import type { Element, ElementContent, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { rehypeUniqueAsides } from '../../src/lib/site/rehype-unique-asides';

const heading = (tag: 'h2' | 'h3', text: string): Element => ({
  type: 'element',
  tagName: tag,
  properties: { id: text.toLowerCase() },
  children: [{ type: 'text', value: text }],
});
const aside = (label: string): Element => ({
  type: 'element',
  tagName: 'aside',
  properties: { ariaLabel: label, className: ['starlight-aside'] },
  children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: label }] }],
});

function names(children: ElementContent[]): unknown[] {
  const tree: Root = { type: 'root', children };
  rehypeUniqueAsides()(tree);
  return children
    .filter((node) => node.type === 'element' && node.tagName === 'aside')
    .map((node) => (node.type === 'element' ? node.properties.ariaLabel : undefined));
}

describe('aside landmarks get unique names', () => {
  it('adds the section to every aside whose title repeats on the page', () => {
    expect(
      names([
        heading('h2', 'Datasets'),
        aside('Today'),
        heading('h3', 'MNIST'),
        aside('Today'),
        aside('Caution'),
      ]),
    ).toEqual(['Today: Datasets', 'Today: MNIST', 'Caution']);
  });

  it('uses a full-width colon after a Japanese title', () => {
    expect(
      names([heading('h2', 'データセット'), aside('いま'), heading('h2', '手書き'), aside('いま')]),
    ).toEqual(['いま：データセット', 'いま：手書き']);
  });

  it('numbers asides that would still share a name', () => {
    expect(names([heading('h2', 'Setup'), aside('Today'), aside('Today'), aside('Note')])).toEqual([
      'Today: Setup (1)',
      'Today: Setup (2)',
      'Note',
    ]);
    expect(names([aside('Tip'), aside('Tip')])).toEqual(['Tip (1)', 'Tip (2)']);
  });

  it('leaves a page whose asides are already unique alone', () => {
    expect(names([heading('h2', 'A'), aside('Today'), aside('Caution')])).toEqual(['Today', 'Caution']);
  });
});
