import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LedgerEmitter, RecordedSession } from '@mcp-ledger/emitter';
import { isJsonRpcRequest, type ForwardGate, type ForwardVerdict, type JsonRpcRequestView } from './forward-gate';
import { SseTap } from './sse-tap';

export interface HttpProxyOptions {
  name: string;
  /** Host and port to listen on. */
  host: string;
  port: number;
  /** The upstream MCP endpoint, e.g. http://127.0.0.1:3001/mcp. */
  upstream: URL;
  emitter: LedgerEmitter;
  log: (message: string) => void;
  /** JSON bodies larger than this are forwarded but not recorded (default 16 MiB). */
  maxRecordedBodyBytes?: number;
  /**
   * Decides each `tools/call` request in a POST to the MCP endpoint before it is forwarded
   * (`--policy`). With a gate, POST bodies are buffered (up to `maxGatedBodyBytes`) and parsed first.
   */
  gate?: ForwardGate;
  /** With a gate: POST bodies larger than this are refused with 413 (default 4 MiB). */
  maxGatedBodyBytes?: number;
}

export interface RunningHttpProxy {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const SESSION_HEADER = 'mcp-session-id';
/** Traffic of an upstream that never issues `Mcp-Session-Id` (stateless) is one ledger session. */
const STATELESS = '';

function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const listed = new Set(
    String(headers['connection'] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(key) || listed.has(key)) continue;
    out[key] = value;
  }
  return out;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Collects a copy of a body up to a bound, then parses it as JSON. */
class JsonBodyTap {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private overflow = false;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    if (this.overflow) return;
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      this.overflow = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(Buffer.from(chunk));
  }
  parse(): unknown {
    if (this.overflow || this.bytes === 0) return undefined;
    try {
      return JSON.parse(Buffer.concat(this.chunks).toString('utf8'));
    } catch {
      return undefined;
    }
  }
}

/**
 * A Streamable HTTP reverse proxy: every request to the MCP endpoint (POST, GET, DELETE)
 * goes to the upstream with its headers and body; the answer (JSON or an SSE stream)
 * comes back unchanged, chunk by chunk. A copy of request and response bodies is parsed
 * for the recorder; each `Mcp-Session-Id` is one ledger session. Requests to other paths
 * (e.g. OAuth metadata under /.well-known) are forwarded to the upstream's origin as is,
 * and not recorded.
 */
