/**
 * Reads a copy of a `text/event-stream` body and hands on the JSON of each event's data
 * (the data lines of one event joined with `\n`, as the SSE spec says). Events whose data
 * is not JSON (comments, keep-alives, priming events with empty data) are skipped.
 */
export class SseTap {
  private partial = '';
  private data: string[] = [];
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly onMessage: (message: unknown) => void) {}

  push(chunk: Uint8Array): void {
    this.partial += this.decoder.decode(chunk, { stream: true });
    // Lines end with \n, \r\n or \r; a trailing \r may be the first half of \r\n.
    let start = 0;
    for (let i = 0; i < this.partial.length; i += 1) {
      const char = this.partial.charCodeAt(i);
      if (char !== 0x0a && char !== 0x0d) continue;
      if (char === 0x0d && i === this.partial.length - 1) break;
      this.line(this.partial.slice(start, i));
      if (char === 0x0d && this.partial.charCodeAt(i + 1) === 0x0a) i += 1;
      start = i + 1;
    }
    this.partial = this.partial.slice(start);
  }

  end(): void {
    this.partial += this.decoder.decode();
    if (this.partial.length > 0) this.line(this.partial.replace(/\r$/, ''));
    this.partial = '';
    this.line('');
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.data.push(value);
  }

  private dispatch(): void {
    if (this.data.length === 0) return;
    const text = this.data.join('\n');
    this.data = [];
    if (text.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    this.onMessage(message);
  }
}
