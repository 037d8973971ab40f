import type { Readable, Writable } from 'node:stream';
import { isJsonRpcRequest, type ForwardGate } from './forward-gate';
import { LineTap, type LineTapStats } from './line-tap';

/** Where the relay reports what it saw (host→server is `outbound`: recorded from the client's side). */
export interface MessageCapture {
  capture(message: unknown, direction: 'outbound' | 'inbound'): void;
}

export interface StdioRelayOptions {
  /** The host's end: our stdin and stdout. */
  hostIn: Readable;
  hostOut: Writable;
  /** The server's end: the child's stdin and stdout. */
  serverIn: Writable;
  serverOut: Readable;
  session: MessageCapture;
  /** Decides client→server requests before they are forwarded (none: plain byte passthrough). */
  gate?: ForwardGate;
  maxLineBytes?: number;
  onDiagnostic?: (message: string) => void;
}

/**
 * Relays an MCP stdio connection between a host and a server process.
 *
 * Without a gate each chunk is written on as received — the bytes are never decoded or
 * re-serialised — and a copy is split into lines for the recorder. Backpressure is kept:
 * a reader is paused while its writer's buffer is full.
 */
export class StdioRelay {
  private readonly hostTap: LineTap;
  private readonly serverTap: LineTap;
  /** Gate mode: lines waiting for a decision, forwarded strictly in order. */
  private gateChain: Promise<void> = Promise.resolve();
  private gatePending: Buffer[] = [];

  constructor(private readonly options: StdioRelayOptions) {
    const { session } = options;
    this.hostTap = new LineTap({ onMessage: (m) => session.capture(m, 'outbound'), maxLineBytes: options.maxLineBytes });
    this.serverTap = new LineTap({ onMessage: (m) => session.capture(m, 'inbound'), maxLineBytes: options.maxLineBytes });
  }

  get stats(): { fromHost: LineTapStats; fromServer: LineTapStats } {
    return { fromHost: this.hostTap.stats, fromServer: this.serverTap.stats };
  }

  start(): void {
    const { hostIn, hostOut, serverIn, serverOut } = this.options;
    this.pipe(serverOut, hostOut, this.serverTap, () => undefined);
    if (this.options.gate === undefined) {
      this.pipe(hostIn, serverIn, this.hostTap, () => serverIn.end());
    } else {
      hostIn.on('data', (chunk: Buffer) => this.gateChunk(chunk));
      hostIn.on('end', () => {
        this.gateChain = this.gateChain.then(() => {
          if (this.gatePending.length > 0) return this.gateLine(Buffer.concat(this.gatePending), false);
        });
        void this.gateChain.then(() => serverIn.end());
      });
    }
  }

  /** Forward every chunk unchanged; tap a copy. */
  private pipe(from: Readable, to: Writable, tap: LineTap, onEnd: () => void): void {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
      try {
        tap.push(chunk);
      } catch (error) {
        this.options.onDiagnostic?.(`recording failed: ${(error as Error).message}`);
      }
    });
    from.on('end', () => {
      tap.end();
      onEnd();
    });
  }

  private gateChunk(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      this.gatePending.push(chunk.subarray(start, newline + 1));
      const line = Buffer.concat(this.gatePending);
      this.gatePending = [];
      this.gateChain = this.gateChain.then(() => this.gateLine(line, true));
      start = newline + 1;
    }
    if (start < chunk.length) this.gatePending.push(Buffer.from(chunk.subarray(start)));
  }

  /** One complete host line: forwarded as is unless the gate refuses the request it holds. */
  private async gateLine(line: Buffer, complete: boolean): Promise<void> {
    const { serverIn, hostOut, gate, session } = this.options;
    let message: unknown;
    try {
      message = JSON.parse(line.toString('utf8'));
    } catch {
      message = undefined;
    }
    if (gate !== undefined && isJsonRpcRequest(message)) {
      let verdict;
      try {
        verdict = await gate.decide(message);
      } catch (error) {
        verdict = { forward: false as const, error: { code: -32603, message: `proxy policy check failed: ${(error as Error).message}` } };
      }
      if (!verdict.forward) {
        session.capture(message, 'outbound');
        const answer = { jsonrpc: '2.0', id: message.id, error: verdict.error };
        session.capture(answer, 'inbound');
        hostOut.write(`${JSON.stringify(answer)}\n`);
        return;
      }
    }
    serverIn.write(line);
    this.hostTap.push(line);
    if (!complete) this.hostTap.end();
  }
}
