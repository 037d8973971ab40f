import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** What a list without a `first` argument is assumed to hold. */
const DEFAULT_LIST_SIZE = 10;

type Args = Record<string, unknown>;

function argumentValues(field: FieldNode, definition: GraphQLField<unknown, unknown>, variables: Args): Args {
  const values: Args = {};
  for (const arg of definition.args) if (arg.defaultValue !== undefined) values[arg.name] = arg.defaultValue;
  for (const arg of field.arguments ?? []) values[arg.name.value] = valueFromASTUntyped(arg.value, variables);
  return values;
}

/**
 * How many times the selection under a field runs, per time the field runs: a connection
 * (or `impact`) holds at most `first` items; a plain list is assumed to hold a few. Lists
 * inside a connection (`edges`) are already counted by its `first`. Traversals with
 * `depth` are priced by the nesting the query spells out (`upstream { sources … }`),
 * and `impact` returns at most `first` calls whatever its depth.
 */
function multiplierOf(definition: GraphQLField<unknown, unknown>, args: Args, parent: GraphQLNamedType): number {
  let factor = 1;
  const first = args['first'];
  const type = getNullableType(definition.type);
  if (typeof first === 'number' && first > 0) factor = first;
  else if (isListType(type) && !parent.name.endsWith('Connection')) factor = DEFAULT_LIST_SIZE;
  return factor;
}

/**
 * An upper-bound estimate of the work a GraphQL operation asks for: every field counts
 * once per time it can be resolved. It sees the variables, so `first: $n` is priced at
 * the n sent. Cheap to compute (one walk of the document), so it runs before execution.
 */
export function estimateQueryCost(schema: GraphQLSchema, document: DocumentNode, variables: Args = {}, operationName?: string): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, multiplier: number, seen: ReadonlySet<string>): number => {
    if (!isObjectType(parent)) return multiplier;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += walk(selection.selectionSet, typed ?? parent, multiplier, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // A fragment that spreads itself is invalid GraphQL; validation reports it, here it just stops.
        if (!fragment || seen.has(fragment.name.value)) continue;
        const typed = schema.getType(fragment.typeCondition.name.value) ?? parent;
        cost += walk(fragment.selectionSet, typed, multiplier, new Set([...seen, fragment.name.value]));
      } else {
        if (selection.name.value.startsWith('__')) continue;
        const definition = parent.getFields()[selection.name.value];
        if (!definition) continue;
        cost += multiplier;
        if (selection.selectionSet) {
          const inner = multiplier * multiplierOf(definition, argumentValues(selection, definition, variables), parent);
          cost += walk(selection.selectionSet, getNamedType(definition.type), inner, seen);
        }
      }
    }
    return cost;
  };
  return walk(operation.selectionSet, root, 1, new Set());
}
