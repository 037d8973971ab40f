import type { JsonSchemaSubset } from './policy.schema';

/**
 * A small JSON-Schema validator for the keywords the policy file allows. Returns the
 * first failure as `keyword at pointer`, never the offending value: reasons end up in
 * events, and argument values may be secrets.
 */
export function checkJsonSchema(schema: JsonSchemaSubset, value: unknown, pointer = ''): string | undefined {
  const at = pointer === '' ? '' : ` at ${pointer}`;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(t, value))) return `type ${types.join('|')}${at}`;
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => e === value)) return `enum${at}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && !(value >= schema.minimum)) return `minimum ${schema.minimum}${at}`;
    if (schema.maximum !== undefined && !(value <= schema.maximum)) return `maximum ${schema.maximum}${at}`;
  }
  if (typeof value === 'string') {
    // JSON Schema counts code points, not UTF-16 units.
    const length = schema.minLength !== undefined || schema.maxLength !== undefined ? codePoints(value) : 0;
    if (schema.minLength !== undefined && length < schema.minLength) return `minLength ${schema.minLength}${at}`;
    if (schema.maxLength !== undefined && length > schema.maxLength) return `maxLength ${schema.maxLength}${at}`;
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) return `pattern${at}`;
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `maxItems ${schema.maxItems}${at}`;
    if (schema.items !== undefined) {
      for (let i = 0; i < value.length; i++) {
        const failure = checkJsonSchema(schema.items, value[i], `${pointer}/${i}`);
        if (failure) return failure;
      }
    }
  }
  return undefined;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

const compiled = new Map<string, RegExp>();

/** Patterns were validated at load time; compile each once, not once per call. */
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) compiled.set(source, (re = new RegExp(source, 'u')));
  return re;
}
