import type { Glob } from './glob';
import { compileHostGlobs, hostAllowed } from './host-match';
import { checkJsonSchema } from './json-schema-subset';
import { isUnder, normalisePath, normaliseRoots } from './path-under';
import type { ArgumentConstraint } from './policy.schema';

export type ConstraintKind = 'present' | 'pattern' | 'under' | 'hosts' | 'oneOf' | 'schema';

/** Names the argument and the constraint, never the value (reasons are recorded in events). */
export interface ArgumentViolation {
  argument: string;
  constraint: ConstraintKind;
  message: string;
}

type Check = (value: unknown) => string | undefined;

export interface CompiledConstraints {
  /** Every violation, in the order the file lists the arguments. */
  violations(args: unknown): ArgumentViolation[];
}

/**
 * `pattern`, `under`, `hosts` and `oneOf` test a scalar, or every element of an array
 * (a `recipients` list passes only if each recipient does); `schema` sees the whole value.
 */
export function compileConstraints(spec: Record<string, ArgumentConstraint>): CompiledConstraints {
  const compiled = Object.entries(spec).map(([argument, c]) => ({ argument, optional: c.optional === true, checks: checksFor(c) }));
  return {
    violations(args) {
      const out: ArgumentViolation[] = [];
      for (const { argument, optional, checks } of compiled) {
        // Own properties only: `constructor` or `__proto__` must never resolve through the prototype.
        const present = isPlainObject(args) && Object.hasOwn(args, argument);
        if (!present) {
          if (!optional) out.push({ argument, constraint: 'present', message: `argument "${argument}" is required` });
          continue;
        }
        const value = (args as Record<string, unknown>)[argument];
        for (const [constraint, check] of checks) {
          const failure = check(value);
          if (failure !== undefined) out.push({ argument, constraint, message: `argument "${argument}" ${failure}` });
        }
      }
      return out;
    },
  };
}

function checksFor(c: ArgumentConstraint): [ConstraintKind, Check][] {
  const checks: [ConstraintKind, Check][] = [];
  if (c.pattern !== undefined) {
    const re = new RegExp(c.pattern, 'u');
    const source = c.pattern;
    checks.push(['pattern', each((v) => (typeof v === 'string' && re.test(v) ? undefined : `does not match pattern ${source}`))]);
  }
  if (c.under !== undefined) {
    const roots = normaliseRoots(c.under);
    const list = c.under.join(', ');
    checks.push(['under', each((v) => underFailure(roots, list, v))]);
  }
  if (c.hosts !== undefined) {
    const globs: Glob[] = compileHostGlobs(c.hosts);
    const list = c.hosts.join(', ');
    checks.push(['hosts', each((v) => (typeof v === 'string' && hostAllowed(globs, v) ? undefined : `is not a URL on an allowed host (${list})`))]);
  }
  if (c.oneOf !== undefined) {
    const allowed = new Set<unknown>(c.oneOf);
    checks.push(['oneOf', each((v) => (allowed.has(v) ? undefined : 'is not one of the allowed values'))]);
  }
  if (c.schema !== undefined) {
    const schema = c.schema;
    checks.push(['schema', (v) => {
      const failure = checkJsonSchema(schema, v);
      return failure === undefined ? undefined : `fails schema: ${failure}`;
    }]);
  }
  return checks;
}

function underFailure(roots: readonly string[], list: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `is not a path under ${list}`;
  const normal = normalisePath(value);
  if (!normal.ok) return `is not a path under ${list} (${normal.why})`;
  return roots.some((root) => isUnder(normal.path, root)) ? undefined : `is not a path under ${list}`;
}

/** Applies a scalar check to a value or to every element of an array value. */
function each(check: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) return check(value);
    for (let i = 0; i < value.length; i++) {
      const failure = check(value[i]);
      if (failure !== undefined) return `[${i}] ${failure}`;
    }
    return undefined;
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
