import { canonicalJson } from '@mcp-ledger/events';
import { IdempotentProducer, KafkaEventSink, sessionIdOfLine, type OutgoingMessage } from '@mcp-ledger/kafka';
import { interleave } from './support/interleave';
import { ensureBenchTopic, type KafkaBenchEnv } from './support/kafka-env';
import { perSecond, progress, ratioRange, type ResultRow } from './support/report';
import { buildSessionEvents } from './support/sealed-events';
import { median } from './support/stats';

/**
 * (c2) Producer throughput of the emitter's Kafka sink: `KafkaEventSink.write` of canonical
 * ~1 KB event lines in batches of `writeBatch` (the emitter's dispatcher default, 500),
 * one write in flight at a time as the dispatcher does, until every line is acknowledged
 * (acks = all), against a bare `IdempotentProducer.sendMany` of the same messages (keys
 * precomputed) in the same batches. Both go to a benchmark-only topic with the events
 * topic's 6 partitions, so the projector's input stays clean.
 *
 * Both sides use the same producer underneath, so the ratio is the sink's own price (key
 * extraction, message objects). The absolute figure is the one to compare with the raw
 * kafkajs throughput of /work/shared/TOOLCHAIN.md (37–52k msg/s, batches of 1,000).
 */

export interface ProducerBenchOptions {
  eventsPerRepetition: number;
  writeBatch: number;
  repetitions: number;
  warmups: number;
  textBytes: number;
}

interface ProduceResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface ProducerBenchOutcome {
  rows: ResultRow[];
  notes: string[];
  sinkEventsPerSecond: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function runProducerBench(env: KafkaBenchEnv, options: ProducerBenchOptions): Promise<ProducerBenchOutcome> {
  const log = progress('kafka producer');
  const topic = `bench.producer.${env.runId}`;
  await ensureBenchTopic(env, topic);
  const connection = { bootstrap: env.bootstrap, logger: env.logger };
  const sink = new KafkaEventSink({ ...connection, clientId: `bench-sink-${env.runId}`, topic });
  // The sink's producer with the sink's settings (it sets only deliveryTimeoutMs, which no healthy run reaches).
  const bare = new IdempotentProducer({ ...connection, clientId: `bench-bare-${env.runId}`, deliveryTimeoutMs: 10_000 });
  let bytesPerEvent = 0;

  const makeLines = (side: string, rep: number): string[] => {
    const tenant = `bench-${env.runId}-produce-${side}-${rep < 0 ? `w${-rep}` : rep}`;
    const lines = buildSessionEvents({ tenant, events: options.eventsPerRepetition, callsPerSession: 50, textBytes: options.textBytes }).map((event) =>
      canonicalJson(event),
    );
    bytesPerEvent = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / lines.length;
    return lines;
  };

  const timed = async (events: number, send: () => Promise<void>): Promise<ProduceResult> => {
    const started = performance.now();
    await send();
    const seconds = (performance.now() - started) / 1000;
    return { events, seconds, eventsPerSecond: events / seconds };
  };

  const viaSink = async (rep: number): Promise<ProduceResult> => {
    const batches = chunk(makeLines('sink', rep), options.writeBatch);
    return timed(options.eventsPerRepetition, async () => {
      for (const lines of batches) await sink.write(lines);
    });
  };

  const viaProducer = async (rep: number): Promise<ProduceResult> => {
    const batches = chunk(
      makeLines('bare', rep).map((line): OutgoingMessage => ({ topic, key: sessionIdOfLine(line), value: line })),
      options.writeBatch,
    );
    return timed(options.eventsPerRepetition, async () => {
      for (const messages of batches) await bare.sendMany(messages);
    });
  };

  try {
    log(
      `${options.warmups} warm-up + ${options.repetitions} measured repetitions per side: ${options.eventsPerRepetition} events, ` +
        `writes of ${options.writeBatch}, one in flight`,
    );
    const results = await interleave<ProduceResult>({
      baseline: { name: 'IdempotentProducer.sendMany', run: viaProducer },
      candidate: { name: 'KafkaEventSink.write', run: viaSink },
      repetitions: options.repetitions,
      warmups: options.warmups,
      progress: log,
      describe: (r) => `${perSecond(r.eventsPerSecond)} (${r.events} events in ${(r.seconds * 1000).toFixed(0)} ms)`,
    });
    const ratios = results.baseline.map((b, i) => results.candidate[i]!.eventsPerSecond / b.eventsPerSecond);
    const ratio = median(ratios);
    const sinkEventsPerSecond = median(results.candidate.map((r) => r.eventsPerSecond));
    return {
      sinkEventsPerSecond,
      rows: [
        {
          metric: `produce events/s, acked (sink.write vs sendMany, batches of ${options.writeBatch})`,
          baseline: perSecond(median(results.baseline.map((r) => r.eventsPerSecond))),
          candidate: perSecond(sinkEventsPerSecond),
          ratio,
          spread: ratioRange(ratios),
          target: '— (informative)',
        },
      ],
      notes: [
        `producer: ${options.repetitions} interleaved repetitions × ${options.eventsPerRepetition} canonical event lines ` +
          `(${Math.round(bytesPerEvent)} B each), writes of ${options.writeBatch} awaited one after the other (the emitter's dispatcher ` +
          'keeps one write in flight), acks = all, gzip, idempotent, one request in flight (IdempotentProducer), 6 partitions.',
        'producer: both sides share IdempotentProducer, so the ratio is the sink\'s own cost; the absolute figure compares with ' +
          'TOOLCHAIN.md\'s raw kafkajs throughput (37–52k msg/s in batches of 1,000, measured on another day, not in this run).',
      ],
    };
  } finally {
    await Promise.all([sink.close(), bare.close()]);
  }
}
