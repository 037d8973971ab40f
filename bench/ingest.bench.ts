import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { LedgerEvent } from '@mcp-ledger/events';
import { LEDGER_DATABASE } from '@mcp-ledger/ledger-core';
import { toEventRow, type EventRow } from '@mcp-ledger/projections';
import { startPrivateLedger } from '@mcp-ledger/embedded-ledger';
import type { BenchReport } from './support/bench-report';
import { interleave } from './support/interleave';
import { perSecond, progress, ratioRange } from './support/report';
import { buildSessionEvents } from './support/sealed-events';
import { median } from './support/stats';

/**
 * (b) Ingest throughput: sealed ~1 KB tool-call events through `POST /v1/events` of the
 * embedded ledger (candidate) until a count over `events FINAL` for the run's tenant sees
 * them all, against the same events' `events` rows inserted straight into the same chdb
 * engine with `LedgerDatabase.insert` (baseline), same batch sizes, same requests in
 * flight. Both share one engine because chdb allows one data directory per process.
 *
 * The two paths do not do the same work, on purpose: the ledger also validates every
 * event, checks which ids are already stored, and writes the five projection tables
 * (tool_calls, sessions, contents, mcp_servers, mcp_tools). The ratio is the price of all
 * that relative to the bare storage engine.
 */

export interface IngestBenchOptions {
  eventsPerRepetition: number;
  batchSize: number;
  inFlight: number;
  repetitions: number;
  warmups: number;
  /** Size of each tool argument / result text; sets the event size (≈ 1 KB). */
  textBytes: number;
}

export const INGEST_TARGETS = { minRatio: 0.5 } as const;

interface IngestResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Runs `work` over `items` with at most `limit` in flight, in order of start. */
async function withConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

async function waitUntilQueryable(db: LedgerDatabase, tenant: string, expected: number): Promise<void> {
  for (;;) {
    const [row] = await db.query<{ n: string }>('SELECT count() AS n FROM events FINAL WHERE tenant = {tenant:String}', { tenant });
    const stored = Number(row?.n ?? 0);
    if (stored === expected) return;
    if (stored > expected) throw new Error(`tenant ${tenant} holds ${stored} events, more than the ${expected} sent`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function runIngestBench(options: IngestBenchOptions): Promise<BenchReport> {
  const log = progress('ingest');
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-ledger-bench-ingest-'));
  const runId = Date.now().toString(36);
  log(`starting the embedded ledger in ${dataDir}`);
  // Boot logs (one line per migration) come from a Nest Logger created before the app and
  // its LEDGER_LOG_LEVEL exist; they would interleave with the progress lines.
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  const ledger = await startPrivateLedger({ LEDGER_DATA_DIR: dataDir });
  // Emitters, the ingest client and child processes send it (they read LEDGER_TOKEN).
  process.env['LEDGER_TOKEN'] = ledger.token;
  const db = ledger.app.get<LedgerDatabase>(LEDGER_DATABASE);
  let bytesPerEvent = 0;

  // Inputs are built before the clock starts: event generation and hashing is the
  // emitter's work, not ingest's. Each side gets its input already serialised the way
  // it travels (NDJSON bodies for HTTP, rows for the engine), so each is timed from the
  // first byte sent to the last event queryable.
  const makeEvents = (side: string, rep: number): { tenant: string; events: LedgerEvent[] } => {
    const tenant = `bench-${runId}-${side}-${rep < 0 ? `w${-rep}` : rep}`;
    const events = buildSessionEvents({ tenant, events: options.eventsPerRepetition, callsPerSession: 50, textBytes: options.textBytes });
    return { tenant, events };
  };

  const timed = async (tenant: string, total: number, send: () => Promise<void>): Promise<IngestResult> => {
    const started = performance.now();
    await send();
    await waitUntilQueryable(db, tenant, total);
    const seconds = (performance.now() - started) / 1000;
    return { events: total, seconds, eventsPerSecond: total / seconds };
  };

  const viaLedger = async (rep: number): Promise<IngestResult> => {
    const { tenant, events } = makeEvents('http', rep);
    const bodies = chunk(events, options.batchSize).map((batch) => batch.map((event) => JSON.stringify(event)).join('\n'));
    bytesPerEvent = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0) / events.length;
    return timed(tenant, events.length, () =>
      withConcurrency(bodies, options.inFlight, async (body) => {
        const response = await fetch(`${ledger.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ledger.token}` },
          body,
        });
        const answer = await response.text();
        if (response.status !== 202) throw new Error(`POST /v1/events answered ${response.status}: ${answer.slice(0, 500)}`);
      }),
    );
  };

  const direct = async (rep: number): Promise<IngestResult> => {
    const { tenant, events } = makeEvents('direct', rep);
    const batches: EventRow[][] = chunk(events.map(toEventRow), options.batchSize);
    return timed(tenant, events.length, () => withConcurrency(batches, options.inFlight, (rows) => db.insert('events', rows)));
  };

  try {
    log(
      `${options.warmups} warm-up + ${options.repetitions} measured repetitions per side: ${options.eventsPerRepetition} events, ` +
        `batches of ${options.batchSize}, ${options.inFlight} in flight`,
    );
    const results = await interleave<IngestResult>({
      baseline: { name: 'direct insert', run: direct },
      candidate: { name: 'POST /v1/events', run: viaLedger },
      repetitions: options.repetitions,
      warmups: options.warmups,
      progress: log,
      describe: (r) => `${perSecond(r.eventsPerSecond)} (${r.events} events in ${(r.seconds * 1000).toFixed(0)} ms)`,
    });
    const ratios = results.baseline.map((b, i) => results.candidate[i]!.eventsPerSecond / b.eventsPerSecond);
    const ratio = median(ratios);
    return {
      title: '(b) ingest: POST /v1/events of the embedded ledger until queryable vs direct LedgerDatabase.insert of the events rows',
      rows: [
        {
          metric: 'events/s until queryable',
          baseline: perSecond(median(results.baseline.map((r) => r.eventsPerSecond))),
          candidate: perSecond(median(results.candidate.map((r) => r.eventsPerSecond))),
          ratio,
          spread: ratioRange(ratios),
          target: `≥ ${INGEST_TARGETS.minRatio}`,
          met: ratio >= INGEST_TARGETS.minRatio,
        },
      ],
      absolute: [],
      notes: [
        `${options.repetitions} interleaved repetitions × ${options.eventsPerRepetition} events per side (a fresh tenant each), ` +
          `${Math.round(bytesPerEvent)} B per event as NDJSON, batches of ${options.batchSize}, ${options.inFlight} in flight.`,
        'Not the same work: the ledger path also decodes and validates each event, looks up already-stored ids, and writes the ' +
          'five projection tables (tool_calls, sessions, contents, mcp_servers, mcp_tools); the baseline writes only `events`.',
        'The HTTP client (fetch) runs in the same process as the ledger, so its CPU is charged to the ledger path.',
      ],
    };
  } finally {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
