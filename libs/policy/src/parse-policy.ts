import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { compilePolicy, type Policy } from './compile-policy';
import { PolicyDocument } from './policy.schema';
import { formatPath, locate, type PathSegment } from './source-locations';

export interface PolicyError {
  fileName: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** `rules[2].match.tool`; empty for errors about the whole file. */
  path: string;
  message: string;
}

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/** Aliases expand on load; a cap stops a few lines of YAML from expanding into gigabytes. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses and validates a policy file (YAML, or JSON — a subset of YAML 1.2). Every
 * problem is reported, each with its line, column and field path, syntax errors
 * included; nothing is thrown for bad input. Duplicate keys are errors, so a second
 * `effect:` cannot silently override the first.
 *
 * @example
 * const parsed = parsePolicy(readFileSync(file, 'utf8'), { fileName: file });
 * if (!parsed.ok) throw new Error(parsed.errors.map(formatPolicyError).join('\n'));
 */
export function parsePolicy(text: string, options: { fileName?: string } = {}): ParsePolicyResult {
  const fileName = options.fileName ?? 'policy';
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => syntaxError(e, counter, fileName)) };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError when aliases exceed the cap; anything else is a bug.
    if (!(error instanceof ReferenceError)) throw error;
    return { ok: false, errors: [{ fileName, line: 1, column: 1, path: '', message: error.message }] };
  }

  const parsed = PolicyDocument.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) => issueErrors(issue, raw, doc, counter, fileName));
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  return { ok: true, policy: compilePolicy(parsed.data) };
}

/** `policy.yaml:12:7 rules[2].match.tool: expected a string or a list of strings` */
export function formatPolicyError(error: PolicyError): string {
  const where = `${error.fileName}:${error.line}:${error.column}`;
  return error.path === '' ? `${where} ${error.message}` : `${where} ${error.path}: ${error.message}`;
}

function syntaxError(error: YAMLError, counter: LineCounter, fileName: string): PolicyError {
  const { line, col } = counter.linePos(error.pos[0]);
  // yaml appends " at line L, column C:" and a code frame; we report the position ourselves.
  const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { fileName, line, column: col, path: '', message: `syntax error: ${message}` };
}

function issueErrors(
  issue: z.core.$ZodIssue,
  raw: unknown,
  doc: Parameters<typeof locate>[0],
  counter: LineCounter,
  fileName: string,
): PolicyError[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    // One error per stray key, each at the key itself: that is the line to fix.
    return issue.keys.map((key) => ({
      fileName,
      ...locate(doc, counter, path, key),
      path: formatPath([...path, key]),
      message: 'unknown field',
    }));
  }
  return [{ fileName, ...locate(doc, counter, path), path: formatPath(path), message: messageFor(issue, isMissing(raw, path)) }];
}

function messageFor(issue: z.core.$ZodIssue, missing: boolean): string {
  const expected =
    issue.code === 'invalid_value' ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : issue.code === 'invalid_type' ? issue.expected : undefined;
  if (missing && expected !== undefined) return `required field is missing (expected ${expected})`;
  // Messages we wrote in the schema are kept; zod's generic ones are reworded.
  if (!issue.message.startsWith('Invalid')) return issue.message;
  if (expected !== undefined && issue.code === 'invalid_value') return `expected ${expected}`;
  // "Invalid input: expected string, received number" → "expected string, received number"
  return issue.message.replace(/^Invalid input: /, '');
}

/** True when the document has no value at `path` (as opposed to a value of the wrong kind). */
function isMissing(raw: unknown, path: readonly PathSegment[]): boolean {
  let node = raw;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return true;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node === undefined;
}
