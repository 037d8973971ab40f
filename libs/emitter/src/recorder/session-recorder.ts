import { canonicalJson, hashJson, type EventData, type EventSource, type EventTask, type LedgerEvent, type SealedEvent } from '@mcp-ledger/events';
import { createSecretRedactor, type Redactor } from '../redaction/secret.redactor';
import type { CapturedMessage, TransportSide } from '../transport/mcp-transport.types';
import { EMITTER_NAME, EMITTER_VERSION } from '../version';
import { boundValue, DEFAULT_VALUE_BOUNDS, type ValueBounds } from './bounded-value';
import { DEFAULT_MAX_CONTENT_BYTES } from './content-ref';
import { EventChain, type SourceSnapshot } from './event-chain';
import { notificationEvents, requestEvents, responseEvents, type EventDraft, type MapperContext, type PendingRequest } from './exchange.mapper';
import { classifyMessage, idText, isObject, requestKey, type JsonObject, type RpcId } from './json-rpc.message';
import { uuidv7 } from './uuid-v7';

export interface SessionRecorderOptions {
  side: TransportSide;
  /** Ledger session id; a UUID v7 when absent. */
  sessionId?: string;
  tenant?: string;
  kind?: EventSource['kind'];
  host?: string;
  agent?: string;
  /** `source.task`, already validated (see checkedTask). */
  task?: EventTask;
  /** Server name to record until (or instead of) the one the server announces. */
  serverName?: string;
  /**
   * Keep `serverName` as `source.server.name` even after the server announces another in
   * `serverInfo` (a proxy's `--name` identifies the server it fronts; the announced name
   * is still recorded in `session.started.server_info`, its version in `source.server`).
   */
  keepServerName?: boolean;
  /** OTel `network.transport` style name: stdio, streamable-http, in-memory… */
  transport?: string;
  /** Applied to arguments, params, results and contents before hashing. */
  redact?: Redactor;
  maxContentBytes?: number;
  valueBounds?: Partial<ValueBounds>;
  /** Read lazily: HTTP transports learn their session id during the handshake. */
  getTransportSessionId?: () => string | undefined;
  /** Credentials the server was started with (names only), recorded in `session.started`. */
  credentials?: SessionCredentials;
}

/** Names of the credentials a server holds: never their values. */
export interface SessionCredentials {
  /** Names of environment variables holding credentials (e.g. `GITHUB_TOKEN`). */
  env: string[];
  /** OAuth scopes granted to the server, when known. */
  oauthScopes?: string[];
}

/** Distinct, non-empty, bounded names in a stable order. */
function credentialNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((name) => typeof name === 'string' && name.length > 0).map((name) => name.slice(0, 256)))].sort().slice(0, 256);
}

export type SessionEndReason = EventData<'session.ended'>['reason'];

/** JSON-RPC error the SDKs use for "connection closed"; stands in for answers that never came. */
const CONNECTION_CLOSED = { code: -32000, message: 'Connection closed before a response was seen' };
/** MCP defines no code for a cancelled request; -32800 is LSP's RequestCancelled. */
const REQUEST_CANCELLED = -32800;

const other = (side: TransportSide): TransportSide => (side === 'client' ? 'server' : 'client');
const clip = (text: unknown, max: number): string | undefined => (typeof text === 'string' ? text.slice(0, max) : undefined);

/**
 * Turns the ordered message stream of one MCP connection into sealed ledger events.
 * Pure apart from ids and clocks: feed it captured messages, get events back.
 *
 * @example
 * const recorder = new SessionRecorder({ side: 'client', transport: 'stdio' });
 * const events = recorder.record({ message, direction: 'outbound', wallTimeMs: Date.now(), monoMs: performance.now() });
 */
export class SessionRecorder {
  readonly sessionId: string;
  private readonly chain: EventChain;
  private readonly source: EventSource;
  private readonly ctx: MapperContext;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly handshake: { params?: JsonObject; result?: JsonObject } = {};
  private started = false;
  private ended = false;
  private sourceSnapshot: SourceSnapshot | undefined;

