import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '@mcp-ledger/events';
import { serverCredentialRows } from './inventory.projection';
import { mergeProjections } from './merge-rows';
import { projectEvents } from './project-events';

function started(time: string, credentials?: { env: string[]; oauth_scopes?: string[] }): LedgerEvent {
  return {
    specversion: '1.0',
    id: `e-${time}`,
    type: 'session.started',
    time,
    tenant: 'acme',
    session_id: 's-1',
    seq: 0,
    prev_hash: null,
    hash: 'h',
    source: { kind: 'proxy', side: 'client', server: { name: 'github' } },
    data: credentials === undefined ? {} : { credentials },
  } as unknown as LedgerEvent;
}

describe('serverCredentialRows', () => {
  it('files env names and OAuth scopes under the server, one row each', () => {
    expect(serverCredentialRows(started('2026-11-25T10:00:00.000Z', { env: ['GITHUB_TOKEN'], oauth_scopes: ['repo'] }))).toEqual([
      { tenant: 'acme', server_name: 'github', kind: 'env', name: 'GITHUB_TOKEN', first_seen_at: '2026-11-25 10:00:00.000', last_seen_at: '2026-11-25 10:00:00.000' },
      { tenant: 'acme', server_name: 'github', kind: 'oauth_scope', name: 'repo', first_seen_at: '2026-11-25 10:00:00.000', last_seen_at: '2026-11-25 10:00:00.000' },
    ]);
  });

  it('says nothing for a session without credentials', () => {
    expect(serverCredentialRows(started('2026-11-25T10:00:00.000Z'))).toEqual([]);
  });

  it('merges sessions into one row per name, first and last seen', () => {
    const a = projectEvents([started('2026-11-25T10:00:00.000Z', { env: ['GITHUB_TOKEN'] })]);
    const b = projectEvents([started('2026-11-25T11:00:00.000Z', { env: ['GITHUB_TOKEN', 'NPM_TOKEN'] })]);
    expect(mergeProjections([b, a]).mcp_server_credentials).toEqual([
      { tenant: 'acme', server_name: 'github', kind: 'env', name: 'GITHUB_TOKEN', first_seen_at: '2026-11-25 10:00:00.000', last_seen_at: '2026-11-25 11:00:00.000' },
      { tenant: 'acme', server_name: 'github', kind: 'env', name: 'NPM_TOKEN', first_seen_at: '2026-11-25 11:00:00.000', last_seen_at: '2026-11-25 11:00:00.000' },
    ]);
  });
});
