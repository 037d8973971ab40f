import { GraphQLError, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar } from './date-time.scalar';

describe('DateTimeScalar', () => {
  it('reads ISO 8601 strings and epoch milliseconds', () => {
    expect(DateTimeScalar.parseValue('2026-11-25T09:00:00+01:00')).toEqual(new Date('2026-11-25T08:00:00Z'));
    expect(DateTimeScalar.parseValue(0)).toEqual(new Date(0));
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-11-25T09:00:00Z' })).toEqual(new Date('2026-11-25T09:00:00Z'));
  });

  it.each([['not a date'], ['99999-01-01T00:00:00Z'], ['+275760-09-13T00:00:00Z'], [Number.NaN], [8.64e15], [{}], [true]])(
    'refuses %s with a GraphQL error',
    (value) => {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(GraphQLError);
    },
  );

  it('refuses literals that are not strings or integers', () => {
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.BOOLEAN, value: true })).toThrow(GraphQLError);
  });
});
