import { hashJson, type ListedDefinition } from '@mcp-ledger/events';
import { isObject } from './json-rpc.message';

export type ListMethod = 'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list';

export const LIST_METHODS: Record<ListMethod, { resultKey: string; eventType: 'tools.listed' | 'resources.listed' | 'prompts.listed' }> = {
  'tools/list': { resultKey: 'tools', eventType: 'tools.listed' },
  'resources/list': { resultKey: 'resources', eventType: 'resources.listed' },
  'resources/templates/list': { resultKey: 'resourceTemplates', eventType: 'resources.listed' },
  'prompts/list': { resultKey: 'prompts', eventType: 'prompts.listed' },
};

export function isListMethod(method: string): method is ListMethod {
  return Object.prototype.hasOwnProperty.call(LIST_METHODS, method);
}

/**
 * The fields that define what a tool, resource or prompt *is*. A change to any of them
 * changes `definition_hash` (a silent redefinition, "rug pull"); volatile fields such
 * as `_meta` and icons are left out so they do not raise false alarms.
 */
const DEFINITION_FIELDS: Record<ListMethod, readonly string[]> = {
  'tools/list': ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'],
  'resources/list': ['uri', 'name', 'title', 'description', 'mimeType'],
  'resources/templates/list': ['uriTemplate', 'name', 'title', 'description', 'mimeType'],
  'prompts/list': ['name', 'title', 'description', 'arguments'],
};

export function listedDefinitions(method: ListMethod, result: unknown): ListedDefinition[] {
  const items = isObject(result) ? result[LIST_METHODS[method].resultKey] : undefined;
  if (!Array.isArray(items)) return [];
  return items.filter(isObject).map((item) => {
    const definition: Record<string, unknown> = {};
    for (const field of DEFINITION_FIELDS[method]) {
      if (item[field] !== undefined) definition[field] = item[field];
    }
    const listed: ListedDefinition = {
      name: typeof item['name'] === 'string' ? item['name'] : '',
      definition_hash: hashJson(definition),
      definition,
    };
    const uri = item['uri'] ?? item['uriTemplate'];
    if (typeof uri === 'string') listed.uri = uri;
    return listed;
  });
}
