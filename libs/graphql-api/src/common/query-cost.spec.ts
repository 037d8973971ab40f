import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateQueryCost } from './query-cost';

const schema = buildSchema(`
  type Query { calls(first: Int = 50): CallConnection!, servers: [Server!]!, call(id: ID!): Call }
  type CallConnection { edges: [CallEdge!]!, pageInfo: PageInfo! }
  type PageInfo { hasNextPage: Boolean! }
  type CallEdge { node: Call! }
  type Call { id: ID!, tool: String, provenance(depth: Int = 1): Provenance }
  type Provenance { sources: [Source!]! }
  type Source { seq: Int! }
  type Server { name: String!, tools: [String!]! }
`);

const cost = (query: string, variables: Record<string, unknown> = {}) => estimateQueryCost(schema, parse(query), variables);

describe('estimateQueryCost', () => {
  it('counts a single lookup as its fields', () => {
    expect(cost('{ call(id: "1") { id tool } }')).toBe(3);
  });

  it('multiplies a connection by first, literal or from variables, and by its default', () => {
    const q = '{ calls(first: 100) { edges { node { id } } } }';
    expect(cost(q)).toBe(1 + 100 + 100 + 100);
    expect(cost('query Q($n: Int) { calls(first: $n) { edges { node { id } } } }', { n: 1000 })).toBe(1 + 3000);
    expect(cost('{ calls { edges { node { id } } } }')).toBe(1 + 150);
  });

  it('assumes a few items in plain lists, multiplying down nested lists', () => {
    expect(cost('{ servers { name } }')).toBe(1 + 10);
    expect(cost('{ servers { name tools } }')).toBe(1 + 10 + 10);
    expect(cost('{ call(id: "1") { provenance { sources { seq } } } }')).toBe(1 + 1 + 1 + 10);
    expect(cost('{ calls(first: 1000) { edges { node { provenance { sources { seq } } } } } }')).toBe(1 + 1000 * 4 + 10_000);
  });

  it('follows fragments and does not loop on a self-referencing one', () => {
    expect(cost('{ call(id: "1") { ...F } } fragment F on Call { id tool }')).toBe(3);
    expect(cost('{ call(id: "1") { ...F } } fragment F on Call { id ...F }')).toBe(2);
  });
});
