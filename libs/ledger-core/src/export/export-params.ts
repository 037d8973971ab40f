import { isOcsfVersion, OCSF_VERSION, OCSF_VERSIONS, type OcsfVersion } from '@mcp-ledger/ocsf';
import { toClickHouseTime } from '@mcp-ledger/projections';
import { decodeCursor, START_POSITION, type ExportPosition } from './export-cursor';

export const EXPORT_FORMATS = ['ndjson', 'ocsf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const DEFAULT_EXPORT_LIMIT = 1_000;
/** Larger `limit`s are capped to this many events per page. */
export const MAX_EXPORT_LIMIT = 10_000;

export interface ExportParams {
  format: ExportFormat;
  /** `format=ocsf` only: 1.8.0 unless `ocsf_version` asks for 1.9.0-dev (with the hash chain). */
  ocsfVersion: OcsfVersion;
  /** Deliver events after this position. */
  after: ExportPosition;
  limit: number;
}

export type ParsedExportParams = { ok: true; params: ExportParams } | { ok: false; message: string };

const single = (value: unknown): string | undefined => (Array.isArray(value) ? value[0] : typeof value === 'string' ? value : undefined);

/**
 * Validates the query string of `GET /v1/export`. `cursor` resumes after the last page;
 * `since` (ISO-8601 with offset) starts at that ingest time; giving both is ambiguous.
 * `ocsf_version` is refused with `format=ndjson` rather than ignored: the caller expected
 * OCSF records and would otherwise get envelopes.
 */
export function parseExportParams(query: Record<string, unknown>): ParsedExportParams {
  const format = single(query['format']) ?? 'ndjson';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return { ok: false, message: `format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}` };
  }
  const rawVersion = single(query['ocsf_version']);
  if (rawVersion !== undefined && !isOcsfVersion(rawVersion)) {
    return { ok: false, message: `ocsf_version: expected one of ${OCSF_VERSIONS.join(', ')}, got ${JSON.stringify(rawVersion)}` };
  }
  if (rawVersion !== undefined && format !== 'ocsf') return { ok: false, message: 'ocsf_version applies to format=ocsf only' };
  const rawLimit = single(query['limit']);
  let limit = DEFAULT_EXPORT_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^\d{1,9}$/.test(rawLimit) || Number(rawLimit) < 1) return { ok: false, message: `limit: expected a positive integer, got ${JSON.stringify(rawLimit)}` };
    limit = Math.min(Number(rawLimit), MAX_EXPORT_LIMIT);
  }
  const cursor = single(query['cursor']);
  const since = single(query['since']);
  if (cursor !== undefined && since !== undefined) return { ok: false, message: 'give either cursor (to resume) or since (to start), not both' };
  let after = START_POSITION;
  if (cursor !== undefined) {
    const position = decodeCursor(cursor);
    if (!position) return { ok: false, message: 'cursor: not a cursor issued by this endpoint (x-ledger-next-cursor)' };
    after = position;
  } else if (since !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(since) || Number.isNaN(Date.parse(since))) {
      return { ok: false, message: `since: expected an ISO-8601 date or time with offset (2026-11-25T10:00:00Z), got ${JSON.stringify(since)}` };
    }
    const iso = since.length === 10 ? `${since}T00:00:00Z` : since;
    after = { at: toClickHouseTime(new Date(Date.parse(iso)).toISOString()), id: '' };
  }
  return { ok: true, params: { format: format as ExportFormat, ocsfVersion: rawVersion ?? OCSF_VERSION, after, limit } };
}