  constructor(private readonly options: SessionRecorderOptions) {
    this.sessionId = options.sessionId ?? uuidv7();
    this.chain = new EventChain(options.tenant ?? 'default', this.sessionId);
    this.source = { kind: options.kind ?? 'emitter', side: options.side, emitter: { name: EMITTER_NAME, version: EMITTER_VERSION } };
    if (options.host !== undefined) this.source.host = options.host.slice(0, 255);
    if (options.agent !== undefined) this.source.agent = options.agent.slice(0, 255);
    if (options.task !== undefined) this.source.task = options.task.name === undefined ? { id: options.task.id } : { id: options.task.id, name: options.task.name };
    if (options.transport !== undefined) this.source.transport = options.transport.slice(0, 64);
    if (options.serverName !== undefined) this.source.server = { name: options.serverName.slice(0, 255) };
    this.ctx = {
      redact: options.redact ?? createSecretRedactor(),
      bounds: { ...DEFAULT_VALUE_BOUNDS, ...options.valueBounds },
      maxContentBytes: options.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES,
      toolDefinitions: new Map(),
      known: new Map(),
    };
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Events for one captured message (a JSON-RPC batch yields the events of each member). */
  record(captured: CapturedMessage): LedgerEvent[] {
    return this.recordSealed(captured).map((sealed) => sealed.event);
  }

  /** As {@link record}, with each event's canonical NDJSON line (serialised once, when sealed). */
  recordSealed(captured: CapturedMessage): SealedEvent<LedgerEvent>[] {
    if (this.ended) return [];
    const out: SealedEvent<LedgerEvent>[] = [];
    const members = Array.isArray(captured.message) ? (captured.message as unknown[]) : [captured.message];
    const sender = captured.direction === 'outbound' ? this.options.side : other(this.options.side);
    // An annotation describes one message: a batch's members are recorded without it.
    const at = !Array.isArray(captured.message) || captured.annotation === undefined ? captured : { ...captured, annotation: undefined };
    for (const message of members) this.recordOne(message, sender, at, out);
    return out;
  }

  /** Closes the session: unanswered requests are recorded as failed, then `session.ended`. */
  end(reason: SessionEndReason, at: { wallTimeMs: number; monoMs: number }, error?: string): LedgerEvent[] {
    return this.endSealed(reason, at, error).map((sealed) => sealed.event);
  }

  /** As {@link end}, with each event's canonical NDJSON line. */
  endSealed(reason: SessionEndReason, at: { wallTimeMs: number; monoMs: number }, error?: string): SealedEvent<LedgerEvent>[] {
    if (this.ended) return [];
    const out: SealedEvent<LedgerEvent>[] = [];
    this.ensureStarted(at.wallTimeMs, out);
    for (const request of [...this.pending.values()]) this.giveUp(request, at, out);
    const data: EventData<'session.ended'> = { reason };
    if (error !== undefined) data.error = error.slice(0, 4096);
    this.emit({ type: 'session.ended', data }, at.wallTimeMs, out);
    this.ended = true;
    return out;
  }

  private recordOne(message: unknown, sender: TransportSide, at: CapturedMessage, out: SealedEvent<LedgerEvent>[]): void {
    const classified = classifyMessage(message);
    switch (classified.kind) {
      case 'request':
        return this.onRequest(classified.id, classified.method, classified.params, sender, at, out);
      case 'notification':
        return this.onNotification(classified.method, classified.params, sender, at, out);
      case 'response':
        return this.onResponse(classified.id, classified, message, sender, at, out);
      default:
        return this.unmatched(classified.id, message, sender, at.wallTimeMs, out);
    }
  }

  private onRequest(id: RpcId, method: string, params: unknown, sender: TransportSide, at: CapturedMessage, out: SealedEvent<LedgerEvent>[]): void {
    const key = requestKey(sender, id);
    const reused = this.pending.get(key);
    if (reused) this.giveUp(reused, at, out, { code: -32600, message: 'Request id reused before a response was seen' });
    const request: PendingRequest = { id, method, params, sender, wallTimeMs: at.wallTimeMs, monoMs: at.monoMs };
    const toolName = isObject(params) ? params['name'] : undefined;
    if (method === 'tools/call' && typeof toolName === 'string' && toolName.length > 0) {
      request.callId = uuidv7();
      request.toolName = toolName.slice(0, 512);
    }
    this.pending.set(key, request);
    if (method === 'initialize') {
      if (isObject(params)) this.handshake.params = params;
      return;
    }
    this.ensureStarted(at.wallTimeMs, out);
    for (const draft of requestEvents(request, this.ctx)) this.emit(draft, at.wallTimeMs, out);
    const policy = at.annotation?.policy;
    if (policy !== undefined && request.callId !== undefined && request.toolName !== undefined) {
      const data: EventData<'policy.evaluated'> = {
        call_id: request.callId,
        'gen_ai.tool.name': request.toolName,
        decision: policy.decision,
        policy_version: policy.policyVersion.slice(0, 255),
        matched_rules: policy.matchedRules.map((rule) => rule.slice(0, 255)),
        enforced: policy.enforced,
      };
      if (policy.reason !== undefined) data.reason = policy.reason.slice(0, 4096);
      this.emit({ type: 'policy.evaluated', data }, at.wallTimeMs, out);
    }
    const approval = at.annotation?.approval;
    if (approval !== undefined && request.callId !== undefined && request.toolName !== undefined) {
      const data: EventData<'approval.requested'> = {
        approval_id: approval.approvalId.slice(0, 255),
        call_id: request.callId,
        'gen_ai.tool.name': request.toolName,
        call_hash: approval.callHash,
        expires_at: approval.expiresAt,
      };
      if (approval.reason !== undefined) data.reason = approval.reason.slice(0, 4096);
      if (approval.policyVersion !== undefined) data.policy_version = approval.policyVersion.slice(0, 255);
      if (approval.matchedRules !== undefined) data.matched_rules = approval.matchedRules.slice(0, 256).map((rule) => rule.slice(0, 255));
      if (approval.risk !== undefined) data.risk = approval.risk;
      this.emit({ type: 'approval.requested', data }, at.wallTimeMs, out);
    }
  }

  private onNotification(method: string, params: unknown, sender: TransportSide, at: CapturedMessage, out: SealedEvent<LedgerEvent>[]): void {
    this.ensureStarted(at.wallTimeMs, out);
    const target = isObject(params) ? params['requestId'] : undefined;
    if (method === 'notifications/cancelled' && (typeof target === 'string' || typeof target === 'number')) {
      return this.onCancelled(target, params as JsonObject, sender, at, out);
    }
    for (const draft of notificationEvents(method, params, sender, this.ctx)) this.emit(draft, at.wallTimeMs, out);
  }

  private onCancelled(target: RpcId, params: JsonObject, sender: TransportSide, at: CapturedMessage, out: SealedEvent<LedgerEvent>[]): void {
    const key = requestKey(sender, target);
    const request = this.pending.get(key);
    const reason = typeof params['reason'] === 'string' ? params['reason'].slice(0, 4096) : undefined;
    const data: EventData<'rpc.cancelled'> = { 'jsonrpc.request.id': idText(target), sender };
    if (request?.callId !== undefined) data.call_id = request.callId;
    if (reason !== undefined) data.reason = reason;
    this.emit({ type: 'rpc.cancelled', data }, at.wallTimeMs, out);
    if (!request) return;
    request.cancelled = true;
    // The peer does not answer a cancelled request (MCP spec), so a tool call ends here;
    // other requests keep waiting in case an answer races the cancellation.
    if (request.callId !== undefined) {
      this.giveUp(request, at, out, { code: REQUEST_CANCELLED, message: reason ?? 'Request cancelled' });
    }
  }

  private onResponse(id: RpcId, outcome: { result?: unknown; error?: unknown }, message: unknown, sender: TransportSide, at: CapturedMessage, out: SealedEvent<LedgerEvent>[]): void {
    const key = requestKey(other(sender), id);
    const request = this.pending.get(key);
    if (!request) return this.unmatched(id, message, sender, at.wallTimeMs, out);
    this.pending.delete(key);
    if (request.method === 'initialize' && !this.started && isObject(outcome.result)) {
      this.handshake.result = outcome.result;
      return this.ensureStarted(at.wallTimeMs, out);
    }
    this.ensureStarted(at.wallTimeMs, out);
    const durationMs = Math.max(0, at.monoMs - request.monoMs);
    for (const draft of responseEvents(request, outcome, durationMs, this.ctx)) this.emit(draft, at.wallTimeMs, out);
  }

  private giveUp(request: PendingRequest, at: { wallTimeMs: number; monoMs: number }, out: SealedEvent<LedgerEvent>[], error: { code: number; message: string } = CONNECTION_CLOSED): void {
    this.pending.delete(requestKey(request.sender, request.id));
    const cause = request.cancelled && error === CONNECTION_CLOSED ? { code: REQUEST_CANCELLED, message: 'Request cancelled' } : error;
    const durationMs = Math.max(0, at.monoMs - request.monoMs);
    for (const draft of responseEvents(request, { error: cause }, durationMs, this.ctx)) this.emit(draft, at.wallTimeMs, out);
  }

  private unmatched(id: RpcId | undefined, message: unknown, sender: TransportSide, wallTimeMs: number, out: SealedEvent<LedgerEvent>[]): void {
    this.ensureStarted(wallTimeMs, out);
    const data: EventData<'rpc.unmatched'> = { message: boundValue(this.ctx.redact(message), this.ctx.bounds), sender };
    if (id !== undefined) data['jsonrpc.request.id'] = idText(id);
    this.emit({ type: 'rpc.unmatched', data }, wallTimeMs, out);
  }

  /** `session.started` goes first, from the handshake when seen, or from what is known. */
  private ensureStarted(wallTimeMs: number, out: SealedEvent<LedgerEvent>[]): void {
    if (this.started) return;
    this.started = true;
    const { params, result } = this.handshake;
    const clientInfo = params?.['clientInfo'];
    const serverInfo = result?.['serverInfo'];
    if (isObject(clientInfo) && typeof clientInfo['name'] === 'string') this.source.client = implementation(clientInfo);
    if (isObject(serverInfo) && typeof serverInfo['name'] === 'string') {
      const announced = implementation(serverInfo);
      this.source.server =
        this.options.keepServerName && this.options.serverName !== undefined ? { ...announced, name: this.options.serverName.slice(0, 255) } : announced;
    }
    this.sourceSnapshot = undefined;
    const data: EventData<'session.started'> = {};
    const sessionId = this.options.getTransportSessionId?.();
    if (typeof sessionId === 'string') data['mcp.session.id'] = sessionId;
    const version = result?.['protocolVersion'] ?? params?.['protocolVersion'];
    if (typeof version === 'string') data['mcp.protocol.version'] = version;
    if (isObject(clientInfo) && typeof clientInfo['name'] === 'string') data.client_info = this.bounded(clientInfo) as { name: string };
    if (isObject(serverInfo) && typeof serverInfo['name'] === 'string') data.server_info = this.bounded(serverInfo) as { name: string };
    if (isObject(params?.['capabilities'])) data.client_capabilities = this.bounded(params['capabilities']) as JsonObject;
    if (isObject(result?.['capabilities'])) data.server_capabilities = this.bounded(result['capabilities']) as JsonObject;
    if (typeof result?.['instructions'] === 'string') data.instructions_hash = hashJson(result['instructions']);
    const credentials = this.options.credentials;
    if (credentials !== undefined) {
      data.credentials = { env: credentialNames(credentials.env) };
      if (credentials.oauthScopes !== undefined) data.credentials.oauth_scopes = credentialNames(credentials.oauthScopes);
    }
    this.emit({ type: 'session.started', data }, wallTimeMs, out);
  }

  private bounded(value: unknown): unknown {
    return boundValue(value, this.ctx.bounds);
  }

  private emit(draft: EventDraft, wallTimeMs: number, out: SealedEvent<LedgerEvent>[]): void {
    out.push(this.chain.seal(draft.type, draft.data, wallTimeMs, this.snapshot(), this.ctx.known));
    this.ctx.known.clear();
  }

  /** The source as of now, copied (events must not see later changes) and serialised once. */
  private snapshot(): SourceSnapshot {
    if (this.sourceSnapshot === undefined) {
      const source = { ...this.source };
      this.sourceSnapshot = { source, json: canonicalJson(source) };
    }
    return this.sourceSnapshot;
  }
}

function implementation(info: JsonObject): { name: string; version?: string } {
  const name = clip(info['name'], 255) ?? '';
  const version = clip(info['version'], 64);
  return version === undefined ? { name } : { name, version };
}
