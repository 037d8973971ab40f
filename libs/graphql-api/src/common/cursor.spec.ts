import { describe, expect, it } from 'vitest';
import { ApiError } from './api-errors';
import { decodeKey, decodeTimeCursor, encodeKey } from './cursor';

describe('opaque keys', () => {
  it('round-trip', () => {
    expect(decodeKey(encodeKey(['2026-11-25 10:00:00.000', 's1', 'c1']), 3, 'cursor')).toEqual(['2026-11-25 10:00:00.000', 's1', 'c1']);
  });

  it.each([['not base64 at all!'], [encodeKey(['a', 'b'])], [Buffer.from('{"a":1}').toString('base64url')], [Buffer.from('[1,2,3]').toString('base64url')]])(
    'refuses %s as a 3-part cursor with BAD_USER_INPUT',
    (text) => {
      expect(() => decodeKey(text, 3, 'cursor')).toThrow(ApiError);
    },
  );

  it('takes a time cursor only when its first part is a store time', () => {
    expect(decodeTimeCursor(encodeKey(['2026-11-25 10:00:00.000', 'f1']), 2)).toEqual(['2026-11-25 10:00:00.000', 'f1']);
    for (const time of ['a', '2026-11-25T10:00:00Z', '2026-13-01 00:00:00.000', '2026-02-30 00:00:00.000', "1' OR 1=1"]) {
      expect(() => decodeTimeCursor(encodeKey([time, 'f1']), 2)).toThrow(ApiError);
    }
  });
});
