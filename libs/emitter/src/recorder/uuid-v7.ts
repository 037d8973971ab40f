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

export function uuidv7(now: number = Date.now()): string {
  if (poolOffset + BYTES_PER_ID > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const r = poolOffset;
  poolOffset += BYTES_PER_ID;
  if (now > state.msecs) {
    // Top bit clear: at least 2^31 increments before the counter can overflow.
    state.seq = ((pool[r]! & 0x7f) << 24) | (pool[r + 1]! << 16) | (pool[r + 2]! << 8) | pool[r + 3]!;
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs += 1;
  }
  const msecs = state.msecs;
  const seq = state.seq;
  return (
    HEX[Math.floor(msecs / 0x10000000000) & 0xff]! +
    HEX[Math.floor(msecs / 0x100000000) & 0xff]! +
    HEX[Math.floor(msecs / 0x1000000) & 0xff]! +
    HEX[Math.floor(msecs / 0x10000) & 0xff]! +
    '-' +
    HEX[Math.floor(msecs / 0x100) & 0xff]! +
    HEX[msecs & 0xff]! +
    '-' +
    HEX[0x70 | ((seq >>> 28) & 0x0f)]! +
    HEX[(seq >>> 20) & 0xff]! +
    '-' +
    HEX[0x80 | ((seq >>> 14) & 0x3f)]! +
    HEX[(seq >>> 6) & 0xff]! +
    '-' +
    HEX[((seq << 2) & 0xff) | (pool[r + 4]! & 0x03)]! +
    HEX[pool[r + 5]!]! +
    HEX[pool[r + 6]!]! +
    HEX[pool[r + 7]!]! +
    HEX[pool[r + 8]!]! +
    HEX[pool[r + 9]!]!
  );
}
