export interface ExportOptions {
  /**
   * Only events ingested at least this long ago are exported. Writers stamp `ingested_at`
   * when their insert starts; an insert still in flight may become visible after a later
   * one, and without the wait a cursor could move past it (a gap). Default 2000 ms.
   */
  settleMs?: number;
  /** `metadata.product.version` of OCSF records. */
  productVersion?: string;
}

export const EXPORT_OPTIONS = Symbol('EXPORT_OPTIONS');
export const DEFAULT_SETTLE_MS = 2_000;
