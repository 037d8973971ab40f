import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export const HASH_PREFIX = 'sha256:';

/** `sha256:<hex>` of a string's UTF-8 bytes. */
export function sha256Ref(text: string): string {
  // crypto.hash (Node ≥ 20.12): one native call, no Hash object per digest.
  return HASH_PREFIX + oneShotHash('sha256', text, 'hex');
}

/** Hash of any JSON value by its canonical form: the content and definition address. */
export function hashJson(value: unknown): string {
  return sha256Ref(canonicalJson(value));
}

/**
 * The chain link of an event: sha256 over `prev_hash` (or the empty string), a newline,
 * and the canonical JSON of the envelope without its `hash` member. Editing, inserting,
 * deleting or reordering events of a session breaks the chain from that point on.
 */
export function computeEventHash(event: { prev_hash: string | null } & Record<string, unknown>): string {
  const { hash: _ignored, ...rest } = event;
  return sha256Ref((event.prev_hash ?? '') + '\n' + canonicalJson(rest));
}
