/** Limits of the HTTP ingest; the app maps them from its validated configuration. */
export interface IngestOptions {
  /** Largest accepted request body, in bytes (larger answers 413). */
  maxRequestBytes: number;
  /** Largest accepted single event, in bytes of its JSON (larger: item error `event_too_large`). */
  maxEventBytes: number;
}

export const INGEST_OPTIONS = Symbol('INGEST_OPTIONS');
export const INGEST_PATH = '/v1/events';
