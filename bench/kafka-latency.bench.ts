import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, TOPICS, type LedgerEvent } from '@mcp-ledger/events';
import { EventStoreWriter } from '@mcp-ledger/ledger-core';
import type { AbsoluteRow } from './support/bench-report';
import { storedCount, waitUntil, type KafkaBenchEnv } from './support/kafka-env';
import type { PacedProducerConfig, PacedProducerMessage } from './support/paced-producer.child';
import { perSecond, progress } from './support/report';
import { buildSessionEvents } from './support/sealed-events';
import { median, percentileOfSorted } from './support/stats';

/**
 * (c3) Event-to-queryable latency at a steady rate: a child process publishes prebuilt
 * canonical ~1 KB events (keyed by session) through `KafkaEventSink` at `ratePerSecond` for
 * `seconds`, while the real KafkaProjector of the bench's Nest context consumes the events
 * topic into chdb. For every event, latency = when the projector's `EventStoreWriter.commit`
 * that stored it resolved (from then on a query finds it; the writer's provenance analysis
 * runs after the `events` insert and is included) − when the event was due at the producer. The first `warmupSeconds` of events
 * are left out of the percentiles (producer connect, first fetches).
 *
 * One long run, not interleaved repetitions: the figure is an absolute latency under a
 * load, not a ratio against a baseline. The target is p99 ≤ 1 s.
 */

export interface LatencyBenchOptions {
  ratePerSecond: number;
  seconds: number;
  warmupSeconds: number;
  textBytes: number;
  writeBatch: number;
  lingerMs: number;
}

export const LATENCY_TARGETS = { p99Ms: 1000 } as const;

export interface LatencyBenchOutcome {
  absolute: AbsoluteRow[];
  notes: string[];
}

const wallNow = () => performance.timeOrigin + performance.now();
const ms = (value: number) => `${value.toFixed(0)} ms`;

