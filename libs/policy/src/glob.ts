/**
 * Globs for policy selectors: `*` matches any run of characters (dots and slashes
 * included), `?` exactly one, `\` escapes the next character. Nothing else is special,
 * so a tool named `get.file[1]` is written as-is.
 *
 * Matching is a two-pointer walk rather than a compiled RegExp: a selector like
 * `*a*a*a*b` against a megabyte-long name would backtrack exponentially in a regex
 * engine, and the evaluator must stay fast and total on hostile input.
 */
export type GlobToken = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; char: string };

export interface Glob {
  readonly source: string;
  readonly tokens: readonly GlobToken[];
}

export function compileGlob(source: string): Glob {
  const tokens: GlobToken[] = [];
  const chars = Array.from(source);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length) tokens.push({ kind: 'char', char: chars[++i] });
    else if (c === '*') {
      // Consecutive stars are one star; keeping them would only slow the walk.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: c });
  }
  return { source, tokens };
}

/** Worst case O(pattern × text); linear for the usual one-star selectors. */
export function matchGlob(glob: Glob, text: string): boolean {
  const t = Array.from(text);
  const p = glob.tokens;
  let ti = 0;
  let pi = 0;
  let starPi = -1;
  let starTi = 0;
  while (ti < t.length) {
    const tok = p[pi];
    if (tok && (tok.kind === 'one' || (tok.kind === 'char' && tok.char === t[ti]))) {
      ti++;
      pi++;
    } else if (tok?.kind === 'star') {
      starPi = pi++;
      starTi = ti;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      ti = ++starTi;
    } else return false;
  }
  while (p[pi]?.kind === 'star') pi++;
  return pi === p.length;
}

export function matchAnyGlob(globs: readonly Glob[], text: string): boolean {
  return globs.some((g) => matchGlob(g, text));
}

/** Writes `literal` as a glob that matches exactly it (used by `suggestPolicy`). */
export function escapeGlob(literal: string): string {
  return literal.replace(/[\\*?]/g, (c) => `\\${c}`);
}

