import { describe, expect, it } from 'vitest';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import type { EventStoreWriter } from './event-store.writer';
import { LedgerWriter } from './ledger-writer';

const event = (id: string) => ({ id }) as unknown as LedgerEvent;

/** A store that refuses any commit containing a "poison" event, as ClickHouse refuses a bad row. */
function storeRefusingPoison() {
  const commits: string[][] = [];
  const store = {
    commit: async (events: readonly LedgerEvent[]) => {
      commits.push(events.map((e) => e.id));
      if (events.some((e) => e.id.startsWith('poison'))) throw new Error('Cannot parse input');
      return new Set<string>();
    },
  } as unknown as EventStoreWriter;
  return { store, commits };
}

describe('LedgerWriter', () => {
  it('commits requests that arrive together in one write', async () => {
    const { store, commits } = storeRefusingPoison();
    const writer = new LedgerWriter(store, {} as LedgerDatabase);
    const results = await Promise.all([writer.record([event('a')]), writer.record([event('b')]), writer.record([event('c')])]);
    expect(results).toEqual([1, 1, 1].map((accepted) => ({ accepted, duplicates: 0 })));
    expect(commits.length).toBeLessThanOrEqual(2);
  });

  it('fails only the request whose events the store refuses, not the ones coalesced with it', async () => {
    const { store } = storeRefusingPoison();
    const writer = new LedgerWriter(store, {} as LedgerDatabase);
    const [first, poisoned, third] = await Promise.allSettled([
      writer.record([event('a')]),
      writer.record([event('poison-1')]),
      writer.record([event('c')]),
    ]);
    expect(first).toEqual({ status: 'fulfilled', value: { accepted: 1, duplicates: 0 } });
    expect(poisoned.status).toBe('rejected');
    expect(third).toEqual({ status: 'fulfilled', value: { accepted: 1, duplicates: 0 } });
  });
});
