import { describe, expect, it } from 'vitest';
import { APPROVAL_DENIED_CODE, APPROVAL_TIMEOUT_CODE, callHash, holdForApproval } from './approval-hold';
import type { ApprovalAnswer, ApprovalsClient } from './ledger-approvals.client';

const HASH = callHash({ server: 'repo', tool: 'delete_repo', arguments: { repo: 'prod' } });

function answer(status: ApprovalAnswer['status'], decision?: Partial<NonNullable<ApprovalAnswer['decision']>>): ApprovalAnswer {
  return {
    approval_id: 'ap-1',
    status,
    call_hash: HASH,
    expires_at: '2026-01-01T00:02:00.000Z',
    ...(decision ? { decision: { decision: 'approved', call_hash: HASH, reviewer: 'key:alice', comment: null, decided_at: '2026-01-01T00:01:00.000Z', ...decision } } : {}),
  };
}

/** A ledger that answers `answers` in turn (the last one repeats) on a fake clock advanced by each sleep. */
function fakeLedger(answers: (ApprovalAnswer | undefined)[], expired: ApprovalAnswer | undefined = answer('EXPIRED', { decision: 'expired', reviewer: 'system' })) {
  let clock = 0;
  const calls: string[] = [];
  const client: ApprovalsClient = {
    get: async () => {
      calls.push(`get@${clock}`);
      return answers.length > 1 ? answers.shift() : answers[0];
    },
    expire: async () => {
      calls.push(`expire@${clock}`);
      return expired;
    },
    definitionApproved: async () => false,
  };
  return { client, calls, now: () => clock, sleep: async (ms: number) => void (clock += ms) };
}

describe('callHash', () => {
  it('binds server, tool and arguments, whatever the key order', () => {
    expect(HASH).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(callHash({ server: 'repo', tool: 'delete_repo', arguments: { repo: 'prod' } })).toBe(HASH);
    expect(callHash({ server: 'repo', tool: 'delete_repo', arguments: { repo: 'staging' } })).not.toBe(HASH);
    expect(callHash({ server: 'other', tool: 'delete_repo', arguments: { repo: 'prod' } })).not.toBe(HASH);
    expect(callHash({ server: 's', tool: 't', arguments: { a: 1, b: 2 } })).toBe(callHash({ server: 's', tool: 't', arguments: { b: 2, a: 1 } }));
  });
});

describe('holdForApproval', () => {
  const held = { approvalId: 'ap-1', callHash: HASH, tool: 'delete_repo', expiresAtMs: 10_000, pollMs: 1000 };

  it('polls while unknown or pending and releases the call once approved for its own hash', async () => {
    const ledger = fakeLedger([undefined, answer('PENDING'), answer('APPROVED', {})]);
    expect(await holdForApproval({ ...held, ...ledger })).toEqual({ forward: true });
    expect(ledger.calls).toEqual(['get@0', 'get@1000', 'get@2000']);
  });

  it('refuses an approval decided for another call hash', async () => {
    const ledger = fakeLedger([answer('APPROVED', { call_hash: callHash({ server: 'repo', tool: 'delete_repo', arguments: { repo: 'staging' } }) })]);
    const verdict = await holdForApproval({ ...held, ...ledger });
    expect(verdict).toMatchObject({ forward: false, error: { code: APPROVAL_DENIED_CODE, message: expect.stringMatching(/different call/) } });
  });

  it('refuses a rejected call, naming the reviewer and comment', async () => {
    const ledger = fakeLedger([answer('DENIED', { decision: 'denied', comment: 'not on a Friday' })]);
    expect(await holdForApproval({ ...held, ...ledger })).toMatchObject({
      forward: false,
      error: { code: APPROVAL_DENIED_CODE, message: 'tools/call "delete_repo" was rejected by key:alice: not on a Friday', data: { decision: 'denied', reviewer: 'key:alice' } },
    });
  });

  it('gives up at the expiry, records it, and refuses with the timeout code', async () => {
    const ledger = fakeLedger([answer('PENDING')]);
    expect(await holdForApproval({ ...held, ...ledger })).toMatchObject({ forward: false, error: { code: APPROVAL_TIMEOUT_CODE, data: { decision: 'expired' } } });
    expect(ledger.calls.at(-1)).toBe('expire@10000');
    expect(ledger.calls.filter((c) => c.startsWith('get'))).toHaveLength(10);
  });

  it('still records the expiry when the ledger already reports EXPIRED by its own clock but holds no decision', async () => {
    const ledger = fakeLedger([answer('PENDING'), answer('EXPIRED')]);
    expect(await holdForApproval({ ...held, ...ledger })).toMatchObject({ forward: false, error: { code: APPROVAL_TIMEOUT_CODE, data: { decision: 'expired' } } });
    expect(ledger.calls.at(-1)).toBe('expire@10000');
  });

  it('lets a decision that beat the expiry count', async () => {
    const ledger = fakeLedger([answer('PENDING')], answer('APPROVED', {}));
    expect(await holdForApproval({ ...held, ...ledger })).toEqual({ forward: true });
  });

  it('refuses (never releases) when the ledger cannot be reached', async () => {
    const ledger = fakeLedger([]);
    ledger.client.get = async () => Promise.reject(new Error('ECONNREFUSED'));
    ledger.client.expire = async () => Promise.reject(new Error('ECONNREFUSED'));
    expect(await holdForApproval({ ...held, ...ledger })).toMatchObject({ forward: false, error: { code: APPROVAL_TIMEOUT_CODE } });
  });
});
