import type { OcsfVersion } from './ocsf-version';

/**
 * The OCSF records this library produces, typed as far as a consumer relies on them. The
 * authoritative shape is the OCSF JSON Schema of the version asked for (1.8.0 by default;
 * test/fixtures/ocsf); objects that OCSF leaves open (`unmapped`, `*.data`) are
 * `Record<string, unknown>`.
 */
export interface OcsfProduct {
  name: string;
  vendor_name: string;
  version?: string;
}

export interface OcsfMetadata {
  /** The dedup key: the ledger event id (6003) or the finding id (2004). */
  uid: string;
  version: string;
  product: OcsfProduct;
  profiles?: string[];
  tenant_uid: string;
  correlation_uid?: string;
  event_code?: string;
  sequence?: number;
  original_time?: string;
}

interface OcsfBase {
  activity_id: number;
  activity_name: string;
  category_uid: number;
  category_name: string;
  class_uid: number;
  class_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  /** Epoch milliseconds. */
  time: number;
  message?: string;
  metadata: OcsfMetadata;
  unmapped?: Record<string, unknown>;
}

/** OCSF `fingerprint`: a digest, and (optionally) how the digested bytes were serialised. */
export interface OcsfFingerprint {
  algorithm_id: number;
  algorithm?: string;
  /** Lowercase hex. */
  value: string;
  serialization_id?: number;
  serialization?: string;
}

/** OCSF 1.9 `attestation` (profile `record_integrity`): the record's place in its hash chain. */
export interface OcsfAttestation {
  /** The chain: `<tenant>/<session_id>`. */
  chain_uid: string;
  /** The ledger event's `hash`. */
  fingerprint: OcsfFingerprint;
  /** The event whose `hash` is this event's `prev_hash`; absent at seq 0, and when that event is not known. */
  prev_event?: { uid: string; fingerprint: OcsfFingerprint };
}

export interface OcsfApiActivity extends OcsfBase {
  class_uid: 6003;
  status_id: number;
  status: string;
  actor: { session: { uid: string; uid_alt?: string }; app_name?: string };
  api: {
    operation: string;
    version?: string;
    service?: { name: string; version?: string };
    request?: { uid: string; data?: unknown };
    response?: { error?: string; error_message?: string; message?: string; data?: unknown };
  };
  src_endpoint: { hostname?: string; name?: string; svc_name?: string };
  dst_endpoint?: { svc_name: string };
  duration?: number;
  resources?: { name?: string; uid?: string; type: string }[];
  message_context?: { uid: string; ai_role_id?: number; ai_role?: string; service: { name: string; version?: string } };
  /** OCSF 1.9.0-dev only. */
  attestation_list?: OcsfAttestation[];
}

export interface OcsfDetectionFinding extends OcsfBase {
  class_uid: 2004;
  status_id: number;
  status: string;
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    analytic: { type_id: number; type: string; uid: string; name: string };
    created_time: number;
    related_events?: { uid: string }[];
  };
  evidences: Record<string, unknown>[];
  resources?: { name: string; type: string }[];
}

export type OcsfRecord = OcsfApiActivity | OcsfDetectionFinding;

/** Who the records say produced them (`metadata.product`). */
export interface OcsfOptions {
  /** `metadata.product.version`, e.g. the ledger's package version. */
  productVersion?: string;
  /** `metadata.product.vendor_name`; "MCP Ledger" unless the deployment names itself. */
  vendorName?: string;
  /** `metadata.version`, and what comes with it (ocsf-version.ts); default 1.8.0. */
  ocsfVersion?: OcsfVersion;
}

/** What an API Activity record needs beyond its event. */
export interface ApiActivityOptions extends OcsfOptions {
  /**
   * 1.9.0-dev: the id of the stored event whose `hash` is this event's `prev_hash`, for
   * `prev_event.uid`. The event itself does not carry it; without it there is no
   * `prev_event` (OCSF requires its uid, and an id is never guessed).
   */
  previousEventId?: string;
}
