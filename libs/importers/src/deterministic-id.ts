import { sha256Ref } from '@mcp-ledger/events';

/**
 * A UUID with version 7 and RFC 9562 variant bits, derived only from `(key, seq)`, so a
 * re-import of the same trace produces the same event ids and every store dedupes it.
 * The leading bits are hash bits rather than a timestamp: ordering within a session is
 * carried by `seq`, and determinism matters more here than time order of ids.
 */
export function deterministicEventId(key: string, seq: number): string {
  const hex = sha256Ref(`${key}\n${seq}`).slice('sha256:'.length, 'sha256:'.length + 32);
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const shaped = hex.slice(0, 12) + '7' + hex.slice(13, 16) + variant + hex.slice(17);
  return `${shaped.slice(0, 8)}-${shaped.slice(8, 12)}-${shaped.slice(12, 16)}-${shaped.slice(16, 20)}-${shaped.slice(20)}`;
}
