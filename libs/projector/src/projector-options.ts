import type { KafkaConnectionOptions } from '@mcp-ledger/kafka';

export interface ProjectorOptions {
  kafka: KafkaConnectionOptions;
  groupId: string;
  /** A new group starts from offset 0 (a replay) unless false. */
  fromBeginning: boolean;
  /** Larger messages are dead-lettered as event_too_large. */
  maxEventBytes: number;
}

export const PROJECTOR_OPTIONS = Symbol('PROJECTOR_OPTIONS');
