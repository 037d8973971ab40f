import { canonicalJson, quote, sortKeys } from './canonical-json';
import { sha256Ref } from './event-hash';

/** A sealed event and its NDJSON line: `line === canonicalJson(event)`. */
export interface SealedEvent<E = Record<string, unknown>> {
  event: E;
  line: string;
}

export interface SealEventOptions {
  /**
   * Canonical JSON already computed for some top-level members, by name (e.g. a
   * session's `source`, which is the same for many events). The caller guarantees
   * `memberJson[name] === canonicalJson(unsealed[name])`.
   */
  memberJson?: Readonly<Record<string, string | undefined>>;
}

const HASH_KEY = 'hash';

/**
 * Seals an event into a hash chain and serialises it once: sets `prev_hash`, computes
 * `hash` exactly as {@link computeEventHash} does (sha256 over `prev_hash ?? ''`, a
 * newline, and the canonical JSON of the event without `hash`), and returns the sealed
 * event together with its canonical JSON line, built from the same member strings with
 * `"hash"` inserted at its sorted position — so the event is walked once, not once for
 * the hash and again for delivery. A `hash` member of `unsealed` is ignored.
 *
 * @example
 * const { event, line } = sealEvent({ id, type, seq, data, … }, previous?.hash ?? null);
 */
export function sealEvent<E extends Record<string, unknown>>(
  unsealed: E,
  prevHash: string | null,
  options: SealEventOptions = {},
): SealedEvent<E & { prev_hash: string | null; hash: string }> {
  const event: Record<string, unknown> = {};
  const keys: string[] = [];
  for (const key of Object.keys(unsealed)) {
    if (key === HASH_KEY || key === 'prev_hash') continue;
    const member = unsealed[key];
    if (member === undefined) continue;
    event[key] = member;
    keys.push(key);
  }
  event['prev_hash'] = prevHash;
  keys.push('prev_hash');
  sortKeys(keys);

  const known = options.memberJson;
  let head = '';
  let tail = '';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const member = (known === undefined ? undefined : known[key]) ?? canonicalJson(event[key]);
    const text = quote(key) + ':' + member;
    if (key < HASH_KEY) head = head === '' ? text : head + ',' + text;
    else tail = tail === '' ? text : tail + ',' + text;
  }
  // The hash input, flattened once by hashing it; the line is cut from that flat string
  // (two slices around the hash member) so delivery copies flat text, not a rope.
  const prefix = (prevHash ?? '') + '\n{';
  const preimage = prefix + head + (head !== '' && tail !== '' ? ',' : '') + tail + '}';
  const hash = sha256Ref(preimage);
  event[HASH_KEY] = hash;
  const member = '"hash":"' + hash + '"';
  const cut = prefix.length + head.length;
  const line =
    head === ''
      ? '{' + member + (tail === '' ? '}' : ',' + preimage.slice(cut))
      : preimage.slice(prefix.length - 1, cut) + ',' + member + preimage.slice(cut);
  return { event: event as E & { prev_hash: string | null; hash: string }, line };
}
