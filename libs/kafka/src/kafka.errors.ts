/** The producer gave up on a batch: the cause was permanent, or the outage outlasted the delivery timeout. */
export class KafkaDeliveryError extends Error {
  override readonly name = 'KafkaDeliveryError';
  constructor(
    message: string,
    readonly reason: 'permanent' | 'timeout' | 'closed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** deploy/kafka/topics.json (or the file given) is missing or does not match its schema. */
export class TopicsFileError extends Error {
  override readonly name = 'TopicsFileError';
}

/**
 * Broker error codes that retrying the same records cannot fix. Everything else (lost
 * connections, leader elections, a client whose retry budget ran out during an outage)
 * is treated as transient.
 */
const PERMANENT_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'UNSUPPORTED_VERSION',
  'UNSUPPORTED_COMPRESSION_TYPE',
  'INVALID_REQUIRED_ACKS',
  'POLICY_VIOLATION',
]);

/** Broker answers after which the idempotent producer must start over with a new producer id. */
const PRODUCER_STATE_TYPES = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

function errorTypes(error: unknown): string[] {
  const types: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth += 1) {
    const type = (current as Error & { type?: unknown }).type;
    if (typeof type === 'string') types.push(type);
    current = current.cause;
  }
  return types;
}

export type SendFailureClass = 'permanent' | 'reset-producer' | 'transient';

export function classifySendFailure(error: unknown): SendFailureClass {
  const types = errorTypes(error);
  if (types.some((type) => PERMANENT_TYPES.has(type))) return 'permanent';
  if (types.some((type) => PRODUCER_STATE_TYPES.has(type))) return 'reset-producer';
  return 'transient';
}
