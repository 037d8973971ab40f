import { canonicalJson, TOPICS, type LedgerEvent } from '@mcp-ledger/events';
import { IdempotentProducer } from '@mcp-ledger/kafka';
import { PROJECTION_TABLES, projectEvents, toEventRow } from '@mcp-ledger/projections';
import { interleave } from './support/interleave';
import { storedCount, waitUntil, type KafkaBenchEnv } from './support/kafka-env';
import { perSecond, progress, ratioRange, type ResultRow } from './support/report';
import { buildSessionEvents } from './support/sealed-events';
import { median } from './support/stats';

/**
 * (c1) Projector drain: N sealed ~1 KB events preloaded into the events topic (a fresh
 * tenant per repetition), then the real KafkaProjector (ProjectorModule in a Nest context
 * over the bench's chdb engine) is started and timed until all N are stored, against the
 * same events' rows — `projectEvents` rows of the five projection tables plus `toEventRow`
 * rows, built before the clock — inserted straight into the same engine with
 * `LedgerDatabase.insert`, one batch at a time in the projector's order (projections, then
 * events), with the batch size the projector itself saw in its latest repetition.
 *
 * The projector keeps one consumer group for the whole run: each repetition preloads while
 * it is stopped, then `start()` joins the group and resumes from the committed offsets,
 * i.e. exactly at this repetition's events. Its clock includes that join.
 */

export interface DrainBenchOptions {
  eventsPerRepetition: number;
  repetitions: number;
  warmups: number;
  textBytes: number;
  /** Baseline batch size until the projector has run once. */
  initialBatchSize: number;
}

export const DRAIN_TARGETS = { minRatio: 0.5, stretchRatio: 0.7 } as const;

interface DrainResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Mean messages per handled batch (candidate) or rows per insert batch (baseline). */
  batchSize: number;
  /** Candidate only: start() until the first batch was stored (group join + first fetch). */
  firstBatchMs?: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface DrainBenchOutcome {
  rows: ResultRow[];
  notes: string[];
}

