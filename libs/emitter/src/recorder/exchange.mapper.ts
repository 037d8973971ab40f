import { canonicalJson, sha256Ref, type ContentRef, type EventData, type EventType, type RpcError } from '@mcp-ledger/events';
import type { Redactor } from '../redaction/secret.redactor';
import type { TransportSide } from '../transport/mcp-transport.types';
import { boundValue, boundValueChecked, type ValueBounds } from './bounded-value';
import { buildContentRef, singleMimeType } from './content-ref';
import { isListMethod, LIST_METHODS, listedDefinitions } from './definition-listing';
import { idText, isObject, toRpcError, withoutMeta, type RpcId } from './json-rpc.message';

/** An event before it is sealed into the chain: its type and typed payload. */
export type EventDraft = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** A request seen on the wire and not yet answered. */
export interface PendingRequest {
  id: RpcId;
  method: string;
  params: unknown;
  sender: TransportSide;
  wallTimeMs: number;
  monoMs: number;
  /** Emitter-assigned, unique in the session: JSON-RPC ids are reused. */
  callId?: string;
  toolName?: string;
  cancelled?: boolean;
}

export interface MapperContext {
  redact: Redactor;
  bounds: ValueBounds;
  maxContentBytes: number;
  /** Tool name → definition_hash from the latest tools/list of the session. */
  toolDefinitions: Map<string, string>;
  /**
   * Canonical JSON the mapper already computed for objects it put into event data
   * (arguments serialised for their hash, ContentRefs), so sealing does not serialise
   * them again. Consumed and cleared by the recorder when it seals the event.
   */
  known: Map<object, string>;
}

export interface Outcome {
  result?: unknown;
  error?: unknown;
}

const LIST_CHANGED = new Set([
  'notifications/tools/list_changed',
  'notifications/resources/list_changed',
  'notifications/prompts/list_changed',
  'notifications/roots/list_changed',
] as const);
type ListChangedMethod = EventData<'list.changed'>['mcp.method.name'];

function param(params: unknown, name: string): unknown {
  return isObject(params) ? params[name] : undefined;
}

function content(ctx: MapperContext, value: unknown, mimeType?: string): ContentRef {
  return buildContentRef(ctx.redact(value), ctx.maxContentBytes, mimeType, ctx.known);
}

function bounded(ctx: MapperContext, value: unknown): unknown {
  return value === undefined ? undefined : boundValue(ctx.redact(value), ctx.bounds);
}

/** Events a request produces as soon as it is seen (before its answer). */
export function requestEvents(request: PendingRequest, ctx: MapperContext): EventDraft[] {
  const id = idText(request.id);
  switch (request.method) {
    case 'tools/call': {
      if (request.callId === undefined || request.toolName === undefined) return [];
      const raw = param(request.params, 'arguments');
      const args = ctx.redact(isObject(raw) ? raw : raw === undefined ? {} : { _arguments: raw }) as Record<string, unknown>;
      const argsJson = canonicalJson(args);
      const bounded = boundValueChecked(args, ctx.bounds);
      const kept = bounded.value as Record<string, unknown>;
      // Nothing cut: the copy serialises exactly as the hashed arguments did.
      if (!bounded.truncated) ctx.known.set(kept, argsJson);
      const data: EventData<'tool_call.requested'> = {
        call_id: request.callId,
        'jsonrpc.request.id': id,
        'gen_ai.tool.name': request.toolName,
        'mcp.method.name': 'tools/call',
        arguments: kept,
        arguments_hash: sha256Ref(argsJson),
      };
      const definitionHash = ctx.toolDefinitions.get(request.toolName);
      if (definitionHash !== undefined) data.tool_definition_hash = definitionHash;
      return [{ type: 'tool_call.requested', data }];
    }
    case 'sampling/createMessage':
      return [{ type: 'sampling.requested', data: { 'mcp.method.name': 'sampling/createMessage', 'jsonrpc.request.id': id, request: content(ctx, withoutMeta(request.params ?? {})) } }];
    case 'elicitation/create':
      return [{ type: 'elicitation.requested', data: { 'mcp.method.name': 'elicitation/create', 'jsonrpc.request.id': id, request: content(ctx, withoutMeta(request.params ?? {})) } }];
    default:
      return [];
  }
}

