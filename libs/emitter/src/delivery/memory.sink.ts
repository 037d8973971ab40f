import type { LedgerEvent } from '@mcp-ledger/events';
import type { EventSink } from './event-sink';

/**
 * Keeps delivered events in memory, for tests and in-process consumers. `failing`
 * makes writes reject (retryably) to simulate an outage.
 */
export class MemorySink implements EventSink {
  readonly lines: string[] = [];
  readonly events: LedgerEvent[] = [];
  failing = false;
  writes = 0;
  closed = false;

  async write(lines: string[]): Promise<void> {
    this.writes += 1;
    if (this.failing) throw new Error('memory sink is failing (simulated outage)');
    for (const line of lines) {
      this.lines.push(line);
      this.events.push(JSON.parse(line) as LedgerEvent);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
