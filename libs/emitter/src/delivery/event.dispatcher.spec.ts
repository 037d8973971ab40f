import { parseLedgerEvent } from '@mcp-ledger/events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, recordingLogger, sampleEvents } from './delivery.fixtures';
import { DiskSpool } from './disk-spool';
import { EventDispatcher } from './event.dispatcher';
import type { EventSink } from './event-sink';
import { FileSink } from './file.sink';
import { MemorySink } from './memory.sink';

/** A sink whose writes hang until released: a slow ingest. */
class GatedSink extends MemorySink {
  private release: () => void = () => undefined;
  private gate = new Promise<void>((resolve) => (this.release = resolve));
  readonly started: Promise<void>;
  private markStarted: () => void = () => undefined;

  constructor() {
    super();
    this.started = new Promise<void>((resolve) => (this.markStarted = resolve));
  }

  override async write(lines: string[]): Promise<void> {
    this.markStarted();
    await this.gate;
    return super.write(lines);
  }

  open(): void {
    this.release();
  }
}

describe('EventDispatcher', () => {
  it('drops only when the spool is full, counts every drop and logs once per burst', async () => {
    const sink = new MemorySink();
    sink.failing = true;
    const logger = recordingLogger();
    const events = sampleEvents(40);
    const oneBatchBytes = Buffer.byteLength(events.slice(0, 5).map((e) => JSON.stringify(e)).join('\n')) + 200;
    const dispatcher = new EventDispatcher({ sink, spool: new DiskSpool({ dir: await freshDir(), maxBytes: oneBatchBytes * 2 }), logger, batchSize: 5, retryInitialMs: 60_000 });
    dispatcher.enqueue(events);
    await dispatcher.flush();
    const { spooled, dropped, delivered } = dispatcher.stats;
    expect(delivered).toBe(0);
    expect(spooled).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
    expect(spooled + dropped).toBe(40);
    expect(logger.warnings.filter((w) => w.includes('AUDIT EVENTS DROPPED'))).toHaveLength(1);

    sink.failing = false;
    expect(await dispatcher.retryNow()).toBe(true);
    expect(sink.events.map((e) => e.seq)).toEqual(events.slice(0, spooled).map((e) => e.seq));
  });

  it('spills to disk instead of blocking when the sink is slow, and keeps order', async () => {
    const sink = new GatedSink();
    const dispatcher = new EventDispatcher({ sink, spool: new DiskSpool({ dir: await freshDir() }), logger: recordingLogger(), batchSize: 3, maxBufferedEvents: 5 });
    const events = sampleEvents(20);
    dispatcher.enqueue(events.slice(0, 3));
    await sink.started;
    for (const event of events.slice(3)) dispatcher.enqueue([event]);
    expect(dispatcher.buffered).toBeLessThan(5);
    sink.open();
    await dispatcher.flush();
    expect(dispatcher.stats.spooled).toBeGreaterThan(0);
    expect(await dispatcher.retryNow()).toBe(true);
    expect(sink.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(dispatcher.stats).toMatchObject({ delivered: 20, dropped: 0 });
  });

  it('keeps a failed batch ahead of newer events spilled while it was in flight', async () => {
    const sink = new GatedSink();
    const dispatcher = new EventDispatcher({ sink, spool: new DiskSpool({ dir: await freshDir() }), logger: recordingLogger(), batchSize: 2, maxBufferedEvents: 2, retryInitialMs: 60_000 });
    const events = sampleEvents(8);
    dispatcher.enqueue(events.slice(0, 2));
    await sink.started;
    dispatcher.enqueue(events.slice(2));
    sink.failing = true;
    sink.open();
    await dispatcher.flush();
    sink.failing = false;
    expect(await dispatcher.retryNow()).toBe(true);
    expect(sink.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('delivers a spool left by an earlier run first', async () => {
    const dir = await freshDir();
    const earlier = sampleEvents(4);
    const down = new MemorySink();
    down.failing = true;
    const first = new EventDispatcher({ sink: down, spool: new DiskSpool({ dir }), logger: recordingLogger(), retryInitialMs: 60_000 });
    first.enqueue(earlier);
    await first.close(1000);

    const sink = new MemorySink();
    const second = new EventDispatcher({ sink, spool: new DiskSpool({ dir }), logger: recordingLogger() });
    const later = sampleEvents(2);
    second.enqueue(later);
    await second.flush();
    expect(await second.retryNow()).toBe(true);
    expect(sink.events.map((e) => e.id)).toEqual([...earlier, ...later].map((e) => e.id));
  });

  it('closes the sink, and counts events enqueued after close as dropped', async () => {
    const sink = new MemorySink();
    const logger = recordingLogger();
    const dispatcher = new EventDispatcher({ sink, spool: new DiskSpool({ dir: await freshDir() }), logger });
    dispatcher.enqueue(sampleEvents(2));
    await dispatcher.close();
    expect(sink.closed).toBe(true);
    expect(sink.events).toHaveLength(2);
    dispatcher.enqueue(sampleEvents(1));
    expect(dispatcher.stats.dropped).toBe(1);
    expect(logger.warnings.join()).toContain('closed');
  });
});

describe('FileSink', () => {
  it('appends one valid event per NDJSON line', async () => {
    const path = join(await freshDir(), 'nested', 'events.ndjson');
    const sink: EventSink = new FileSink(path);
    const dispatcher = new EventDispatcher({ sink, spool: new DiskSpool({ dir: await freshDir() }), logger: recordingLogger(), batchSize: 2 });
    const events = sampleEvents(5);
    dispatcher.enqueue(events.slice(0, 3));
    dispatcher.enqueue(events.slice(3));
    await dispatcher.close();
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines.map((line) => parseLedgerEvent(JSON.parse(line)).ok)).toEqual([true, true, true, true, true]);
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(events.map((e) => e.id));
  });
});