export async function runDrainBench(env: KafkaBenchEnv, options: DrainBenchOptions): Promise<DrainBenchOutcome> {
  const log = progress('kafka drain');
  const { db, projector } = env;
  const producer = new IdempotentProducer({ bootstrap: env.bootstrap, clientId: `bench-preload-${env.runId}`, logger: env.logger });
  let batchSize = options.initialBatchSize;
  let bytesPerEvent = 0;

  const makeEvents = (side: string, rep: number): { tenant: string; events: LedgerEvent[] } => {
    const tenant = `bench-${env.runId}-drain-${side}-${rep < 0 ? `w${-rep}` : rep}`;
    return { tenant, events: buildSessionEvents({ tenant, events: options.eventsPerRepetition, callsPerSession: 50, textBytes: options.textBytes }) };
  };

  const viaProjector = async (rep: number): Promise<DrainResult> => {
    const { tenant, events } = makeEvents('projector', rep);
    const lines = events.map((event) => canonicalJson(event));
    bytesPerEvent = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / lines.length;
    // Preload while the projector is stopped: its group's committed offsets sit at the end of the previous repetition.
    await producer.sendMany(events.map((event, i) => ({ topic: TOPICS.events, key: event.session_id, value: lines[i]! })));
    const before = projector.status();
    const handled = () => {
      const now = projector.status();
      return now.stored + now.duplicates - before.stored - before.duplicates;
    };
    const started = performance.now();
    let firstBatchMs: number | undefined;
    await projector.start();
    await waitUntil(
      () => {
        if (firstBatchMs === undefined && handled() > 0) firstBatchMs = performance.now() - started;
        return handled() >= events.length;
      },
      () => `projector stored ${handled()} of ${events.length}`,
    );
    const stored = await storedCount(db, tenant);
    const seconds = (performance.now() - started) / 1000;
    const after = projector.status();
    await projector.stop();
    if (stored !== events.length) throw new Error(`tenant ${tenant} holds ${stored} events, expected ${events.length}`);
    if (after.deadLettered !== before.deadLettered) throw new Error(`${after.deadLettered - before.deadLettered} events were dead-lettered`);
    const batches = after.batches - before.batches;
    batchSize = Math.max(1, Math.round(events.length / batches));
    return { events: events.length, seconds, eventsPerSecond: events.length / seconds, batchSize, firstBatchMs };
  };

  const direct = async (rep: number): Promise<DrainResult> => {
    const { tenant, events } = makeEvents('direct', rep);
    const size = batchSize;
    const batches = chunk(events, size).map((batch) => ({ projections: projectEvents(batch), events: batch.map(toEventRow) }));
    const started = performance.now();
    for (const batch of batches) {
      for (const table of PROJECTION_TABLES) await db.insert(table, batch.projections[table]);
      await db.insert('events', batch.events);
    }
    const stored = await storedCount(db, tenant);
    const seconds = (performance.now() - started) / 1000;
    if (stored !== events.length) throw new Error(`tenant ${tenant} holds ${stored} events, expected ${events.length}`);
    return { events: events.length, seconds, eventsPerSecond: events.length / seconds, batchSize: size };
  };

  try {
    log(
      `${options.warmups} warm-up + ${options.repetitions} measured repetitions per side, ${options.eventsPerRepetition} events each ` +
        '(preload, then projector start → all stored; baseline: prebuilt rows → LedgerDatabase.insert)',
    );
    const results = await interleave<DrainResult>({
      baseline: { name: 'direct insert', run: direct },
      candidate: { name: 'KafkaProjector', run: viaProjector },
      repetitions: options.repetitions,
      warmups: options.warmups,
      progress: log,
      describe: (r) =>
        `${perSecond(r.eventsPerSecond)} (${r.events} events in ${(r.seconds * 1000).toFixed(0)} ms, batches of ~${r.batchSize}` +
        `${r.firstBatchMs === undefined ? '' : `, first batch stored after ${r.firstBatchMs.toFixed(0)} ms`})`,
    });
    const ratios = results.baseline.map((b, i) => results.candidate[i]!.eventsPerSecond / b.eventsPerSecond);
    const ratio = median(ratios);
    const firstBatch = median(results.candidate.map((r) => r.firstBatchMs ?? 0));
    return {
      rows: [
        {
          metric: 'drain events/s until stored (projector vs direct insert)',
          baseline: perSecond(median(results.baseline.map((r) => r.eventsPerSecond))),
          candidate: perSecond(median(results.candidate.map((r) => r.eventsPerSecond))),
          ratio,
          spread: ratioRange(ratios),
          target: `≥ ${DRAIN_TARGETS.minRatio} (stretch ${DRAIN_TARGETS.stretchRatio})`,
          met: ratio >= DRAIN_TARGETS.minRatio,
        },
      ],
      notes: [
        `drain: ${options.repetitions} interleaved repetitions × ${options.eventsPerRepetition} events per side (fresh tenant each), ` +
          `${Math.round(bytesPerEvent)} B per canonical event line, 6 partitions; projector batches ~${median(results.candidate.map((r) => r.batchSize))} ` +
          `messages (kafkajs fetch, one partition per batch), baseline batches the same size, one insert at a time.`,
        `drain: the projector's clock includes start() → group join → first fetch (median ${firstBatch.toFixed(0)} ms until the first batch was stored).` +
          (ratio >= DRAIN_TARGETS.stretchRatio ? ' Stretch target met.' : ` Stretch target (${DRAIN_TARGETS.stretchRatio}) not met.`),
        'drain: not the same work — the projector also fetches and decompresses (gzip) from Kafka, parses and validates every event ' +
          '(zod), builds the projection and event rows, and looks up already-stored ids; the baseline gets its rows prebuilt.',
      ],
    };
  } finally {
    await producer.close();
  }
}
