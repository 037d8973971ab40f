import type { GraphqlInput } from './graphql-inputs';
import type { IngestInput } from './ingest-inputs';
import { SQL_MARKERS } from './adversarial-values';

/** What came back over HTTP: a status and the body as text (never thrown away). */
export interface HttpAnswer {
  status: number;
  text: string;
}

/** Codes a GraphQL refusal may carry. INTERNAL_SERVER_ERROR is a crash, not a refusal. */
export const GRAPHQL_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'QUERY_TOO_COSTLY', 'NOT_FOUND', 'FORBIDDEN']);

/** Item error codes of docs/ingest.md. */
const INGEST_ITEM_CODES = new Set(['malformed_json', 'event_too_large', 'not_an_object', 'unsupported_version', 'unknown_type', 'invalid_event', 'empty_batch']);

/** A stack frame or a source path in an answer leaks internals. */
const LEAK = /node_modules|\n\s+at [\w.<>]+ \(|DB::Exception|\.ts:\d+/;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Why an ingest answer is wrong for its input, or undefined when it is right. */
export function ingestProblem(input: IngestInput, answer: HttpAnswer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (LEAK.test(answer.text)) return 'the answer leaks internals';
  const body = parseJson(answer.text);
  if (!isObject(body)) return 'the answer is not a JSON object';
  if (answer.status === 202) {
    if (input.expect === 'refuse') return 'accepted an input that must be refused';
    if (body['accepted'] !== input.eventCount) return `accepted ${String(body['accepted'])} of ${input.eventCount} events`;
    return undefined;
  }
  if (input.expect === 'accept') return `refused a valid batch (${answer.status})`;
  if (![400, 413, 415].includes(answer.status)) return `unexpected status ${answer.status}`;
  if (typeof body['error'] !== 'string' || typeof body['message'] !== 'string') return 'the refusal has no `error` and `message`';
  // Fastify refuses a body it cannot read before the ledger sees it (e.g. bytes that are not UTF-8), with its own code.
  if (answer.status !== 400 || (typeof body['code'] === 'string' && body['code'].startsWith('FST_ERR_'))) return undefined;
  if (body['error'] !== 'invalid_batch') return `400 with error ${String(body['error'])}`;
  const errors = body['errors'];
  if (!Array.isArray(errors) || errors.length === 0) return 'invalid_batch without item errors';
  for (const error of errors as Record<string, unknown>[]) {
    if (typeof error['index'] !== 'number' || !INGEST_ITEM_CODES.has(error['code'] as string) || typeof error['message'] !== 'string') {
      return `malformed item error ${JSON.stringify(error).slice(0, 200)}`;
    }
  }
  if (input.badIndex !== undefined && !(errors.length === 1 && errors[0].index === input.badIndex)) {
    return `expected one item error at index ${input.badIndex}, got ${JSON.stringify(errors.map((e: { index: number }) => e.index))}`;
  }
  return undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Array.isArray(value['edges']) && value['edges'].length === 0;
}

/** Why a GraphQL answer is wrong for its input, or undefined when it is right. */
export function graphqlProblem(input: GraphqlInput, answer: HttpAnswer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (LEAK.test(answer.text)) return 'the answer leaks internals';
  const body = parseJson(answer.text);
  if (!isObject(body)) return 'the answer is not a JSON object';
  const errors = body['errors'];
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) return '`errors` is not a non-empty list';
    for (const error of errors as Record<string, unknown>[]) {
      const code = isObject(error['extensions']) ? error['extensions']['code'] : undefined;
      if (typeof error['message'] !== 'string' || !GRAPHQL_CODES.has(code as string)) return `error without a known code: ${JSON.stringify(error).slice(0, 200)}`;
    }
  }
  if (answer.status >= 400 && errors === undefined) return `${answer.status} without errors`;
  if (answer.status === 200 && errors === undefined && !isObject(body['data'])) return '200 without data or errors';
  if (input.expect === 'refuse' && (answer.status < 400 || errors === undefined)) return `not refused (${answer.status})`;
  if (input.expect === 'empty') {
    if (!input.sqlValues?.every((value) => SQL_MARKERS.test(value))) return 'test bug: an `empty` input without SQL-ish values';
    if (answer.status !== 200 || errors !== undefined) return `a valid query with SQL-ish values was refused (${answer.status})`;
    const data = body['data'] as Record<string, unknown>;
    if (!isEmpty(data[input.emptyField!])) return `SQL-ish values matched rows: ${JSON.stringify(data[input.emptyField!]).slice(0, 200)}`;
  }
  return undefined;
}
