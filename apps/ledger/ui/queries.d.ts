// Types of queries.js (a browser ES module served as is) for the TypeScript tests.

export const INJECTION_FINDINGS_QUERY: string;
export const SUSPECTED_CALLS_QUERY: string;
export const CALL_PROVENANCE_QUERY: string;
export const CONTENT_IMPACT_QUERY: string;

export type Answer<T = unknown> = { ok: true; status: number; data: T } | { ok: false; status: number; message: string };

export function readAnswer<T = unknown>(status: number, body: unknown): Answer<T>;

export function runQuery<T = unknown>(request: {
  fetch: typeof globalThis.fetch;
  url: string;
  token?: string;
  tenant?: string;
  query: string;
  variables?: Record<string, unknown>;
}): Promise<Answer<T>>;
