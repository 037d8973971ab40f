import type { KafkaConnectionOptions } from '@mcp-ledger/kafka';
import type { OcsfVersion } from '@mcp-ledger/ocsf';

export interface ProjectorOptions {
  kafka: KafkaConnectionOptions;
  groupId: string;
  /** A new group starts from offset 0 (a replay) unless false. */
  fromBeginning: boolean;
  /** Larger messages are dead-lettered as event_too_large. */
  maxEventBytes: number;
  /** Of the records published to the OCSF topic; 1.8.0 when absent. */
  ocsfVersion?: OcsfVersion;
}

export const PROJECTOR_OPTIONS = Symbol('PROJECTOR_OPTIONS');
