import { badInput } from './api-errors';

/** Opaque cursors and ids: base64url JSON arrays of strings, checked on the way in. */
export function encodeKey(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeKey(text: string, arity: number, what: string): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badInput(`${what} ${JSON.stringify(text.slice(0, 64))} is not valid`);
  }
  if (!Array.isArray(parts) || parts.length !== arity || parts.some((part) => typeof part !== 'string')) {
    throw badInput(`${what} ${JSON.stringify(text.slice(0, 64))} is not valid`);
  }
  return parts as string[];
}
