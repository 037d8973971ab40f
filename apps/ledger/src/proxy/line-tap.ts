/**
 * Splits a copy of a byte stream into newline-delimited JSON messages for the recorder.
 * The forwarded bytes are never touched: the tap only reads the chunks it is shown.
 * Copes with messages split across chunks, several messages per chunk, CRLF, and very
 * long lines (held as a list of chunks, concatenated once; beyond `maxLineBytes` the line
 * is skipped up to its newline and counted as oversized, never parsed).
 */
export interface LineTapStats {
  /** Lines that parsed as JSON and were handed to `onMessage`. */
  messages: number;
  /** Non-empty lines that are not JSON (a server printing logs to stdout, say). */
  nonJson: number;
  /** Lines longer than `maxLineBytes`, skipped. */
  oversized: number;
}

export interface LineTapOptions {
  onMessage: (message: unknown) => void;
  /** Default 64 MiB. */
  maxLineBytes?: number;
}

const NEWLINE = 0x0a;
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

export class LineTap {
  readonly stats: LineTapStats = { messages: 0, nonJson: 0, oversized: 0 };
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  private readonly maxLineBytes: number;

  constructor(private readonly options: LineTapOptions) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      this.append(chunk.subarray(start, newline));
      this.completeLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  /** The stream ended: a last line without a newline is still a message. */
  end(): void {
    if (this.pendingBytes > 0 || this.skipping) this.completeLine();
  }

  private append(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      return;
    }
    // Copied: the caller may reuse its buffer once it has been forwarded.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private completeLine(): void {
    if (this.skipping) {
      this.skipping = false;
      this.stats.oversized += 1;
      return;
    }
    const [only] = this.pending;
    const line = (only !== undefined && this.pending.length === 1 ? only : Buffer.concat(this.pending, this.pendingBytes)).toString('utf8').trim();
    this.pending = [];
    this.pendingBytes = 0;
    if (line.length === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.stats.nonJson += 1;
      return;
    }
    this.stats.messages += 1;
    this.options.onMessage(message);
  }
}
