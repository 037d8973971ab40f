import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literalToValue(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literalToValue(field.value)]));
    case Kind.LIST:
      return node.values.map(literalToValue);
    case Kind.NULL:
      return null;
    default:
      throw new TypeError(`JSON cannot represent a ${node.kind} literal`);
  }
}

/** Arbitrary JSON (tool arguments, results, event payloads), passed through as is. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value: tool arguments, results and event payloads as recorded.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node) => literalToValue(node),
});
