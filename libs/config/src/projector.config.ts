import { z } from 'zod';
import { OCSF_VERSIONS } from '@mcp-ledger/ocsf';
import { byteSize, checkpointFields, clickhouseFields, kafkaFields, port, runtimeFields } from './config-fragments';

/** `apps/projector`: a Kafka consumer group member writing the read models. */
export const ProjectorConfigSchema = z.object({
  ...kafkaFields,
  ...clickhouseFields,
  ...runtimeFields,
  ...checkpointFields,
  LEDGER_KAFKA_CLIENT_ID: z.string().min(1).default('mcp-ledger-projector'),
  LEDGER_KAFKA_GROUP_ID: z.string().min(1).default('mcp-ledger-projector'),
  /** A group without committed offsets starts at offset 0 (replay) unless false. */
  LEDGER_KAFKA_FROM_BEGINNING: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LEDGER_MAX_EVENT_BYTES: byteSize(1024 * 1024),
  /**
   * The OCSF version of the records published to mcp-ledger.ocsf.v1. 1.9.0-dev adds the
   * record_integrity attestation (the session hash chain, ADR 0019) and fails 1.8.0 schemas,
   * so a topic's consumers must agree before it is switched.
   */
  LEDGER_OCSF_VERSION: z.enum(OCSF_VERSIONS).default('1.8.0'),
  /** Apply pending migrations at start (off where a migrate job owns the schema, e.g. a replicated cluster). */
  LEDGER_MIGRATE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Health endpoint for orchestrators (GET /healthz); 0 picks a free port. */
  LEDGER_HEALTH_PORT: port.default(4001),
  LEDGER_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * A policy file (YAML/JSON): calls from emitters that do not enforce are judged by it
   * after they ran (`policy_violation` findings). The app reads and validates it at start.
   */
  LEDGER_POLICY_FILE: z.string().min(1).optional(),
});
export type ProjectorConfig = z.infer<typeof ProjectorConfigSchema>;
