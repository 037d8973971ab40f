import { parseLedgerEvent } from '@mcp-ledger/events';
import { readdir } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDir, recordingLogger, sampleEvents } from './delivery.fixtures';
import { DiskSpool } from './disk-spool';
import { EventDispatcher } from './event.dispatcher';
import { HttpSink } from './http.sink';

/** A real ingest stand-in on 127.0.0.1 that records what it was sent. */
class IngestServer {
  readonly bodies: string[] = [];
  readonly headers: IncomingHttpHeaders[] = [];
  status = 202;
  answer = '{"accepted":true}';
  private server: Server | undefined;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.bodies.push(body);
        this.headers.push(request.headers);
        response.writeHead(this.status, { 'content-type': 'application/json' }).end(this.answer);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get eventIds(): string[] {
    return this.bodies.flatMap((body) => body.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id));
  }
}

const servers: IngestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function ingest(port = 0): Promise<IngestServer> {
  const server = await new IngestServer().start(port);
  servers.push(server);
  return server;
}

describe('HttpSink', () => {
  it('POSTs canonical NDJSON to /v1/events with the bearer token', async () => {
    const server = await ingest();
    const events = sampleEvents(3);
    const dispatcher = new EventDispatcher({ sink: new HttpSink({ url: `${server.url}/`, token: 's3cret' }), spool: new DiskSpool({ dir: await freshDir() }), logger: recordingLogger() });
    dispatcher.enqueue(events);
    await dispatcher.flush();
    expect(server.headers[0]).toMatchObject({ 'content-type': 'application/x-ndjson', authorization: 'Bearer s3cret' });
    const lines = server.bodies.join('').split('\n').filter(Boolean);
    expect(lines.map((line) => parseLedgerEvent(JSON.parse(line)).ok)).toEqual([true, true, true]);
    expect(server.eventIds).toEqual(events.map((e) => e.id));
    expect(dispatcher.stats).toMatchObject({ delivered: 3, spooled: 0, dropped: 0, rejected: 0 });
  });

  it('spools while the ingest is down and delivers everything once, in order, when it is back', async () => {
    const probe = await ingest();
    const port = probe.port;
    await probe.stop();
    const dir = await freshDir();
    const logger = recordingLogger();
    // A long backoff keeps the timer out of the way; the spec retries explicitly.
    const dispatcher = new EventDispatcher({ sink: new HttpSink({ url: `http://127.0.0.1:${port}` }), spool: new DiskSpool({ dir }), logger, batchSize: 4, retryInitialMs: 60_000 });
    const events = sampleEvents(10);
    dispatcher.enqueue(events.slice(0, 6));
    await dispatcher.flush();
    dispatcher.enqueue(events.slice(6));
    await dispatcher.flush();
    expect(dispatcher.stats).toMatchObject({ delivered: 0, spooled: 10, dropped: 0 });
    expect((await readdir(dir)).filter((name) => name.endsWith('.ndjson')).length).toBeGreaterThan(1);
    expect(logger.warnings.join('\n')).toContain('spooling');

    const server = await ingest(port);
    expect(await dispatcher.retryNow()).toBe(true);
    expect(server.eventIds).toEqual(events.map((e) => e.id));
    expect(dispatcher.stats).toMatchObject({ delivered: 10, spooled: 10, dropped: 0 });
    expect(await readdir(dir)).toEqual([]);
    await dispatcher.close();
  });

  it('does not retry a batch the ingest refuses with 400, and logs its reason', async () => {
    const server = await ingest();
    server.status = 400;
    server.answer = '{"error":"invalid tool_call.requested event: data.arguments: expected record"}';
    const logger = recordingLogger();
    const dispatcher = new EventDispatcher({ sink: new HttpSink({ url: server.url }), spool: new DiskSpool({ dir: await freshDir() }), logger });
    dispatcher.enqueue(sampleEvents(2));
    await dispatcher.flush();
    expect(await dispatcher.retryNow()).toBe(true);
    expect(server.bodies).toHaveLength(1);
    expect(dispatcher.stats).toMatchObject({ delivered: 0, spooled: 0, rejected: 2 });
    expect(logger.errors.join('\n')).toContain('expected record');
  });
});
