import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LedgerEmitter, RecordedSession } from '@mcp-ledger/emitter';
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

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const incoming = new URL(req.url ?? '/', 'http://proxy.invalid');
    const isMcp = incoming.pathname === upstream.pathname;
    const target = new URL(upstream.origin);
    target.pathname = incoming.pathname;
    target.search = incoming.search || (isMcp ? upstream.search : '');
    const headers = forwardedHeaders(req.headers);
    headers['host'] = upstream.host;
    const requestSessionId = headerValue(req.headers[SESSION_HEADER]);
    const bodyTap = isMcp && req.method === 'POST' ? new JsonBodyTap(maxBody) : undefined;
    let requestMessages: unknown;
    let requestCaptured = false;
    // Messages of a request with a session id are recorded at once; an `initialize` (no id
    // yet) waits for the response headers, which carry the id the server assigned.
    const captureRequest = (sessionId: string | undefined): void => {
      if (requestCaptured || requestMessages === undefined) return;
      requestCaptured = true;
      captureAll(sessionFor(sessionId ?? STATELESS), requestMessages, 'outbound');
    };

    const upstreamReq = send(target, { method: req.method, headers }, (upstreamRes) => {
      const responseSessionId = headerValue(upstreamRes.headers[SESSION_HEADER]) ?? requestSessionId;
      if (bodyTap !== undefined) {
        if (requestMessages === undefined) requestMessages = bodyTap.parse();
        captureRequest(responseSessionId);
      }
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, forwardedHeaders(upstreamRes.headers));
      res.flushHeaders();
      const contentType = String(upstreamRes.headers['content-type'] ?? '').toLowerCase();
      const session = isMcp && upstreamRes.statusCode !== undefined && upstreamRes.statusCode < 300 ? sessionFor(responseSessionId ?? STATELESS) : undefined;
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
        res.end();
        if (req.method === 'DELETE' && requestSessionId !== undefined && (upstreamRes.statusCode ?? 500) < 300) {
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
