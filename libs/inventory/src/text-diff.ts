/** One changed region: `removed` at [beforeStart, beforeEnd) became `added` at [afterStart, afterEnd). */
export interface TextChange {
  beforeStart: number;
  beforeEnd: number;
  afterStart: number;
  afterEnd: number;
  removed: string;
  added: string;
}

/** Above this many tokens per side the middle is reported as one region instead of an LCS. */
const MAX_LCS_TOKENS = 1500;

function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/**
 * Word-level diff of two texts as changed regions with offsets on both sides: what a
 * reviewer needs to see of a rug pull is the sentence that appeared, not two full texts.
 */
export function diffText(before: string, after: string): TextChange[] {
  if (before === after) return [];
  const a = tokenize(before);
  const b = tokenize(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const offsetsA = offsets(a);
  const offsetsB = offsets(b);
  const pairs = midA.length <= MAX_LCS_TOKENS && midB.length <= MAX_LCS_TOKENS ? lcsPairs(midA, midB) : [];
  const changes: TextChange[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [midA.length, midB.length] as [number, number]]) {
    if (pi > i || pj > j) {
      const beforeStart = offsetsA[prefix + i] as number;
      const beforeEnd = offsetsA[prefix + pi] as number;
      const afterStart = offsetsB[prefix + j] as number;
      const afterEnd = offsetsB[prefix + pj] as number;
      changes.push({ beforeStart, beforeEnd, afterStart, afterEnd, removed: before.slice(beforeStart, beforeEnd), added: after.slice(afterStart, afterEnd) });
    }
    i = pi + 1;
    j = pj + 1;
  }
  return changes;
}

/** offsets[k] = start of token k; offsets[length] = end of text. */
function offsets(tokens: string[]): number[] {
  const out = [0];
  for (const token of tokens) out.push((out[out.length - 1] as number) + token.length);
  return out;
}

/** Index pairs of a longest common subsequence, in order. */
function lcsPairs(a: string[], b: string[]): [number, number][] {
  const width = b.length + 1;
  const table = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * width + j] = a[i] === b[j] ? (table[(i + 1) * width + j + 1] as number) + 1 : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if ((table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number)) i += 1;
    else j += 1;
  }
  return pairs;
}
