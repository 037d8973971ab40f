import { z } from 'zod';
import { Sha256Ref } from '../content.schema';

/**
 * One listed definition. `definition_hash` is the hash of the canonical JSON of
 * `definition` (name, title, description, input/output schema, annotations for tools;
 * uri, name, description, mime type for resources; name, description, arguments for
 * prompts), so a silent change of any of them changes the hash.
 */
export const ListedDefinition = z
  .object({
    name: z.string(),
    uri: z.string().optional(),
    definition_hash: Sha256Ref,
    definition: z.record(z.string(), z.unknown()),
  })
  .strict();
export type ListedDefinition = z.infer<typeof ListedDefinition>;

export const DefinitionsListedData = z
  .object({
    'mcp.method.name': z.enum(['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list']),
    'jsonrpc.request.id': z.string().optional(),
    /** Pagination cursor of the request; a list can arrive in several pages. */
    cursor: z.string().optional(),
    items: z.array(ListedDefinition),
  })
  .strict();

export const ListChangedData = z
  .object({
    'mcp.method.name': z.enum([
      'notifications/tools/list_changed',
      'notifications/resources/list_changed',
      'notifications/prompts/list_changed',
      'notifications/roots/list_changed',
    ]),
  })
  .strict();
