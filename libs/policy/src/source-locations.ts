import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export type PathSegment = string | number;

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Finds where a value sits in the source. When the path runs past what the file has (a
 * required field left out), the deepest node that exists is reported, so the author is
 * sent to the object that lacks the field. `keyOf` points at a key rather than its
 * value, for misspelt field names.
 */
export function locate(doc: Document, counter: LineCounter, path: readonly PathSegment[], keyOf?: string): SourcePosition {
  let node: Node | null | undefined = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  const segments = keyOf === undefined ? path : [...path, keyOf];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair: Pair | undefined = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (last && keyOf !== undefined) {
        offset = keyNode.range?.[0] ?? offset;
        break;
      }
      // `field:` with nothing after it has no value node; point at the key instead.
      node = (pair.value as Node | null) ?? null;
      offset = node?.range?.[0] ?? keyNode.range?.[0] ?? offset;
      if (!node) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else break;
  }
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/** `rules[2].match.tool`, `rules[0].when.args["x-user"]` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
