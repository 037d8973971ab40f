import type { ChainProblemKind } from '@mcp-ledger/events';
import type { CheckpointProblemKind, HeadProblemKind } from './checkpoint';

export type IntegrityProblemKind = ChainProblemKind | CheckpointProblemKind | HeadProblemKind | 'checkpoint_missing';

/** One place where the store does not hold what was chained or checkpointed. */
export interface IntegrityProblem {
  kind: IntegrityProblemKind;
  tenant: string;
  sessionId?: string;
  seq?: number;
  eventId?: string;
  /** For checkpoint findings: which checkpoint says so. */
  checkpoint?: { digest: string; createdAt: string };
  detail: string;
}

/**
 * The answer of `mcp-ledger verify`, offline and from `GET /v1/integrity/verify` alike
 * (the CLI prints the same report either way; `--json` prints it as is).
 */
export interface IntegrityReport {
  /** Where the events were read: a data directory or a ClickHouse URL. */
  target: string;
  tenant?: string;
  sessions: number;
  events: number;
  checkpoints: number;
  /** Key ids that signed the checkpoints read. */
  keyIds: string[];
  /** Whether signatures were checked against trusted key ids (else only against the stored key). */
  pinned: boolean;
  problems: IntegrityProblem[];
}
