/**
 * A textlint plugin that lints the string values of a JSON dictionary
 * (src/content/i18n/ja.json), so the pages' vocabulary rules also hold for the islands'
 * interface strings. textlint has no maintained JSON plugin, hence these few lines:
 * jsonc-parser finds each string value with its offset, and each value becomes one
 * paragraph whose range points at the value's characters in the file, so a message's
 * line and column are those of the JSON file itself. Keys are never linted.
 */
import type { TxtDocumentNode, TxtNodeLocation, TxtParagraphNode } from '@textlint/ast-node-types';
import type { TextlintMessage } from '@textlint/types';
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

/** Line (from 1) and column (from 0) of every offset, as textlint expects them. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) };
  };
}

/** Every string value in the tree (object keys excluded), depth first. */
function stringValues(node: Node | undefined, out: Node[] = []): Node[] {
  if (!node) return out;
  if (node.type === 'string') out.push(node);
  if (node.type === 'property') stringValues(node.children?.[1], out);
  else for (const child of node.children ?? []) stringValues(child, out);
  return out;
}

/**
 * The JSON text as a textlint document: one Paragraph with one Str per string value. The
 * Str holds the value as written between the quotes, so offsets stay exact (escapes, rare
 * in prose, are linted as written).
 */
export function parseJsonStrings(text: string, filePath = '<json>'): TxtDocumentNode {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false });
  const first = errors[0];
  if (first) {
    const { line, column } = locator(text)(first.offset);
    throw new Error(
      `${filePath}:${line}:${column + 1}: not valid JSON (${printParseErrorCode(first.error)}); fix the file before linting it`,
    );
  }
  const at = locator(text);
  const loc = (start: number, end: number): TxtNodeLocation => ({ start: at(start), end: at(end) });
  const paragraphs: TxtParagraphNode[] = stringValues(tree).map((node) => {
    const start = node.offset + 1;
    const end = node.offset + node.length - 1;
    const raw = text.slice(start, end);
    const str = { type: 'Str' as const, value: raw, raw, range: [start, end] as const, loc: loc(start, end) };
    return { type: 'Paragraph', raw, range: [start, end], loc: loc(start, end), children: [str] };
  });
  return {
    type: 'Document',
    raw: text,
    range: [0, text.length],
    loc: loc(0, text.length),
    children: paragraphs,
  };
}

/** The textlint processor: `.json` files in, string values out. */
export class I18nJsonProcessor {
  availableExtensions(): string[] {
    return ['.json'];
  }

  processor(_extension: string) {
    return {
      preProcess: (text: string, filePath?: string) => parseJsonStrings(text, filePath),
      postProcess: (messages: TextlintMessage[], filePath?: string) => ({
        messages,
        filePath: filePath ?? '<json>',
      }),
    };
  }
}

/** The plugin as textlint's kernel takes it (`descriptor.shallowMerge({ plugins })`). */
export const I18N_JSON_PLUGIN = { pluginId: 'i18n-json', plugin: { Processor: I18nJsonProcessor } };
