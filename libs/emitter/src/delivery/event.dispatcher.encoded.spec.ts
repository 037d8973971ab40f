import { canonicalJson, sealEvent } from '@mcp-ledger/events';
import { describe, expect, it } from 'vitest';
import { freshDir, recordingLogger, sampleEvents } from './delivery.fixtures';
import { DiskSpool } from './disk-spool';
import { EventDispatcher } from './event.dispatcher';
import { MemorySink } from './memory.sink';

/** A sink that takes encoded lines, and records which form each write used. */
class BytesSink extends MemorySink {
  readonly forms: ('bytes' | 'lines')[] = [];

  override async write(lines: string[]): Promise<void> {
    this.forms.push('lines');
    return super.write(lines);
  }

  async writeEncoded(lines: readonly Uint8Array[]): Promise<void> {
    this.forms.push('bytes');
    if (this.failing) throw new Error('bytes sink is failing (simulated outage)');
    await super.write(lines.map((line) => Buffer.from(line).toString('utf8').replace(/\n$/, '')));
  }
}

function sealed(count: number) {
  return sampleEvents(count).map((event) => {
    const { hash: _hash, prev_hash: prev, ...unsealed } = event;
    return sealEvent(unsealed, prev, { encode: true });
  });
}

describe('EventDispatcher with encoded lines', () => {
  it('hands a sink with writeEncoded the bytes sealed with each event', async () => {
    const sink = new BytesSink();
    const dispatcher = new EventDispatcher({ sink, spool: new DiskSpool({ dir: await freshDir() }), logger: recordingLogger(), batchSize: 4 });
    const batch = sealed(10);
    dispatcher.enqueueSealed(batch);
    await dispatcher.flush();
    expect(sink.forms.every((form) => form === 'bytes')).toBe(true);
    expect(sink.lines).toEqual(batch.map((s) => s.line));
    expect(sink.lines).toEqual(batch.map((s) => canonicalJson(s.event)));
    await dispatcher.close();
  });

  it('spools encoded batches as lines when the sink fails, and redelivers them in order', async () => {
    const sink = new BytesSink();
    sink.failing = true;
    const dispatcher = new EventDispatcher({ sink, spool: new DiskSpool({ dir: await freshDir() }), logger: recordingLogger(), batchSize: 3, retryInitialMs: 60_000 });
    const batch = sealed(7);
    dispatcher.enqueueSealed(batch);
    await dispatcher.flush();
    expect(dispatcher.stats.spooled).toBe(7);
    sink.failing = false;
    expect(await dispatcher.retryNow()).toBe(true);
    expect(sink.lines).toEqual(batch.map((s) => s.line));
    expect(dispatcher.stats.delivered).toBe(7);
    await dispatcher.close();
  });
});
