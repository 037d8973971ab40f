import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { KafkaConnectionOptions, KafkaLogger } from './kafka.types';

export const consoleKafkaLogger: KafkaLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, fields) => console.warn(`[kafka] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[kafka] ${message}`, fields ?? ''),
};

const IDEMPOTENT_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

function bridgeLogs(logger: KafkaLogger): logCreator {
  return () =>
    ({ level, namespace, log }: LogEntry) => {
      const { message, ...fields } = log;
      // Not true of IdempotentProducer, which retries on the same producer id (see there).
      if (message === IDEMPOTENT_RETRIES_WARNING) return;
      const line = `${namespace}: ${message}`;
      if (level <= logLevel.ERROR) logger.error(line, fields);
      else if (level === logLevel.WARN) logger.warn(line, fields);
      else if (level === logLevel.INFO) logger.info(line, fields);
      else logger.debug(line, fields);
    };
}

/** The one place a kafkajs client is built, so every role shares the same settings. */
export function createKafkaClient(options: KafkaConnectionOptions): Kafka {
  const brokers = typeof options.bootstrap === 'string' ? options.bootstrap.split(',') : [...options.bootstrap];
  return new Kafka({
    clientId: options.clientId,
    brokers: brokers.map((broker) => broker.trim()).filter((broker) => broker.length > 0),
    connectionTimeout: 3_000,
    logLevel: logLevel.WARN,
    logCreator: bridgeLogs(options.logger ?? consoleKafkaLogger),
  });
}
