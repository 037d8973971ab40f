import type { RpcError } from '@mcp-ledger/events';
import type { ValueBounds } from './bounded-value';
import { boundValue } from './bounded-value';

export type JsonObject = Record<string, unknown>;
export type RpcId = string | number;

/** A JSON-RPC message sorted into what the recorder needs to know about it. */
export type ClassifiedMessage =
  | { kind: 'request'; id: RpcId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'response'; id: RpcId; result?: unknown; error?: unknown }
  | { kind: 'unknown'; id?: RpcId };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: unknown): value is RpcId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

export function classifyMessage(message: unknown): ClassifiedMessage {
  if (!isObject(message)) return { kind: 'unknown' };
  const { id, method } = message;
  if (typeof method === 'string') {
    return isId(id)
      ? { kind: 'request', id, method, params: message['params'] }
      : { kind: 'notification', method, params: message['params'] };
  }
  if (isId(id) && ('result' in message || 'error' in message)) {
    return 'error' in message ? { kind: 'response', id, error: message['error'] } : { kind: 'response', id, result: message['result'] };
  }
  return isId(id) ? { kind: 'unknown', id } : { kind: 'unknown' };
}

/** Key of a request in flight: ids are scoped to their sender, and 1 differs from "1". */
export function requestKey(sender: string, id: RpcId): string {
  return `${sender}|${typeof id}|${id}`;
}

/** OTel `jsonrpc.request.id` is a string; the contract caps it at 256 characters. */
export function idText(id: RpcId): string {
  return String(id).slice(0, 256);
}

/** Normalises a peer's error object to the contract's strict `RpcError`. */
export function toRpcError(error: unknown, redact: (value: unknown) => unknown, bounds: ValueBounds): RpcError {
  const source = isObject(error) ? error : { message: String(error) };
  const code = source['code'];
  const message = source['message'];
  const rpcError: RpcError = {
    code: typeof code === 'number' && Number.isInteger(code) ? code : -32603,
    message: typeof message === 'string' ? (boundValue(redact(message), bounds) as string) : '',
  };
  if (source['data'] !== undefined) rpcError.data = boundValue(redact(source['data']), bounds);
  return rpcError;
}

/** A value without its `_meta` member: protocol bookkeeping, not content. */
export function withoutMeta(value: unknown): unknown {
  if (!isObject(value) || !('_meta' in value)) return value;
  const { _meta: _dropped, ...rest } = value;
  return rest;
}
