/**
 * Path allow-lists. A value is checked as a POSIX absolute path after resolving `.`,
 * `..` and repeated slashes — lexically, since the policy is pure and never looks at the
 * filesystem (symlinks are the server's job; see the README's blind spots).
 *
 * Refused outright rather than guessed at: relative paths (the server's working
 * directory is unknown here), `..` that climbs above `/`, backslashes (a traversal on
 * Windows servers) and NUL bytes (truncation in C-backed file APIs). `file://` URIs are
 * accepted and percent-decoded, since MCP resource URIs arrive in that form.
 */
export type NormalisedPath = { ok: true; path: string } | { ok: false; why: string };

export function normalisePath(value: string): NormalisedPath {
  let raw = value;
  if (raw.startsWith('file://')) {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!url || (url.hostname !== '' && url.hostname !== 'localhost')) return { ok: false, why: 'not a local file URI' };
    try {
      raw = decodeURIComponent(url.pathname);
    } catch (error) {
      if (error instanceof URIError) return { ok: false, why: 'bad percent-encoding' };
      throw error;
    }
  }
  if (raw.includes('\0')) return { ok: false, why: 'contains a NUL byte' };
  if (raw.includes('\\')) return { ok: false, why: 'contains a backslash' };
  if (!raw.startsWith('/')) return { ok: false, why: 'not an absolute path' };
  const out: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return { ok: false, why: 'climbs above /' };
      out.pop();
    } else out.push(segment);
  }
  return { ok: true, path: `/${out.join('/')}` };
}

/** True when `path` is `root` or inside it, on a segment boundary (`/srv/data2` is not under `/srv/data`). */
export function isUnder(path: string, root: string): boolean {
  if (root === '/') return true;
  return path === root || path.startsWith(`${root}/`);
}

/** Roots are normalised once at compile time; a root that does not normalise matches nothing. */
export function normaliseRoots(roots: readonly string[]): string[] {
  return roots.flatMap((r) => {
    const n = normalisePath(r);
    return n.ok ? [n.path] : [];
  });
}
