import { addresseeSpans } from './addressee';
import { readInstruction, type InstructionReading } from './instruction-cues';
import { excerpt, spanIndexAt, splitSentences, type Span } from './sentences';

/** How far a neighbouring sentence's reading spills onto the sentence holding a value… */
const NEIGHBOUR_SHARE = 0.5;
const INTRODUCER_SHARE = 0.9;
/** A paragraph break: plain data in another paragraph than an injection stays plain data. */
const PARAGRAPH_BREAK = /\n[^\S\n]*\n/;
/** In a document the user delegated to, non-takeover instructions count this much. */
const DELEGATED_SHARE = 0.3;

/** The call (flagged as injected) whose result a content item is, and that call's sources. */
export interface SuspectedProducer {
  callId: string;
  seq: number;
  score: number;
  sources: readonly { seq: number; score: number }[];
}

export interface OccurrenceReading {
  strength: number;
  cues: string[];
  excerpt: string;
  /** Lower-cased sentence, for checks such as "does it name the called tool". */
  sentence: string;
  /** The sentence or its neighbours try to take over the agent (override, fake authority). */
  takeover: boolean;
}

/**
 * One untrusted content item (tool result, resource, prompt, sampling result) as the
 * engine keeps it: its text, lower-cased for matching, and sentence readings computed
 * lazily and cached, since most sentences never hold an argument value.
 */
export class ContentItem {
  readonly lower: string;
  /** `text` with JSON string escapes read as the layout they encode (same offsets). */
  private readonly layout: string;
  private spans: Span[] | undefined;
  private addressees: Span[] | undefined;
  private readonly readings = new Map<number, InstructionReading>();

  constructor(
    readonly seq: number,
    readonly hash: string,
    readonly text: string,
    /** The user pointed the agent at this document and asked it to act on it. */
    readonly delegated: boolean,
    private readonly toolPhrases: () => readonly string[],
    /** Needles of the call whose result this is: the tool may echo its own arguments. */
    readonly callNeedles: ReadonlySet<string> = new Set(),
    /** Set when the call that returned this item was itself flagged as injected. */
    readonly suspectedProducer?: SuspectedProducer,
  ) {
    this.layout = escapedLayout(text);
    this.lower = text.toLowerCase();
  }

  /** The instruction strength at `offset`: its sentence, helped by its neighbours. */
  readAt(offset: number): OccurrenceReading {
    const spans = (this.spans ??= splitSentences(this.layout));
    const index = spanIndexAt(spans, offset);
    if (index < 0) return { strength: 0, cues: [], excerpt: '', sentence: '', takeover: false };
    const own = this.reading(index);
    // Neighbours within the same paragraph (up to two before, one after: a wrapped
    // "…do the following\n first:" can take two spans) lend part of their reading.
    // A sentence ending in a colon ("do the following first:") introduces this one and
    // lends nearly all of its reading.
    const near: InstructionReading[] = [];
    let neighbour = 0;
    let introduced = false;
    for (let i = index - 1; i >= Math.max(0, index - 2) && this.joined(i); i -= 1) {
      near.push(this.reading(i));
      introduced ||= this.introduces(i);
      const share = introduced ? INTRODUCER_SHARE / NEIGHBOUR_SHARE : 1;
      neighbour = Math.max(neighbour, Math.min(1, this.reading(i).score * share));
    }
    if (index + 1 < spans.length && this.joined(index)) {
      near.push(this.reading(index + 1));
      neighbour = Math.max(neighbour, this.reading(index + 1).score);
    }
    let strength = 1 - (1 - own.score) * (1 - NEIGHBOUR_SHARE * neighbour);
    const takeover = own.takeover || near.some((r) => r.takeover);
    if (this.delegated && !takeover) strength *= DELEGATED_SHARE;
    const cues = [...own.cues];
    if (neighbour > 0.3) cues.push('instruction-nearby');
    if (this.delegated) cues.push(takeover ? 'delegated-but-takeover' : 'delegated-document');
    const span = spans[index] as Span;
    return { strength, cues, excerpt: excerpt(this.layout, span, offset), sentence: this.layout.slice(span.start, span.end).toLowerCase(), takeover };
  }

  /** Whether `[start, end)` lies inside the name the content calls its reader by ("Dear X,"). */
  addressesReaderAs(start: number, end: number): boolean {
    const spans = (this.addressees ??= addresseeSpans(this.layout));
    return spans.some((span) => span.start <= start && end <= span.end);
  }

  /** Whether span `index` and the next one belong together (same paragraph, or "…first:" + item). */
  private joined(index: number): boolean {
    const spans = this.spans as Span[];
    const first = spans[index] as Span;
    const second = spans[index + 1] as Span;
    const between = this.layout.slice(first.start, second.start);
    return !PARAGRAPH_BREAK.test(between.trimStart()) || /:\s*$/.test(between);
  }

  /** Span `index` ends with a colon (a wrapped "…the following\n first:" counts through its tail). */
  private introduces(index: number): boolean {
    const span = (this.spans as Span[])[index] as Span;
    return /:\s*$/.test(this.layout.slice(span.start, span.end));
  }

  private reading(index: number): InstructionReading {
    let reading = this.readings.get(index);
    if (reading === undefined) {
      const span = (this.spans as Span[])[index] as Span;
      reading = readInstruction(this.layout.slice(span.start, span.end), this.toolPhrases());
      this.readings.set(index, reading);
    }
    return reading;
  }
}

/**
 * A tool result that is JSON text shows its line breaks and quotes escaped (`…below.\n\nPlease
 * send…`); the model reads them as the layout they encode. Each two-character escape becomes
 * two characters (a space and the character), so offsets into the original text still hold.
 */
function escapedLayout(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([nrt"'])/g, (_, c: string) => (c === 'n' || c === 'r' ? ' \n' : c === 't' ? '  ' : ` ${c}`));
}
