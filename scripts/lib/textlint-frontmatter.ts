/**
 * A textlint plugin for the guide's Markdown and MDX pages that also lints the Japanese
 * values of the frontmatter (title, description, hero tagline). textlint's Markdown plugin
 * keeps the frontmatter as one opaque Yaml node that no rule reads, yet those values are
 * what the sidebar, search results and link previews show. The page is parsed with the
 * same parser as textlint's Markdown plugin; each Japanese `key: value` line of the
 * frontmatter becomes a paragraph whose range points at the value in the file.
 */

import type { AnyTxtNode, TxtDocumentNode, TxtParagraphNode } from '@textlint/ast-node-types';
import { parse } from '@textlint/markdown-to-ast';
import type { TextlintMessage } from '@textlint/types';

/** Hiragana, katakana or CJK ideographs: a value worth linting as Japanese prose. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** `key: value` with an optional indent and optional quotes around the value. */
const ENTRY = /^(\s*[\w-]+:\s+)(["']?)(.*?)\2\s*$/;

/** The Japanese values of a frontmatter node, as paragraphs placed where they are in the file. */
function frontmatterParagraphs(node: AnyTxtNode, text: string): TxtParagraphNode[] {
  const paragraphs: TxtParagraphNode[] = [];
  let offset = node.range[0];
  for (const line of node.raw.split('\n')) {
    const entry = ENTRY.exec(line);
    const value = entry?.[3];
    if (entry && value && JAPANESE.test(value)) {
      const start = offset + (entry[1] ?? '').length + (entry[2] ?? '').length;
      const end = start + value.length;
      const lineNumber = text.slice(0, start).split('\n').length;
      const column = start - (text.lastIndexOf('\n', start - 1) + 1);
      const loc = {
        start: { line: lineNumber, column },
        end: { line: lineNumber, column: column + value.length },
      };
      const str = { type: 'Str' as const, value, raw: value, range: [start, end] as const, loc };
      paragraphs.push({ type: 'Paragraph', raw: value, range: [start, end], loc, children: [str] });
    }
    offset += line.length + 1;
  }
  return paragraphs;
}

/** The frontmatter node: the Markdown parser emits it, though the node-type union omits it. */
const isFrontmatter = (node: { type: string }): boolean => node.type === 'Yaml';

/** The page as textlint's Markdown plugin sees it, plus its frontmatter values. */
export function parseWithFrontmatter(text: string): TxtDocumentNode {
  const document = parse(text);
  const children = document.children.flatMap((node) =>
    isFrontmatter(node) ? [node, ...frontmatterParagraphs(node, text)] : [node],
  );
  return { ...document, children } as TxtDocumentNode;
}

export class FrontmatterMarkdownProcessor {
  availableExtensions(): string[] {
    return ['.md', '.mdx'];
  }

  processor(_extension: string) {
    return {
      preProcess: (text: string) => parseWithFrontmatter(text),
      postProcess: (messages: TextlintMessage[], filePath?: string) => ({
        messages,
        filePath: filePath ?? '<markdown>',
      }),
    };
  }
}

/** Registered before textlint's own Markdown plugin, so it wins for .md and .mdx. */
export const FRONTMATTER_MARKDOWN_PLUGIN = {
  pluginId: 'markdown-frontmatter',
  plugin: { Processor: FrontmatterMarkdownProcessor },
};
