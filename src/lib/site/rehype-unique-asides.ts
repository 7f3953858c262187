import type { Element, Root } from 'hast';
import { toString as textOf } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** Japanese and other CJK text takes a full-width colon. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/**
 * Starlight renders each aside as an `<aside aria-label="Title">` landmark, and a chapter may
 * hold several with one title (a "Today" tip per section). Screen readers list landmarks by
 * name, so identical ones cannot be told apart (axe: landmark-unique). This names every
 * aside whose title repeats on the page after the section it sits in ("Today: Datasets to
 * know"), and numbers those that would still collide. The visible title stays as written.
 */
export function rehypeUniqueAsides() {
  return (tree: Root) => {
    const asides: { node: Element; label: string; section: string | undefined }[] = [];
    let section: string | undefined;
    visit(tree, 'element', (node: Element) => {
      if (/^h[23]$/.test(node.tagName)) section = textOf(node).trim() || section;
      const label = node.properties?.ariaLabel;
      if (node.tagName === 'aside' && typeof label === 'string') asides.push({ node, label, section });
    });
    const count = (key: (aside: (typeof asides)[number]) => string) => {
      const counts = new Map<string, number>();
      for (const aside of asides) counts.set(key(aside), (counts.get(key(aside)) ?? 0) + 1);
      return counts;
    };
    const byLabel = count((aside) => aside.label);
    for (const aside of asides) {
      if ((byLabel.get(aside.label) ?? 0) > 1 && aside.section) {
        aside.label = `${aside.label}${CJK.test(aside.label) ? '：' : ': '}${aside.section}`;
      }
    }
    const byName = count((aside) => aside.label);
    const seen = new Map<string, number>();
    for (const aside of asides) {
      const name = aside.label;
      if ((byName.get(name) ?? 0) > 1) {
        const n = (seen.get(name) ?? 0) + 1;
        seen.set(name, n);
        aside.label = `${name} (${n})`;
      }
      aside.node.properties.ariaLabel = aside.label;
    }
  };
}