/** Events a request produces once answered (or given up on, with a synthetic error). */
export function responseEvents(request: PendingRequest, outcome: Outcome, durationMs: number, ctx: MapperContext): EventDraft[] {
  const id = idText(request.id);
  const error: RpcError | undefined = outcome.error === undefined ? undefined : toRpcError(outcome.error, ctx.redact, ctx.bounds);
  const result = error === undefined ? withoutMeta(outcome.result) : undefined;
  const timing = { 'jsonrpc.request.id': id, duration_ms: durationMs };
  const method = request.method;

  if (method === 'tools/call' && request.callId !== undefined && request.toolName !== undefined) {
    const key = { call_id: request.callId, 'jsonrpc.request.id': id, 'gen_ai.tool.name': request.toolName };
    if (error !== undefined) {
      const errorType = request.cancelled ? 'cancelled' : String(error.code);
      return [{ type: 'tool_call.failed', data: { ...key, error, 'error.type': errorType, duration_ms: durationMs } }];
    }
    const isError = isObject(result) && result['isError'] === true;
    const mime = singleMimeType(param(result, 'content'));
    return [{ type: 'tool_call.completed', data: { ...key, is_error: isError, result: content(ctx, result ?? null, mime), duration_ms: durationMs } }];
  }
  if (isListMethod(method) && error === undefined) {
    const items = listedDefinitions(method, result);
    if (method === 'tools/list') for (const item of items) ctx.toolDefinitions.set(item.name, item.definition_hash);
    const data: EventData<'tools.listed'> = { 'mcp.method.name': method, 'jsonrpc.request.id': id, items };
    const cursor = param(request.params, 'cursor');
    if (typeof cursor === 'string') data.cursor = cursor;
    return [{ type: LIST_METHODS[method].eventType, data }];
  }
  if (method === 'resources/read') {
    const uri = param(request.params, 'uri');
    const contents = param(result, 'contents');
    const data: EventData<'resource.read'> = { 'mcp.method.name': 'resources/read', 'mcp.resource.uri': typeof uri === 'string' ? uri.slice(0, 8192) : '', ...timing };
    if (contents !== undefined) data.contents = content(ctx, contents, singleMimeType(contents));
    if (error !== undefined) data.error = error;
    return [{ type: 'resource.read', data }];
  }
  if (method === 'prompts/get') {
    const name = param(request.params, 'name');
    const args = param(request.params, 'arguments');
    const messages = param(result, 'messages');
    const data: EventData<'prompt.got'> = { 'mcp.method.name': 'prompts/get', 'gen_ai.prompt.name': typeof name === 'string' ? name.slice(0, 512) : '', ...timing };
    if (isObject(args)) data.arguments = bounded(ctx, args) as Record<string, unknown>;
    if (messages !== undefined) data.messages = content(ctx, messages);
    if (error !== undefined) data.error = error;
    return [{ type: 'prompt.got', data }];
  }
  if (method === 'sampling/createMessage') {
    const data: EventData<'sampling.completed'> = { 'mcp.method.name': 'sampling/createMessage', ...timing };
    if (result !== undefined) data.result = content(ctx, result);
    if (error !== undefined) data.error = error;
    return [{ type: 'sampling.completed', data }];
  }
  if (method === 'elicitation/create') {
    const data: EventData<'elicitation.completed'> = { 'mcp.method.name': 'elicitation/create', ...timing };
    const action = param(result, 'action');
    if (typeof action === 'string') data.action = action;
    if (result !== undefined) data.result = content(ctx, result);
    if (error !== undefined) data.error = error;
    return [{ type: 'elicitation.completed', data }];
  }
  const data: EventData<'rpc.exchanged'> = { 'mcp.method.name': method.slice(0, 256), 'jsonrpc.request.id': id, kind: 'request', sender: request.sender, duration_ms: durationMs };
  if (request.params !== undefined) data.params = bounded(ctx, request.params);
  if (error !== undefined) data.error = error;
  else if (outcome.result !== undefined) data.result = bounded(ctx, outcome.result);
  return [{ type: 'rpc.exchanged', data }];
}

/** Events of a notification other than `notifications/cancelled` (which needs the pending requests). */
export function notificationEvents(method: string, params: unknown, sender: TransportSide, ctx: MapperContext): EventDraft[] {
  if (LIST_CHANGED.has(method as ListChangedMethod)) {
    return [{ type: 'list.changed', data: { 'mcp.method.name': method as ListChangedMethod } }];
  }
  const data: EventData<'rpc.exchanged'> = { 'mcp.method.name': method.slice(0, 256), kind: 'notification', sender };
  if (params !== undefined) data.params = bounded(ctx, params);
  return [{ type: 'rpc.exchanged', data }];
}
