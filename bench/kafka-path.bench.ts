import type { BenchReport } from './support/bench-report';
import { startKafkaBenchEnv } from './support/kafka-env';
import { progress } from './support/report';
import { runDrainBench, type DrainBenchOptions } from './kafka-drain.bench';
import { runLatencyBench, type LatencyBenchOptions } from './kafka-latency.bench';
import { runProducerBench, type ProducerBenchOptions } from './kafka-producer.bench';

/**
 * (c) The distributed path: emitter → KafkaEventSink → Kafka → KafkaProjector → ClickHouse
 * (embedded chdb here), on one real local broker started for the run. Three measurements
 * share the broker, the engine and the projector's Nest context:
 *
 * 1. drain: the projector draining preloaded events vs direct inserts of the same rows;
 * 2. producer: KafkaEventSink.write vs a bare IdempotentProducer.sendMany;
 * 3. latency: event → queryable at a steady offered rate.
 */
export interface KafkaBenchOptions {
  drain: DrainBenchOptions;
  producer: ProducerBenchOptions;
  latency: LatencyBenchOptions;
}

export async function runKafkaBench(options: KafkaBenchOptions): Promise<BenchReport> {
  const log = progress('kafka');
  const env = await startKafkaBenchEnv(log);
  try {
    const drain = await runDrainBench(env, options.drain);
    const producer = await runProducerBench(env, options.producer);
    const latency = await runLatencyBench(env, options.latency);
    const clientErrors = env.logger.lines.filter((line) => line.startsWith('error'));
    return {
      title: '(c) distributed path (Kafka): projector drain, producer throughput, event → queryable latency',
      rows: [...drain.rows, ...producer.rows],
      absolute: latency.absolute,
      notes: [
        ...drain.notes,
        ...producer.notes,
        ...latency.notes,
        'One local Apache Kafka broker (KRaft, one node, JVM -Xmx256m) on the same machine as the benchmark process.',
        ...(clientErrors.length > 0 ? [`${clientErrors.length} kafkajs error lines in the bench process, first: ${clientErrors[0]}`] : []),
      ],
    };
  } finally {
    await env.close();
  }
}
