/**
 * The library's own vocabulary. kafkajs types never cross the public API, so callers do
 * not depend on the client library and it can be replaced behind this boundary.
 */

/** Where and who: the bootstrap servers and the client id the broker sees. */
export interface KafkaConnectionOptions {
  /** `host:port`, or several of them. */
  bootstrap: string | readonly string[];
  clientId: string;
  /** Receives the client's warnings and errors; the console by default. */
  logger?: KafkaLogger;
}

export interface KafkaLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type HeaderValue = string | Buffer;

/** One message to produce. Events are keyed by session id so a session stays in one partition. */
export interface OutgoingMessage {
  topic: string;
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: Readonly<Record<string, HeaderValue>>;
}

/**
 * One consumed message, decoded from the wire. A null value (tombstone) arrives as an empty
 * buffer; a header key repeated in one record keeps its last value.
 */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as a decimal string. */
  offset: string;
  key: Buffer | null;
  value: Buffer;
  headers: Readonly<Record<string, Buffer>>;
  /** Milliseconds since the epoch, as the producer or broker stamped it. */
  timestamp: number;
}
