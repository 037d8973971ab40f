import type { CaptureAnnotation } from '@mcp-ledger/emitter';

/**
 * A decision taken on each client→server JSON-RPC *request* before it is forwarded
 * (`--policy` installs one: ./policy-gate.ts). Without a gate the proxy forwards
 * everything, byte for byte; with one, the stdio relay frames the host's stream into
 * lines, asks the gate about each request in order, and either forwards the original line
 * unchanged or answers the host itself (at a line boundary of the server's output) and
 * never forwards the request.
 */
export interface JsonRpcRequestView {
  jsonrpc: '2.0';
  id: string | number;
  method: string;
  params?: unknown;
}

export type ForwardVerdict = (
  | { forward: true }
  /** Not forwarded: `error` is sent to the client as the JSON-RPC error of this request. */
  | { forward: false; error: { code: number; message: string; data?: unknown } }
  /**
   * Held (waiting for a reviewer): recorded now, forwarded or refused when `outcome`
   * settles. Other requests keep flowing meanwhile. `outcome` never rejects.
   */
  | { forward: 'held'; outcome: Promise<FinalVerdict> }
) & {
  /** Recorded with the request (e.g. the policy decision → `policy.evaluated`). */
  annotation?: CaptureAnnotation;
};

/** What a held request finally gets: forwarded unchanged, or refused with a JSON-RPC error. */
export type FinalVerdict = { forward: true } | { forward: false; error: { code: number; message: string; data?: unknown } };

export interface ForwardGate {
  decide(request: JsonRpcRequestView): ForwardVerdict | Promise<ForwardVerdict>;
}

/** A JSON-RPC request (not a notification or a response)? */
export function isJsonRpcRequest(message: unknown): message is JsonRpcRequestView {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const candidate = message as Record<string, unknown>;
  return typeof candidate['method'] === 'string' && (typeof candidate['id'] === 'string' || typeof candidate['id'] === 'number');
}
