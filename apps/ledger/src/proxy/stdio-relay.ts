import type { Readable, Writable } from 'node:stream';
import type { CaptureAnnotation } from '@mcp-ledger/emitter';
import { isJsonRpcRequest, type FinalVerdict, type ForwardGate, type ForwardVerdict, type JsonRpcRequestView } from './forward-gate';
import { LineTap, type LineTapStats } from './line-tap';

/** Where the relay reports what it saw (host→server is `outbound`: recorded from the client's side). */
export interface MessageCapture {
  capture(message: unknown, direction: 'outbound' | 'inbound', annotation?: CaptureAnnotation): void;
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
  /** Gate mode: has the server→host stream last written a whole line (or nothing yet)? */
  private serverAtLineStart = true;
  private serverEnded = false;
  /** Gate mode: the proxy's own answers, waiting for the server's current line to end. */
  private hostAnswers: string[] = [];

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
    if (this.options.gate === undefined) {
      this.pipe(serverOut, hostOut, this.serverTap, () => undefined);
      this.pipe(hostIn, serverIn, this.hostTap, () => serverIn.end());
    } else {
      this.pipeServerAtLineBoundaries();
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

  /**
   * Gate mode, server→host: chunks are still written on unchanged, but the proxy's own
   * answers (refusals) must never land inside a server line that is half written. They are
   * queued and written right after the server's next newline (a chunk is split there: the
   * bytes are the same, written in two calls).
   */
  private pipeServerAtLineBoundaries(): void {
    const { serverOut: from, hostOut: to } = this.options;
    from.on('data', (chunk: Buffer) => {
      if (chunk.length === 0) return;
      let writable = true;
      const last = chunk.lastIndexOf(0x0a);
      if (this.hostAnswers.length === 0 || last === -1) {
        writable = to.write(chunk);
      } else {
        writable = to.write(last === chunk.length - 1 ? chunk : chunk.subarray(0, last + 1));
        writable = this.writeHostAnswers() && writable;
        if (last < chunk.length - 1) writable = to.write(chunk.subarray(last + 1)) && writable;
      }
      this.serverAtLineStart = chunk[chunk.length - 1] === 0x0a;
      if (!writable) {
        from.pause();
        to.once('drain', () => from.resume());
      }
      try {
        this.serverTap.push(chunk);
      } catch (error) {
        this.options.onDiagnostic?.(`recording failed: ${(error as Error).message}`);
      }
    });
    from.on('end', () => {
      this.serverTap.end();
      this.serverEnded = true;
      // The server's last line never ended: start ours on a line of its own.
      if (this.hostAnswers.length > 0 && !this.serverAtLineStart) to.write('\n');
      this.serverAtLineStart = true;
      this.writeHostAnswers();
    });
  }

  /** Writes queued answers to the host; returns false when the host's buffer is full. */
  private writeHostAnswers(): boolean {
    if (this.hostAnswers.length === 0) return true;
    const text = this.hostAnswers.join('');
    this.hostAnswers = [];
    return this.options.hostOut.write(text);
  }

  /** One answer of the proxy's own, written at the next line boundary of the server's output. */
  private answerHost(answer: unknown): void {
    this.hostAnswers.push(`${JSON.stringify(answer)}\n`);
    if (this.serverAtLineStart || this.serverEnded) this.writeHostAnswers();
  }

  private async verdictFor(request: JsonRpcRequestView): Promise<ForwardVerdict> {
    const { gate } = this.options;
    if (gate === undefined) return { forward: true };
    try {
      return await gate.decide(request);
    } catch (error) {
      // Fail closed: a request the gate could not decide is not forwarded.
      return { forward: false, error: { code: -32603, message: `proxy policy check failed: ${(error as Error).message}` } };
    }
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

  /** One complete host line: forwarded as is unless the gate refuses the request(s) it holds. */
  private async gateLine(line: Buffer, complete: boolean): Promise<void> {
    const { serverIn, session } = this.options;
    let message: unknown;
    try {
      message = JSON.parse(line.toString('utf8'));
    } catch {
      message = undefined;
    }
    if (Array.isArray(message) && message.some(isJsonRpcRequest)) return this.gateBatch(message, line);
    if (!isJsonRpcRequest(message)) {
      serverIn.write(line);
      this.hostTap.push(line);
      if (!complete) this.hostTap.end();
      return;
    }
    const verdict = await this.verdictFor(message);
    session.capture(message, 'outbound', verdict.annotation);
    this.hostTap.stats.messages += 1;
    if (verdict.forward === 'held') {
      // Later lines go on meanwhile; the held one is released (its original bytes) or refused when decided.
      void verdict.outcome.then((final) => this.release(message, line, final));
      return;
    }
    this.release(message, line, verdict);
  }

  /** Forwards a decided request's line unchanged, or answers the host with its refusal. */
  private release(request: JsonRpcRequestView, line: Buffer | string, verdict: FinalVerdict): void {
    const { serverIn, session } = this.options;
    if (verdict.forward) {
      if (!serverIn.writableEnded && !serverIn.destroyed) serverIn.write(line);
      return;
    }
    const answer = { jsonrpc: '2.0', id: request.id, error: verdict.error };
    session.capture(answer, 'inbound');
    this.answerHost(answer);
  }

  /**
   * A JSON-RPC batch (protocol 2025-03-26 allows them): each request in it is decided on its
   * own. All allowed: the line goes on unchanged. Otherwise the allowed members go on as a
   * batch of their own and the refused ones are answered as a batch, so a batch can never
   * carry a refused call past the gate.
   */
  private async gateBatch(members: unknown[], line: Buffer): Promise<void> {
    const { serverIn, session } = this.options;
    const kept: unknown[] = [];
    const refusals: unknown[] = [];
    for (const member of members) {
      if (!isJsonRpcRequest(member)) {
        session.capture(member, 'outbound');
        kept.push(member);
        continue;
      }
      const verdict = await this.verdictFor(member);
      session.capture(member, 'outbound', verdict.annotation);
      if (verdict.forward === 'held') {
        // A held member leaves the batch: released on its own line when decided.
        void verdict.outcome.then((final) => this.release(member, `${JSON.stringify(member)}\n`, final));
      } else if (verdict.forward) {
        kept.push(member);
      } else {
        const answer = { jsonrpc: '2.0', id: member.id, error: verdict.error };
        session.capture(answer, 'inbound');
        refusals.push(answer);
      }
    }
    this.hostTap.stats.messages += 1;
    if (kept.length === members.length) {
      serverIn.write(line);
      return;
    }
    if (kept.length > 0) serverIn.write(`${JSON.stringify(kept)}\n`);
    if (refusals.length > 0) this.answerHost(refusals);
  }
}