export async function runLatencyBench(env: KafkaBenchEnv, options: LatencyBenchOptions): Promise<LatencyBenchOutcome> {
  const log = progress('kafka latency');
  const total = Math.round(options.ratePerSecond * options.seconds);
  const tenant = `bench-${env.runId}-latency`;
  log(`building ${total} events (${options.ratePerSecond}/s for ${options.seconds} s)`);
  const events: LedgerEvent[] = buildSessionEvents({ tenant, events: total, callsPerSession: 50, textBytes: options.textBytes });
  const lines = events.map((event) => canonicalJson(event));
  const bytesPerEvent = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / lines.length;
  const indexOf = new Map(events.map((event, i) => [event.id, i]));
  const dir = mkdtempSync(join(tmpdir(), 'mcp-ledger-bench-latency-'));
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);

  // Observe the projector's durable write: the same EventStoreWriter instance its handler uses.
  const writer = env.app.get(EventStoreWriter);
  const originalCommit = writer.commit.bind(writer);
  const storedAt = new Float64Array(total).fill(Number.NaN);
  const commits: { size: number; ms: number }[] = [];
  let storedEvents = 0;
  writer.commit = async (batch) => {
    const started = wallNow();
    const result = await originalCommit(batch);
    const at = wallNow();
    commits.push({ size: batch.length, ms: at - started });
    for (const event of batch) {
      const i = indexOf.get(event.id);
      if (i !== undefined && Number.isNaN(storedAt[i]!)) {
        storedAt[i] = at;
        storedEvents += 1;
      }
    }
    return result;
  };

  const config: PacedProducerConfig = {
    bootstrap: env.bootstrap,
    topic: TOPICS.events,
    clientId: `bench-paced-${env.runId}`,
    file,
    ratePerSecond: options.ratePerSecond,
    writeBatch: options.writeBatch,
    lingerMs: options.lingerMs,
  };
  const child = fork(join(__dirname, 'support', 'paced-producer.child.js'), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: PacedProducerMessage[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.on('message', (message: PacedProducerMessage) => {
    if (message.type !== 'progress') messages.push(message);
    else log(`producer: ${message.due} due, ${message.acked} acked (${message.writes} writes); projector stored ${storedEvents}`);
  });
  const find = <T extends PacedProducerMessage['type']>(type: T) =>
    messages.find((m): m is Extract<PacedProducerMessage, { type: T }> => m.type === type);
  const failed = () => find('failed')?.error;

  try {
    const cpuBefore = process.cpuUsage();
    await env.projector.start();
    await waitUntil(() => find('ready') !== undefined || failed() !== undefined, () => 'producer child not ready', 60_000, 10);
    if (failed()) throw new Error(`paced producer failed: ${failed()}`);
    // Let the projector join its group before the clock starts: the join is not steady state.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    log(`producing ${total} events at ${options.ratePerSecond}/s from a child process; projector running`);
    child.send('go');
    await waitUntil(
      () => find('done') !== undefined || failed() !== undefined,
      () => `producer still running`,
      (options.seconds + 120) * 1000,
      20,
    );
    if (failed()) throw new Error(`paced producer failed: ${failed()}`);
    const done = find('done')!;
    const t0 = find('started')!.t0;
    await waitUntil(() => storedEvents >= total, () => `projector stored ${storedEvents} of ${total}`, 120_000, 5);
    const cpu = process.cpuUsage(cpuBefore);
    const stored = await storedCount(env.db, tenant);
    if (stored !== total) throw new Error(`tenant ${tenant} holds ${stored} events, expected ${total}`);
    await env.projector.stop();

    const intervalMs = 1000 / options.ratePerSecond;
    const firstCounted = Math.min(total - 1, Math.round(options.warmupSeconds * options.ratePerSecond));
    const latencies: number[] = [];
    let lastStored = 0;
    for (let i = 0; i < total; i += 1) {
      lastStored = Math.max(lastStored, storedAt[i]!);
      if (i >= firstCounted) latencies.push(storedAt[i]! - (t0 + i * intervalMs));
    }
    latencies.sort((a, b) => a - b);
    const ackSorted = done.ackLatencies;
    const p50 = percentileOfSorted(latencies, 50);
    const p99 = percentileOfSorted(latencies, 99);
    const producedRate = total / ((done.lastAckAt - t0) / 1000);
    const storedRate = total / ((lastStored - t0) / 1000);
    const commitSizes = commits.map((c) => c.size);
    const commitMs = commits.map((c) => c.ms);
    const seconds = (lastStored - t0) / 1000;
    const rateHeld = producedRate >= options.ratePerSecond * 0.95 && storedRate >= options.ratePerSecond * 0.95;
    return {
      absolute: [
        {
          metric: `event → queryable latency p50 at ${perSecond(options.ratePerSecond)}`,
          value: ms(p50),
          range: `p90 ${ms(percentileOfSorted(latencies, 90))}, max ${ms(latencies[latencies.length - 1]!)}`,
          target: '— (informative)',
        },
        {
          metric: `event → queryable latency p99 at ${perSecond(options.ratePerSecond)}`,
          value: ms(p99),
          range: `p99.9 ${ms(percentileOfSorted(latencies, 99.9))}`,
          target: `≤ ${LATENCY_TARGETS.p99Ms} ms${rateHeld ? '' : ' (rate not held)'}`,
          met: p99 <= LATENCY_TARGETS.p99Ms && rateHeld,
        },
        {
          metric: 'achieved rate (produced+acked / stored)',
          value: `${perSecond(producedRate)} / ${perSecond(storedRate)}`,
          range: `offered ${perSecond(options.ratePerSecond)} for ${options.seconds} s`,
          target: `≥ 95 % of ${perSecond(options.ratePerSecond)}`,
          met: rateHeld,
        },
      ],
      notes: [
        `latency: ${total} events (${Math.round(bytesPerEvent)} B canonical lines, 50 tool calls per session, keyed by session) ` +
          `offered at ${options.ratePerSecond}/s by a child process through KafkaEventSink (writes of ≤ ${options.writeBatch}, ` +
          `one in flight, ${options.lingerMs} ms linger like the emitter's dispatcher); percentiles over ${latencies.length} events ` +
          `after the first ${options.warmupSeconds} s; last event stored ${seconds.toFixed(1)} s after the first was due.`,
        `latency: due → acked by the broker (producer side, all events) p50 ${ms(percentileOfSorted(ackSorted, 50))}, ` +
          `p99 ${ms(percentileOfSorted(ackSorted, 99))}, ${done.writes} writes; the producer's timer fell behind schedule by at most ${ms(done.maxScheduleLagMs)}.`,
        `latency: projector ${commits.length} commits, median ${median(commitSizes).toFixed(0)} events (max ${Math.max(...commitSizes)}), ` +
          `commit time p50 ${ms(percentileOfSorted([...commitMs].sort((a, b) => a - b), 50))}, ` +
          `p99 ${ms(percentileOfSorted([...commitMs].sort((a, b) => a - b), 99))}; projector process CPU ` +
          `${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} cores over the run (JS thread + chdb threads).`,
        ...(done.warnings.length > 0 ? [`latency: producer client warnings: ${done.warnings.slice(0, 3).join(' | ')}`] : []),
      ],
    };
  } finally {
    writer.commit = originalCommit;
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await env.projector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
