/**
 * Child process of the Kafka latency benchmark (bench/kafka-latency.bench.ts): an emitter
 * stand-in that publishes prebuilt canonical event lines through `KafkaEventSink` at a
 * fixed rate, in its own process (an agent's emitter does not share the projector's event
 * loop).
 *
 * Event i is due at t0 + i / rate. Due events are buffered and written the way the
 * emitter's dispatcher does it: one `write` in flight, up to `writeBatch` lines each, the
 * next write as soon as the previous one is acknowledged, or after `lingerMs` when the
 * buffer was empty. Latencies are counted from the due time, so a producer that falls
 * behind shows up in them (no coordinated omission).
 *
 * Protocol (IPC): argv[2] is the JSON config; the child sends `ready`, waits for `go`,
 * sends `started { t0 }` (epoch ms, fractional) and finally `done { … }`.
 */
import { readFileSync } from 'node:fs';
import { KafkaEventSink, type KafkaLogger } from '@mcp-ledger/kafka';

export interface PacedProducerConfig {
  bootstrap: string;
  topic: string;
  clientId: string;
  /** NDJSON file of canonical event lines, in due order. */
  file: string;
  ratePerSecond: number;
  writeBatch: number;
  lingerMs: number;
}

export type PacedProducerMessage =
  | { type: 'ready'; events: number }
  | { type: 'started'; t0: number }
  /** Once a second while producing. */
  | { type: 'progress'; due: number; acked: number; writes: number }
  | {
      type: 'done';
      sent: number;
      /** Epoch ms at which the last write was acknowledged. */
      lastAckAt: number;
      writes: number;
      /** Due → acknowledged, per event, in ms (sorted sample of every event). */
      ackLatencies: number[];
      /** How far behind schedule the producer got when it buffered events (max over ticks), ms. */
      maxScheduleLagMs: number;
      warnings: string[];
    }
  | { type: 'failed'; error: string };

const wallNow = () => performance.timeOrigin + performance.now();

/** Resolves once the message is handed to the IPC channel: a large `done` would be lost to an early disconnect. */
function send(message: PacedProducerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as PacedProducerConfig;
  const lines = readFileSync(config.file, 'utf8').split('\n').filter((line) => line.length > 0);
  const warnings: string[] = [];
  const logger: KafkaLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void warnings.push(`warn ${message}`),
    error: (message) => void warnings.push(`error ${message}`),
  };
  const sink = new KafkaEventSink({ bootstrap: config.bootstrap, clientId: config.clientId, topic: config.topic, logger });
  void send({ type: 'ready', events: lines.length });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  const t0 = wallNow();
  void send({ type: 'started', t0 });
  const intervalMs = 1000 / config.ratePerSecond;
  const ackLatencies = new Array<number>(lines.length);
  let next = 0;
  const buffer: number[] = [];
  let bufferedSince = 0;
  let writing: Promise<void> | undefined;
  let writes = 0;
  let lastAckAt = t0;
  let maxScheduleLagMs = 0;
  let failure: unknown;
  let acked = 0;
  const report = setInterval(() => void send({ type: 'progress', due: next, acked, writes }), 1000);

  const write = (): void => {
    const batch = buffer.splice(0, config.writeBatch);
    bufferedSince = buffer.length > 0 ? wallNow() : 0;
    writes += 1;
    writing = sink
      .write(batch.map((i) => lines[i]!))
      .then(() => {
        const at = wallNow();
        lastAckAt = at;
        acked += batch.length;
        for (const i of batch) ackLatencies[i] = at - (t0 + i * intervalMs);
      })
      .catch((error: unknown) => void (failure ??= error))
      .finally(() => {
        writing = undefined;
        // Events that arrived while the write was in flight go at once (the dispatcher's pump loop).
        if (buffer.length > 0) write();
      });
  };

  await new Promise<void>((resolve, reject) => {
    const tick = setInterval(() => {
      if (failure !== undefined) {
        clearInterval(tick);
        reject(failure instanceof Error ? failure : new Error(String(failure)));
        return;
      }
      const now = wallNow();
      const due = Math.min(lines.length, Math.floor((now - t0) / intervalMs) + 1);
      if (due > next) {
        maxScheduleLagMs = Math.max(maxScheduleLagMs, now - (t0 + next * intervalMs));
        if (buffer.length === 0) bufferedSince = now;
        for (; next < due; next += 1) buffer.push(next);
      }
      if (!writing && buffer.length > 0 && (buffer.length >= config.writeBatch || now - bufferedSince >= config.lingerMs || next === lines.length)) {
        write();
      }
      if (next === lines.length && buffer.length === 0 && !writing) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  clearInterval(report);
  await sink.close();
  await send({
    type: 'done',
    sent: lines.length,
    lastAckAt,
    writes,
    ackLatencies: ackLatencies.sort((a, b) => a - b),
    maxScheduleLagMs,
    warnings: warnings.slice(0, 20),
  });
}

main().then(
  () => process.disconnect?.(),
  async (error: unknown) => {
    process.exitCode = 1;
    await send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.disconnect?.();
  },
);
