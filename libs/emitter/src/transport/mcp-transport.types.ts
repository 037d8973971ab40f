/**
 * The smallest structural view of an MCP SDK `Transport` that both the v1 SDK
 * (`@modelcontextprotocol/sdk/shared/transport.js`) and the v2 split packages
 * (`@modelcontextprotocol/client` / `server`) satisfy. Declared here, not imported,
 * so the emitter typechecks against either SDK without depending on one of them.
 */
export interface McpTransportLike {
  start(): Promise<void>;
  // Message and options types differ between SDK majors; the emitter only reads them.
  send(message: never, options?: never): Promise<void>;
  close(): Promise<void>;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: never, extra?: never) => void) | undefined;
  sessionId?: string | undefined;
  setProtocolVersion?: ((version: string) => void) | undefined;
}

/** Which end of the MCP connection the wrapped transport belongs to. */
export type TransportSide = 'client' | 'server';

/** `outbound`: sent by the wrapped side; `inbound`: received from the peer. */
export type MessageDirection = 'outbound' | 'inbound';

/** What the hot path records: a reference to the message and two clocks, nothing more. */
export interface CapturedMessage {
  message: unknown;
  direction: MessageDirection;
  /** Wall clock (`Date.now()`), for the event time. */
  wallTimeMs: number;
  /** Monotonic clock (`performance.now()`), for durations. */
  monoMs: number;
  /** What the capturing code decided about this message (a single message, not a batch). */
  annotation?: CaptureAnnotation;
}

/**
 * A decision taken on a `tools/call` request before it was forwarded (a proxy or an
 * enforcing emitter). The recorder turns it into a `policy.evaluated` event right after
 * the request's own events, carrying the `call_id` it assigned to that call.
 */
export interface PolicyNote {
  decision: 'allow' | 'deny' | 'require_approval';
  policyVersion: string;
  matchedRules: string[];
  reason?: string;
  /** True when the decision gated the call (it was not forwarded unless allowed). */
  enforced: boolean;
}

/**
 * A `tools/call` a proxy holds until a reviewer decides (policy `require_approval`). The
 * recorder turns it into `approval.requested` right after the request's `policy.evaluated`.
 */
export interface ApprovalNote {
  approvalId: string;
  /** `sha256:` of the canonical JSON of `{ server, tool, arguments }` as the client sent them. */
  callHash: string;
  /** ISO-8601: when the proxy stops waiting and refuses the call. */
  expiresAt: string;
  reason?: string;
  policyVersion?: string;
  matchedRules?: string[];
  risk?: 'low' | 'medium' | 'high' | 'critical';
}

/** Facts about a captured message that are not in its bytes. */
export interface CaptureAnnotation {
  policy?: PolicyNote;
  approval?: ApprovalNote;
}
