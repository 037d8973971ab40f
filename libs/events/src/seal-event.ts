import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson, canonicalJsonWith, quote, sortKeys } from './canonical-json';
import { HASH_PREFIX, sha256Ref } from './event-hash';

/** A sealed event and its NDJSON line: `line === canonicalJson(event)`. */
export interface SealedEvent<E = Record<string, unknown>> {
  event: E;
  line: string;
  /** With `encode`: the UTF-8 bytes of `line` followed by `\n`, ready for a file or socket. */
  bytes?: Buffer;
}

export interface SealEventOptions {
  /**
   * Canonical JSON already computed for some top-level members, by name (e.g. a
   * session's `source`, which is the same for many events). The caller guarantees
   * `memberJson[name] === canonicalJson(unsealed[name])`.
   */
  memberJson?: Readonly<Record<string, string | undefined>>;
  /**
   * Also return the line as UTF-8 bytes (`bytes`). The hash input is then encoded once
   * and both hashed and copied into the line, instead of encoded for hashing here and
   * again when the line is written.
   */
  encode?: boolean;
  /**
   * Canonical JSON already computed for objects anywhere inside the event (see
   * `canonicalJsonWith`); the caller guarantees each entry equals `canonicalJson(object)`.
   */
  known?: ReadonlyMap<object, string>;
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
  const knownObjects = options.known !== undefined && options.known.size > 0 ? options.known : undefined;
  let head = '';
  let tail = '';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const member = (known === undefined ? undefined : known[key]) ?? (knownObjects === undefined ? canonicalJson(event[key]) : canonicalJsonWith(event[key], knownObjects));
    const text = quote(key) + ':' + member;
    if (key < HASH_KEY) head = head === '' ? text : head + ',' + text;
    else tail = tail === '' ? text : tail + ',' + text;
  }
  // The hash input, flattened once by hashing it; the line is cut from that flat string
  // (two slices around the hash member) so delivery copies flat text, not a rope.
  const prefix = (prevHash ?? '') + '\n{';
  const preimage = prefix + head + (head !== '' && tail !== '' ? ',' : '') + tail + '}';
  const encoded = options.encode === true ? encodeScratch(preimage) : undefined;
  const hash = encoded === undefined ? sha256Ref(preimage) : HASH_PREFIX + oneShotHash('sha256', encoded, 'hex');
  event[HASH_KEY] = hash;
  const member = '"hash":"' + hash + '"';
  const cut = prefix.length + head.length;
  const line =
    head === ''
      ? '{' + member + (tail === '' ? '}' : ',' + preimage.slice(cut))
      : preimage.slice(prefix.length - 1, cut) + ',' + member + preimage.slice(cut);
  const sealed: SealedEvent<E & { prev_hash: string | null; hash: string }> = { event: event as E & { prev_hash: string | null; hash: string }, line };
  if (encoded !== undefined) {
    // All ASCII (the usual case): byte offsets are character offsets. Otherwise measure
    // on slices of the now flat hash input rather than re-flattening the head's rope.
    const ascii = encoded.length === preimage.length;
    const prefixBytes = ascii ? prefix.length : Buffer.byteLength(prefix, 'utf8');
    const headBytes = ascii ? head.length : Buffer.byteLength(preimage.slice(prefix.length, cut), 'utf8');
    sealed.bytes = encodeLine(encoded, prefixBytes, headBytes, member);
  }
  return sealed;
}

/**
 * The line's bytes from the encoded hash input `prefix{head[,]tail}`: `{`, head, the
 * hash member (ASCII) at its sorted place, the rest, and a newline.
 */
function encodeLine(preimage: Buffer, prefixBytes: number, headBytes: number, member: string): Buffer {
  const bodyStart = prefixBytes; // just after '{'
  const cut = bodyStart + headBytes;
  const rest = preimage.length - cut; // ',' + tail + '}' or '}' (or tail + '}' without head)
  const out = arenaAlloc(1 + headBytes + (headBytes > 0 ? 1 : 0) + member.length + (headBytes > 0 ? 0 : rest > 1 ? 1 : 0) + rest + 1);
  let at = 0;
  out[at++] = 0x7b; // {
  at += preimage.copy(out, at, bodyStart, cut);
  if (headBytes > 0) out[at++] = 0x2c; // ,
  at += out.write(member, at, 'latin1');
  if (headBytes === 0 && rest > 1) out[at++] = 0x2c;
  at += preimage.copy(out, at, cut);
  out[at++] = 0x0a; // \n
  return out;
}

/**
 * Scratch space for the encoded hash input (reused: it is hashed and copied from, never
 * kept), and an arena that line buffers are carved from, so that sealing an event does
 * not allocate two ArrayBuffers from Node's 8 KiB pool (one pool refill per two events,
 * each a backing store for the GC to track and sweep). A slab is released when the last
 * line cut from it has been written and dropped.
 */
const SCRATCH_BYTES = 256 * 1024;
const SLAB_BYTES = 256 * 1024;
let scratch: Buffer | undefined;
let slab: Buffer | undefined;
let slabOffset = 0;

function encodeScratch(text: string): Buffer {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  if (text.length * 3 > SCRATCH_BYTES) return Buffer.from(text, 'utf8');
  scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  return scratch.subarray(0, scratch.write(text, 0, 'utf8'));
}

function arenaAlloc(size: number): Buffer {
  if (size > SLAB_BYTES / 8) return Buffer.allocUnsafeSlow(size);
  if (slab === undefined || slabOffset + size > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabOffset = 0;
  }
  const out = slab.subarray(slabOffset, slabOffset + size);
  // 8-byte aligned starts, as Node's own pool does.
  slabOffset += (size + 7) & ~7;
  return out;
}
