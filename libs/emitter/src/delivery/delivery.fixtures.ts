import type { LedgerEvent } from '@mcp-ledger/events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionRecorder } from '../recorder/session-recorder';
import type { EmitterLogger } from './event-sink';

/** `count` valid, chained events of one fresh session (pings), for delivery specs. */
export function sampleEvents(count: number): LedgerEvent[] {
  const recorder = new SessionRecorder({ side: 'client' });
  const events: LedgerEvent[] = [];
  for (let id = 0; events.length < count; id += 1) {
    events.push(...recorder.record({ message: { jsonrpc: '2.0', method: 'notifications/progress', params: { id } }, direction: 'inbound', wallTimeMs: Date.now(), monoMs: id }));
  }
  return events.slice(0, count);
}

export function recordingLogger(): EmitterLogger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return { warnings, errors, warn: (m) => warnings.push(m), error: (m) => errors.push(m) };
}

export function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mcp-ledger-emitter-spec-'));
}
