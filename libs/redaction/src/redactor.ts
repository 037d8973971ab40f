import { detectedValue, MASKED_VALUE, redactionMarker } from './detector';
import { compileRedaction, type CompiledRedaction, type RedactionConfig } from './redaction-config';
import { sensitiveKeyKind } from './sensitive-keys';

/** Called once per masked value: the detector (or sensitive key) name and the JSON Pointer of the value. */
export type OnRedaction = (name: string, path: string) => void;

export interface RedactorOptions {
  /** A configuration (validated here; throws `RedactionConfigError`) or one compiled already. Default: every secret detector. */
  config?: RedactionConfig | CompiledRedaction;
  onRedaction?: OnRedaction;
  /** Build the JSON Pointer of every value walked (default true); off, `onRedaction` gets `''` and the walk allocates no path strings. */
  trackPaths?: boolean;
}

export interface ValueRedactor {
  /** A redacted copy of a JSON value; `path` is the JSON Pointer reported for the value itself. Never mutates its input. */
  value(value: unknown, path?: string): unknown;
  /** One string with every detected value masked. */
  text(text: string, path?: string): string;
  /**
   * JSON text, possibly cut short (a truncated ContentRef body): each string literal is
   * decoded, redacted as a value (and masked whole after a key named like a secret), and
   * re-encoded, so escapes such as `\n` never hide a secret's word boundary. The
   * structure between literals is kept byte for byte.
   */
  jsonText(text: string, path?: string): string;
}

/** Deeper than this, a subtree is replaced by one mask rather than walked (a stack guard, not a limit real MCP messages reach). */
export const MAX_REDACTION_DEPTH = 128;

const isCompiled = (config: RedactionConfig | CompiledRedaction): config is CompiledRedaction =>
  Array.isArray((config as CompiledRedaction).detectors);

/** RFC 6901 escaping of one reference token. */
const pointerToken = (key: string) => (key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key);

/**
 * Builds a redactor from a configuration: masks what the enabled detectors find in every
 * string, every string under a key named like a secret, and reports each mask with the
 * JSON Pointer of the value it was in. Masks are `[REDACTED:<name>]`; no detector matches
 * a mask, so redacting twice changes nothing and reports nothing.
 *
 * @example
 * const redactor = createRedactor({ onRedaction: (name, path) => seen.push({ name, path }) });
 * redactor.value({ url: 'postgres://app:hunter2@db/x' }); // { url: 'postgres://app:[REDACTED:url_password]@db/x' }
 */
export function createRedactor(options: RedactorOptions = {}): ValueRedactor {
  const compiled = options.config === undefined ? compileRedaction() : isCompiled(options.config) ? options.config : compileRedaction(options.config);
  const { detectors, precheck, allow, sensitiveKeys } = compiled;
  const report: OnRedaction = options.onRedaction ?? (() => undefined);
  const trackPaths = options.trackPaths ?? true;

  const text = (input: string, path = ''): string => {
    // The precheck is not global (no lastIndex), and rules out every detector for most strings.
    if (precheck !== undefined && !precheck.test(input)) return input;
    let result = input;
    for (const detector of detectors) {
      const { name, pattern, hint } = detector;
      if (hint !== undefined && !hint.test(result)) continue;
      pattern.lastIndex = 0;
      result = result.replace(pattern, (...args: unknown[]) => {
        const found = detectedValue(detector, args);
        if (found === undefined || allow.has(found.value)) return args[0] as string;
        report(name, path);
        return found.kept + redactionMarker(name);
      });
    }
    return result;
  };

  const walk = (node: unknown, path: string, depth: number): unknown => {
    if (typeof node === 'string') return text(node, path);
    if (node === null || typeof node !== 'object') return node;
    if (depth >= MAX_REDACTION_DEPTH) {
      report('depth_limit', path);
      return redactionMarker('depth_limit');
    }
    if (Array.isArray(node)) {
      const items = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i += 1) items[i] = walk(node[i], trackPaths ? `${path}/${i}` : path, depth + 1);
      return items;
    }
    const copy: Record<string, unknown> = {};
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const member = record[key];
      const memberPath = trackPaths ? `${path}/${pointerToken(key)}` : path;
      const kind = sensitiveKeys && typeof member === 'string' && member.length > 0 ? sensitiveKeyKind(key) : undefined;
      if (kind !== undefined && !MASKED_VALUE.test(member as string) && !allow.has(member as string)) {
        report(kind, memberPath);
        copy[key] = redactionMarker(kind);
      } else {
        copy[key] = walk(member, memberPath, depth + 1);
      }
    }
    return copy;
  };

  const jsonText = (input: string, path = ''): string => {
    let sensitiveKey: string | undefined;
    return input.replace(JSON_STRING_LITERAL, (literal: string, body: string, closing: string, offset: number) => {
      const isKey = closing !== '' && /^\s*:/.test(input.slice(offset + literal.length, offset + literal.length + 16));
      const decoded = decodeLiteral(body, closing === '');
      if (decoded === undefined) return literal;
      if (isKey) {
        sensitiveKey = sensitiveKeys ? sensitiveKeyKind(decoded) : undefined;
        return literal;
      }
      const keyKind = sensitiveKey;
      sensitiveKey = undefined;
      let redacted: string;
      if (keyKind !== undefined && decoded.length > 0 && !MASKED_VALUE.test(decoded) && !allow.has(decoded)) {
        report(keyKind, path);
        redacted = redactionMarker(keyKind);
      } else {
        redacted = text(decoded, path);
      }
      return redacted === decoded ? literal : `${JSON.stringify(redacted).slice(0, -1)}${closing}`;
    });
  };

  return { value: (value, path = '') => walk(value, path, 0), text, jsonText };
}

/** A JSON string literal, or the unterminated one a cut body ends with. */
const JSON_STRING_LITERAL = /"((?:[^"\\]|\\.)*)("?)/g;

/** The value of a literal's body; in a cut one, an escape cut in half at the very end is dropped. */
function decodeLiteral(body: string, cut: boolean): string | undefined {
  for (const candidate of cut ? [body, body.replace(/\\u[0-9a-fA-F]{0,3}$/, '')] : [body]) {
    try {
      return JSON.parse(`"${candidate}"`) as string;
    } catch {
      // Try the next candidate; a literal that decodes in no way is kept as it is.
    }
  }
  return undefined;
}
