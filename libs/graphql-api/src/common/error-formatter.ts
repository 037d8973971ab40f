import { Logger } from '@nestjs/common';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { AuthError } from '@mcp-ledger/auth';
import { ApiError } from './api-errors';

const logger = new Logger('GraphQL');

/** Finds the error a resolver threw under the wrappers GraphQL and Nest put around it. */
function rootCause(error: GraphQLError): unknown {
  let current: unknown = error.originalError;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof ApiError || current instanceof AuthError) return current;
    const next = (current as { originalError?: unknown }).originalError;
    if (next === undefined) break;
    current = next;
  }
  return current;
}

/** Fastify (`FST_ERR_…`) and Mercurius (`MER_ERR_…`) refuse a malformed request with a 4xx `statusCode`. */
function isRequestRefusal(cause: unknown): cause is Error {
  const { statusCode, code } = (cause ?? {}) as { statusCode?: unknown; code?: unknown };
  return cause instanceof Error && typeof code === 'string' && /^(FST|MER)_ERR_/.test(code) && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

/**
 * Every error leaves with an `extensions.code` and never with a stack trace or an internal
 * message: errors a caller can act on keep their message; the rest become
 * INTERNAL_SERVER_ERROR and are logged here in full.
 */
export function toClientError(error: GraphQLError): GraphQLError {
  const cause = rootCause(error);
  if (cause instanceof ApiError) {
    return new GraphQLError(cause.message, { path: error.path, extensions: { code: cause.code } });
  }
  if (cause instanceof AuthError) {
    return new GraphQLError(cause.message, { path: error.path, extensions: { code: cause.graphqlCode, reason: cause.code } });
  }
  if (isRequestRefusal(cause)) {
    // Fastify or Mercurius refused the HTTP request itself (body not JSON, no query): the caller's mistake.
    return new GraphQLError(cause.message, { path: error.path, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  }
  if (cause === undefined) {
    // Parse and validation errors: the message is about the caller's own query.
    return new GraphQLError(error.message, {
      path: error.path,
      extensions: { code: (error.extensions?.['code'] as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED' },
    });
  }
  logger.error(`${error.path?.join('.') ?? '(operation)'}: ${(cause as Error).stack ?? String(cause)}`);
  return new GraphQLError('Internal server error', { path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * Mercurius reports a query that fails validation as one error wrapping the list of
 * GraphQL validation errors; unwrap them so each reaches the caller with its message.
 */
function unwrapValidation(error: GraphQLError): GraphQLError[] {
  const wrapped = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(wrapped)) return [error];
  return wrapped.map((inner) =>
    inner instanceof GraphQLError
      ? new GraphQLError(inner.message, { path: inner.path, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })
      : new GraphQLError(String((inner as Error).message ?? inner), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
  );
}

export function formatExecutionErrors(execution: ExecutionResult): { statusCode: number; response: ExecutionResult } {
  const errors = (execution.errors ?? [])
    .flatMap((error) => unwrapValidation(error instanceof GraphQLError ? error : new GraphQLError(String(error))))
    .map((error) => (error.extensions['code'] === 'GRAPHQL_VALIDATION_FAILED' ? error : toClientError(error)));
  // Partial data is still data: answer 200 when there is any, as GraphQL-over-HTTP advises.
  const statusCode = execution.data ? 200 : errors.every((e) => e.extensions['code'] === 'INTERNAL_SERVER_ERROR') ? 500 : refusalStatus(errors) ?? 400;
  return { statusCode, response: { data: execution.data ?? null, errors } };
}

/** An operation refused as a whole answers with the HTTP status of the refusal. */
function refusalStatus(errors: readonly GraphQLError[]): number | undefined {
  const codes = new Set(errors.map((error) => error.extensions['code']));
  if (codes.size !== 1) return undefined;
  if (codes.has('FORBIDDEN')) return 403;
  if (codes.has('UNAUTHENTICATED')) return 401;
  return undefined;
}
