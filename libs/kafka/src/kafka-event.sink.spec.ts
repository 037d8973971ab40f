import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@mcp-ledger/events';
import { sessionIdOfLine } from './kafka-event.sink';

describe('sessionIdOfLine', () => {
  it('finds the envelope\'s session id, not a look-alike inside the payload', () => {
    const line = canonicalJson({
      data: { arguments: { session_id: 'attacker-chosen', note: '"session_id":"also-fake"' } },
      id: 'e1',
      seq: 3,
      session_id: 'real-session',
      source: { kind: 'emitter', agent: 'x' },
      type: 'tool_call.requested',
    });
    expect(sessionIdOfLine(line)).toBe('real-session');
  });

  it('refuses a line without a session id', () => {
    expect(() => sessionIdOfLine('{"id":"x"}')).toThrow(/no session_id/);
  });
});
