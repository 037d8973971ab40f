import { randomFillSync } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562 §5.7): 48-bit Unix milliseconds, version 7, 12 + 62 bits that
 * are random except for a 32-bit counter at their top (RFC 9562 §6.2 method 1, the same
 * layout as the `uuid` package), reseeded at random on every new millisecond and
 * incremented within one, so ids of one process sort in creation order even within a
 * millisecond or when the clock steps back (the last timestamp is kept until the clock
 * passes it; a counter overflow advances it by one millisecond).
 *
 * The random bits come from a pooled buffer filled by one `randomFillSync` per
 * {@link POOL_BYTES} / 10 ids instead of one `getRandomValues` call per id.
 */
const POOL_BYTES = 8192;
const BYTES_PER_ID = 10;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

const HEX: string[] = Array.from({ length: 256 }, (_, byte) => (byte + 0x100).toString(16).slice(1));

const state = { msecs: -Infinity, seq: 0 };

/** Byte `i` of the pool (always in range: callers index below POOL_BYTES). */
const at = (i: number): number => pool[i] as number;
const hex = (byte: number): string => HEX[byte & 0xff] as string;

export function uuidv7(now: number = Date.now()): string {
  if (poolOffset + BYTES_PER_ID > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const r = poolOffset;
  poolOffset += BYTES_PER_ID;
  if (now > state.msecs) {
    // Top bit clear: at least 2^31 increments before the counter can overflow.
    state.seq = ((at(r) & 0x7f) << 24) | (at(r + 1) << 16) | (at(r + 2) << 8) | at(r + 3);
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs += 1;
  }
  const msecs = state.msecs;
  const seq = state.seq;
  return (
    hex(Math.floor(msecs / 0x10000000000)) +
    hex(Math.floor(msecs / 0x100000000)) +
    hex(Math.floor(msecs / 0x1000000)) +
    hex(Math.floor(msecs / 0x10000)) +
    '-' +
    hex(Math.floor(msecs / 0x100)) +
    hex(msecs) +
    '-' +
    hex(0x70 | ((seq >>> 28) & 0x0f)) +
    hex(seq >>> 20) +
    '-' +
    hex(0x80 | ((seq >>> 14) & 0x3f)) +
    hex(seq >>> 6) +
    '-' +
    hex(((seq << 2) & 0xff) | (at(r + 4) & 0x03)) +
    hex(at(r + 5)) +
    hex(at(r + 6)) +
    hex(at(r + 7)) +
    hex(at(r + 8)) +
    hex(at(r + 9))
  );
}
