import { graphqlData } from '../support/graphql';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface ArgInfo {
  name: string;
  type: TypeRef;
}

export interface RootField {
  operation: 'query' | 'mutation';
  name: string;
  args: ArgInfo[];
  /** Kind of the field's named type: OBJECT needs a selection, SCALAR/ENUM does not. */
  returns: string;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';

interface InputType {
  name: string;
  kind: string;
  inputFields: { name: string; type: TypeRef }[] | null;
  enumValues: { name: string }[] | null;
}

let inputTypes = new Map<string, InputType>();

/** The Query and Mutation fields of the running ledger's schema (introspection, development mode). */
export async function readRootFields(baseUrl: string): Promise<RootField[]> {
  const data = await graphqlData<{
    __schema: {
      queryType: { name: string };
      mutationType: { name: string } | null;
      types: (InputType & { fields: { name: string; args: ArgInfo[]; type: TypeRef }[] | null })[];
    };
  }>(
    baseUrl,
    `{ __schema { queryType { name } mutationType { name }
        types { name kind enumValues { name } inputFields { name type { ${TYPE_REF} } }
                fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } } } }`,
  );
  const schema = data.__schema;
  inputTypes = new Map(schema.types.map((type) => [type.name, type]));
  const named = (ref: TypeRef): TypeRef => (ref.ofType ? named(ref.ofType) : ref);
  const rootFields = (typeName: string | undefined, operation: RootField['operation']): RootField[] =>
    (schema.types.find((type) => type.name === typeName)?.fields ?? []).map((field) => ({
      operation,
      name: field.name,
      args: field.args,
      returns: named(field.type).kind,
    }));
  return [...rootFields(schema.queryType.name, 'query'), ...rootFields(schema.mutationType?.name, 'mutation')];
}

/** A GraphQL literal for a required argument of this type: enough to pass validation. */
function literalFor(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return literalFor(ref.ofType!);
  if (ref.kind === 'LIST') return `[${literalFor(ref.ofType!)}]`;
  if (ref.kind === 'ENUM') return inputTypes.get(ref.name!)?.enumValues?.[0]?.name ?? 'UNKNOWN';
  if (ref.kind === 'INPUT_OBJECT') {
    const required = (inputTypes.get(ref.name!)?.inputFields ?? []).filter((field) => field.type.kind === 'NON_NULL');
    return `{ ${required.map((field) => `${field.name}: ${literalFor(field.type)}`).join(', ')} }`;
  }
  if (ref.name === 'Int' || ref.name === 'Float') return '1';
  if (ref.name === 'Boolean') return 'false';
  return '"00000000-0000-0000-0000-000000000000"';
}

/** The smallest valid operation on one root field: required arguments only, `__typename` as selection. */
export function minimalOperation(field: RootField): string {
  const args = field.args.filter((arg) => arg.type.kind === 'NON_NULL').map((arg) => `${arg.name}: ${literalFor(arg.type)}`);
  const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
  const selection = field.returns === 'OBJECT' || field.returns === 'INTERFACE' || field.returns === 'UNION' ? ' { __typename }' : '';
  return `${field.operation} { ${call}${selection} }`;
}