export async function startHttpProxy(options: HttpProxyOptions): Promise<RunningHttpProxy> {
  const { emitter, upstream, log } = options;
  const maxBody = options.maxRecordedBodyBytes ?? 16 * 1024 * 1024;
  const maxGated = options.maxGatedBodyBytes ?? 4 * 1024 * 1024;
  const { gate } = options;
  const sessions = new Map<string, RecordedSession>();
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;

  const sessionFor = (key: string): RecordedSession => {
    let session = sessions.get(key);
    if (session === undefined) {
      session = emitter.record({
        side: 'client',
        serverName: options.name,
        keepServerName: true,
        transport: 'streamable-http',
        getTransportSessionId: () => (key === STATELESS ? undefined : key),
      });
      sessions.set(key, session);
    }
    return session;
  };

  const captureAll = (session: RecordedSession, message: unknown, direction: 'outbound' | 'inbound'): void => {
    if (message !== undefined) session.capture(message, direction);
  };

  const verdictFor = async (request: JsonRpcRequestView): Promise<ForwardVerdict> => {
    if (gate === undefined) return { forward: true };
    try {
      return await gate.decide(request);
    } catch (error) {
      // Fail closed: a request the gate could not decide is not forwarded.
      return { forward: false, error: { code: -32603, message: `proxy policy check failed: ${(error as Error).message}` } };
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const incoming = new URL(req.url ?? '/', 'http://proxy.invalid');
    const isMcp = incoming.pathname === upstream.pathname;
    if (gate !== undefined && isMcp && req.method === 'POST') {
      bufferGatedPost(req, res);
      return;
    }
    relay(req, res, isMcp, undefined);
  };

  /**
   * Gate mode, POST to the MCP endpoint: the body is read whole (bounded), parsed, and each
   * `tools/call` request in it decided. All allowed: the original bytes go on unchanged. A
   * refused single request is answered here (200, a JSON-RPC error) and never forwarded; a
   * batch with refused members is split as in stdio mode (the allowed members go on as a
   * batch, the refusals are added to the upstream's answer).
   */
  const bufferGatedPost = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      bytes += chunk.length;
      if (bytes > maxGated) {
        tooLarge = true;
        chunks.length = 0;
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `mcp-ledger proxy: request body exceeds ${maxGated} bytes (policy is enforced on buffered bodies only)` } }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return;
      const body = Buffer.concat(chunks);
      gatePost(req, res, body).catch((error: unknown) => {
        log(`policy gate failed: ${(error as Error).message}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'mcp-ledger proxy: policy gate failed' } }));
        } else {
          res.destroy();
        }
      });
    });
  };

  const gatePost = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const members = Array.isArray(parsed) ? parsed : [parsed];
    const gated = members.some((member) => isJsonRpcRequest(member) && member.method === 'tools/call');
    // Nothing to decide (e.g. initialize, whose session id only the response carries): as without a gate.
    if (!gated) return relay(req, res, true, { body, messages: body.length > maxBody ? undefined : parsed });
    const session = sessionFor(headerValue(req.headers[SESSION_HEADER]) ?? STATELESS);
    const kept: unknown[] = [];
    const refusals: unknown[] = [];
    for (const member of members) {
      if (!isJsonRpcRequest(member)) {
        session.capture(member, 'outbound');
        kept.push(member);
        continue;
      }
      const gated = await verdictFor(member);
      session.capture(member, 'outbound', gated.annotation);
      // A held call keeps this POST open until it is decided; other requests are not held up.
      const verdict = gated.forward === 'held' ? await gated.outcome : gated;
      if (verdict.forward) {
        kept.push(member);
      } else {
        const answer = { jsonrpc: '2.0', id: member.id, error: verdict.error };
        session.capture(answer, 'inbound');
        refusals.push(answer);
      }
    }
    if (refusals.length === 0) return relay(req, res, true, { body, captured: true });
    if (kept.length === 0) {
      const answer = JSON.stringify(Array.isArray(parsed) ? refusals : refusals[0]);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
      return;
    }
    relay(req, res, true, { body: Buffer.from(JSON.stringify(kept), 'utf8'), captured: true, refusals });
  };

  /**
   * Sends one request to the upstream and its answer back. Without `buffered` the request body
   * is streamed from the client; with it, `buffered.body` is sent (already read and, when
   * `captured`, already recorded). `refusals` (gate mode, split batch) are added to the answer.
   */
  const relay = (req: IncomingMessage, res: ServerResponse, isMcp: boolean, buffered: { body: Buffer; messages?: unknown; captured?: boolean; refusals?: unknown[] } | undefined): void => {
    const incoming = new URL(req.url ?? '/', 'http://proxy.invalid');
    const target = new URL(upstream.origin);
    target.pathname = incoming.pathname;
    target.search = incoming.search || (isMcp ? upstream.search : '');
    const headers = forwardedHeaders(req.headers);
    headers['host'] = upstream.host;
    if (buffered !== undefined) headers['content-length'] = buffered.body.length;
    const requestSessionId = headerValue(req.headers[SESSION_HEADER]);
    const bodyTap = isMcp && req.method === 'POST' && buffered === undefined ? new JsonBodyTap(maxBody) : undefined;
    let requestMessages: unknown = buffered?.messages;
    let requestCaptured = buffered?.captured === true;
    const refusals = buffered?.refusals ?? [];
    // Messages of a request with a session id are recorded at once; an `initialize` (no id
    // yet) waits for the response headers, which carry the id the server assigned.
    const captureRequest = (sessionId: string | undefined): void => {
      if (requestCaptured || requestMessages === undefined) return;
      requestCaptured = true;
      captureAll(sessionFor(sessionId ?? STATELESS), requestMessages, 'outbound');
    };

    const upstreamReq = send(target, { method: req.method, headers }, (upstreamRes) => {
      const responseSessionId = headerValue(upstreamRes.headers[SESSION_HEADER]) ?? requestSessionId;
      if (bodyTap !== undefined && requestMessages === undefined) requestMessages = bodyTap.parse();
      if (isMcp && req.method === 'POST') captureRequest(responseSessionId);
      const status = upstreamRes.statusCode ?? 502;
      const contentType = String(upstreamRes.headers['content-type'] ?? '').toLowerCase();
      const session = isMcp && status < 300 ? sessionFor(responseSessionId ?? STATELESS) : undefined;
      const responseHeaders = forwardedHeaders(upstreamRes.headers);
      if (refusals.length > 0 && status < 300 && !contentType.startsWith('text/event-stream')) {
        // Split batch, JSON (or 202, nothing to answer) upstream: its answers and the refusals as one batch.
        answerMerged(upstreamRes, res, responseHeaders, session, contentType.startsWith('application/json'), refusals);
        return;
      }
      const appendEvents = refusals.length > 0 && status < 300;
      if (appendEvents) delete responseHeaders['content-length'];
      res.writeHead(status, upstreamRes.statusMessage, responseHeaders);
      res.flushHeaders();
      let onChunk: ((chunk: Buffer) => void) | undefined;
      let onEnd: (() => void) | undefined;
      if (session !== undefined && contentType.startsWith('text/event-stream')) {
        const sse = new SseTap((message) => session.capture(message, 'inbound'));
        onChunk = (chunk) => sse.push(chunk);
        onEnd = () => sse.end();
      } else if (session !== undefined && contentType.startsWith('application/json')) {
        const json = new JsonBodyTap(maxBody);
        onChunk = (chunk) => json.push(chunk);
        onEnd = () => captureAll(session, json.parse(), 'inbound');
      }
      upstreamRes.on('data', (chunk: Buffer) => {
        if (!res.write(chunk)) {
          upstreamRes.pause();
          res.once('drain', () => upstreamRes.resume());
        }
        try {
          onChunk?.(chunk);
        } catch (error) {
          log(`recording failed: ${(error as Error).message}`);
        }
      });
      upstreamRes.on('end', () => {
        onEnd?.();
        // Split batch, SSE upstream: one event per refusal after the upstream's own (a blank
        // line first, in case its last event was not terminated).
        if (appendEvents) res.write(refusals.map((answer) => `\nevent: message\ndata: ${JSON.stringify(answer)}\n\n`).join(''));
        res.end();
        if (req.method === 'DELETE' && requestSessionId !== undefined && status < 300) {
          sessions.get(requestSessionId)?.close('closed');
          sessions.delete(requestSessionId);
        }
      });
      upstreamRes.on('error', () => res.destroy());
      // The client went away (e.g. closed its SSE stream): stop reading upstream too.
      res.on('close', () => {
        if (!upstreamRes.complete) upstreamRes.destroy();
      });
    });

    upstreamReq.on('error', (error) => {
      log(`upstream ${upstream.origin} failed: ${error.message}`);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: `mcp-ledger proxy: upstream unreachable (${error.message})` } }));
      } else {
        res.destroy();
      }
    });
    if (buffered !== undefined) {
      upstreamReq.end(buffered.body);
      if (requestSessionId !== undefined) captureRequest(requestSessionId);
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (!upstreamReq.write(chunk)) {
        req.pause();
        upstreamReq.once('drain', () => req.resume());
      }
      bodyTap?.push(chunk);
    });
    req.on('end', () => {
      upstreamReq.end();
      if (bodyTap !== undefined) {
        requestMessages = bodyTap.parse();
        if (requestSessionId !== undefined) captureRequest(requestSessionId);
      }
    });
    req.on('error', () => upstreamReq.destroy());
  };

  /** Reads the upstream's JSON answer whole and sends it back with the refusals appended (one batch). */
  const answerMerged = (
    upstreamRes: IncomingMessage,
    res: ServerResponse,
    headers: OutgoingHttpHeaders,
    session: RecordedSession | undefined,
    isJson: boolean,
    refusals: unknown[],
  ): void => {
    const chunks: Buffer[] = [];
    upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
    upstreamRes.on('error', () => res.destroy());
    upstreamRes.on('end', () => {
      let answers: unknown[] = [];
      if (isJson && chunks.length > 0) {
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          answers = Array.isArray(parsed) ? parsed : [parsed];
        } catch {
          log('upstream answered a split batch with invalid JSON; only the refusals are returned');
        }
      }
      if (session !== undefined) for (const answer of answers) session.capture(answer, 'inbound');
      const text = JSON.stringify([...answers, ...refusals]);
      res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostText}:${address.port}${upstream.pathname}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions.values()) session.close('closed');
      sessions.clear();
    },
  };
}
