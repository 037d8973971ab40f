import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Years the store's `DateTime64` text form (`YYYY-MM-DD …`) can carry. */
const MIN_YEAR = 0;
const MAX_YEAR = 9999;

function toDate(value: unknown): Date {
  const date = typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? new Date(value) : new Date(Number.NaN);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < MIN_YEAR || year > MAX_YEAR) {
    // A GraphQLError without an original error reaches the caller as a validation failure, not a crash.
    throw new GraphQLError(`DateTime must be an ISO 8601 date-time such as 2026-11-25T09:00:00Z, got ${JSON.stringify(value)?.slice(0, 64) ?? String(value)}`);
  }
  return date;
}

/**
 * `DateTime` (the name Nest gives `Date` fields, so the schema is unchanged), refusing
 * what is not a time: Nest's own scalar turns "not a date" into an Invalid Date that
 * only fails later, inside a query handler, as an internal error.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string | null>({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : null),
  parseValue: (value) => toDate(value),
  parseLiteral: (node) => {
    if (node.kind === Kind.STRING) return toDate(node.value);
    if (node.kind === Kind.INT) return toDate(Number(node.value));
    throw new GraphQLError(`DateTime must be an ISO 8601 date-time string, got a ${node.kind} literal`);
  },
});
