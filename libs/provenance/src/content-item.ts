import { readInstruction, type InstructionReading } from './instruction-cues';
import { excerpt, spanIndexAt, splitSentences, type Span } from './sentences';

/** How far a neighbouring sentence's reading spills onto the sentence holding a value… */
const NEIGHBOUR_SHARE = 0.5;
/** …only when that sentence has some cue of its own: plain data next to an injection stays data. */
const OWN_MIN_FOR_SPILL = 0.2;
/** In a document the user delegated to, non-takeover instructions count this much. */
const DELEGATED_SHARE = 0.3;

export interface OccurrenceReading {
  strength: number;
  cues: string[];
  excerpt: string;
  /** Lower-cased sentence, for checks such as "does it name the called tool". */
  sentence: string;
}

/**
 * One untrusted content item (tool result, resource, prompt, sampling result) as the
 * engine keeps it: its text, lower-cased for matching, and sentence readings computed
 * lazily and cached, since most sentences never hold an argument value.
 */
export class ContentItem {
  readonly lower: string;
  private spans: Span[] | undefined;
  private readonly readings = new Map<number, InstructionReading>();

  constructor(
    readonly seq: number,
    readonly hash: string,
    readonly text: string,
    /** The user pointed the agent at this document and asked it to act on it. */
    readonly delegated: boolean,
    private readonly toolPhrases: () => readonly string[],
  ) {
    this.lower = text.toLowerCase();
  }

  /** The instruction strength at `offset`: its sentence, helped by its neighbours. */
  readAt(offset: number): OccurrenceReading {
    const spans = (this.spans ??= splitSentences(this.text));
    const index = spanIndexAt(spans, offset);
    if (index < 0) return { strength: 0, cues: [], excerpt: '', sentence: '' };
    const own = this.reading(index);
    const before = index > 0 ? this.reading(index - 1) : undefined;
    const after = index + 1 < spans.length ? this.reading(index + 1) : undefined;
    const neighbour = own.score >= OWN_MIN_FOR_SPILL ? Math.max(before?.score ?? 0, after?.score ?? 0) : 0;
    let strength = 1 - (1 - own.score) * (1 - NEIGHBOUR_SHARE * neighbour);
    const takeover = own.takeover || (neighbour > 0 && (before?.takeover === true || after?.takeover === true));
    if (this.delegated && !takeover) strength *= DELEGATED_SHARE;
    const cues = [...own.cues];
    if (neighbour > 0.3) cues.push('instruction-nearby');
    if (this.delegated) cues.push(takeover ? 'delegated-but-takeover' : 'delegated-document');
    const span = spans[index] as Span;
    return { strength, cues, excerpt: excerpt(this.text, span, offset), sentence: this.lower.slice(span.start, span.end) };
  }

  private reading(index: number): InstructionReading {
    let reading = this.readings.get(index);
    if (reading === undefined) {
      const span = (this.spans as Span[])[index] as Span;
      reading = readInstruction(this.text.slice(span.start, span.end), this.toolPhrases());
      this.readings.set(index, reading);
    }
    return reading;
  }
}
