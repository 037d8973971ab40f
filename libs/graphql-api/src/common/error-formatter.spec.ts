import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-errors';
import { formatExecutionErrors, toClientError } from './error-formatter';

describe('toClientError', () => {
  it('keeps the message and code of errors a caller can act on', () => {
    const error = toClientError(new GraphQLError('wrapped', { originalError: new ApiError('BAD_USER_INPUT', 'cursor is not valid') }));
    expect(error.message).toBe('cursor is not valid');
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
  });

  it('hides internal errors behind INTERNAL_SERVER_ERROR, without a stack', () => {
    const internal = new Error('Code: 62. DB::Exception: Syntax error at position 17 (SELECT secret_column)');
    const error = toClientError(new GraphQLError(internal.message, { originalError: internal }));
    expect(error.message).toBe('Internal server error');
    expect(error.extensions['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(error.toJSON())).not.toMatch(/DB::Exception|stack|secret_column/);
  });

  it('answers a request Fastify or Mercurius refused (body not JSON, no query) as the caller\'s mistake', () => {
    const refusal = Object.assign(new Error('Body is not valid JSON but content-type is set to \'application/json\''), { code: 'FST_ERR_CTP_INVALID_JSON', statusCode: 400 });
    const error = toClientError(new GraphQLError(refusal.message, { originalError: refusal }));
    expect(error.extensions['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('marks query validation errors as such', () => {
    const error = toClientError(new GraphQLError('Cannot query field "x" on type "Query".'));
    expect(error.extensions['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('formatExecutionErrors', () => {
  it('answers 400 for caller errors without data and 200 when there is partial data', () => {
    const callerError = new GraphQLError('bad', { originalError: new ApiError('BAD_USER_INPUT', 'bad') });
    expect(formatExecutionErrors({ errors: [callerError] }).statusCode).toBe(400);
    expect(formatExecutionErrors({ data: { a: 1 }, errors: [callerError] }).statusCode).toBe(200);
    expect(formatExecutionErrors({ errors: [new GraphQLError('x', { originalError: new Error('boom') })] }).statusCode).toBe(500);
  });
});
