import { compileConstraints, isPlainObject } from './argument-constraints';
import { escapeGlob } from './glob';
import { hostOf } from './host-match';
import { isUnder, normalisePath } from './path-under';
import type { ArgumentConstraint } from './policy.schema';

/** Beyond these counts a list stops being a reviewable allow-list and is left out. */
export const SUGGEST_LIMITS = { hosts: 10, pathRoots: 10, values: 8, valueLength: 200 } as const;

/**
 * Infers `require.args` constraints from the arguments of the calls one rule will allow.
 * Each constraint is an allow-list of what was seen (hosts, path roots, a few values);
 * arguments with many or structured values get none. Every inferred constraint is
 * checked against the very calls it came from and dropped if any would fail, so the
 * suggestion can never deny recorded history.
 */
export function suggestConstraints(argumentsSeen: readonly unknown[]): Record<string, ArgumentConstraint> {
  const valuesByKey = new Map<string, unknown[]>();
  for (const args of argumentsSeen) {
    if (!isPlainObject(args)) continue;
    for (const key of Object.keys(args)) {
      // The policy schema refuses a `__proto__` argument name (see policy.schema.ts).
      if (key === '__proto__') continue;
      let list = valuesByKey.get(key);
      if (!list) valuesByKey.set(key, (list = []));
      list.push(args[key]);
    }
  }

  const out: Record<string, ArgumentConstraint> = {};
  for (const key of [...valuesByKey.keys()].sort()) {
    const values = valuesByKey.get(key) ?? [];
    const inferred = inferConstraint(values.flatMap((v) => (Array.isArray(v) ? v : [v])));
    if (!inferred) continue;
    const constraint: ArgumentConstraint = values.length < argumentsSeen.length ? { ...inferred, optional: true } : inferred;
    const check = compileConstraints({ [key]: constraint });
    if (argumentsSeen.every((args) => check.violations(args).length === 0)) out[key] = constraint;
  }
  return out;
}

function inferConstraint(items: readonly unknown[]): ArgumentConstraint | undefined {
  if (items.length === 0) return undefined;
  if (items.every((v) => typeof v === 'string')) {
    const strings = items as string[];
    const hosts = urlHosts(strings);
    if (hosts && hosts.length <= SUGGEST_LIMITS.hosts) return { hosts: hosts.map(escapeGlob) };
    const roots = pathRoots(strings);
    if (roots && roots.length <= SUGGEST_LIMITS.pathRoots) return { under: roots };
  }
  const scalars = items.every(
    (v) =>
      (typeof v === 'string' && v.length <= SUGGEST_LIMITS.valueLength) ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      typeof v === 'boolean',
  );
  if (!scalars) return undefined;
  const distinct = [...new Set(items as (string | number | boolean)[])];
  if (distinct.length > SUGGEST_LIMITS.values) return undefined;
  return { oneOf: distinct.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)) };
}

/** Hosts of values that are all URLs with a scheme; a bare word is not taken for a host. */
function urlHosts(values: readonly string[]): string[] | undefined {
  const hosts = new Set<string>();
  for (const value of values) {
    const host = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('file:') ? hostOf(value) : undefined;
    if (host === undefined) return undefined;
    hosts.add(host);
  }
  return [...hosts].sort();
}

/**
 * Path roots covering values that are all absolute paths: a path that contains another
 * observed path is a directory and is kept as is; any other path grants its parent
 * directory, so a tool that read `/srv/data/a.csv` may read its siblings but not `/srv`.
 */
function pathRoots(values: readonly string[]): string[] | undefined {
  const paths = new Set<string>();
  for (const value of values) {
    const normal = normalisePath(value);
    if (!normal.ok) return undefined;
    paths.add(normal.path);
  }
  const all = [...paths];
  const candidates = all.map((p) => (all.some((q) => q !== p && isUnder(q, p)) ? p : parentOf(p)));
  const unique = [...new Set(candidates)].sort();
  return unique.filter((root) => !unique.some((other) => other !== root && isUnder(root, other)));
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}
