import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Authors write site links as `/ja/guide/…`; this prefixes them with the deploy base
 * (`/guide/ja/guide/…`) so one source works under any base path. Runs before the links
 * validator, which then checks the links as they will be served.
 */
export function rehypeBaseLinks(options: { base: string; locales: readonly string[] }) {
  const base = options.base.replace(/\/+$/, '');
  const localized = new RegExp(`^/(${options.locales.join('|')})(/|$)`);
  return (tree: Root) => {
    if (!base) return;
    visit(tree, 'element', (node: Element) => {
      const href = node.properties?.href;
      if (node.tagName === 'a' && typeof href === 'string' && localized.test(href)) {
        node.properties.href = `${base}${href}`;
      }
    });
  };
}
