/** Where a call's argument values came from, as far as the ledger can tell. */
export type CallOrigin = 'user' | 'content' | 'mixed' | 'unknown';

/** One readable reason why a content item is a source of a call. */
export interface ProvenanceEvidence {
  /** The argument the value was taken from, as a dotted path (`recipient`, `items.0.to`). */
  argument: string;
  /** The value as the call used it (an entity inside free text when `kind` says so). */
  value: string;
  kind: ValueKind;
  /** seq of the content item where the value first appeared, and the sentence around it. */
  firstSeenSeq: number;
  excerpt: string;
  /** 0..1: how much that sentence reads as an instruction to the model, and why. */
  instruction: number;
  cues: string[];
}

export interface ProvenanceSource {
  /** seq of the content event (tool result, resource read, prompt, sampling result). */
  seq: number;
  contentHash: string;
  score: number;
  evidence: ProvenanceEvidence[];
}

export interface CallVerdict {
  callId: string;
  /** seq of the `tool_call.requested` event. */
  seq: number;
  toolName: string;
  origin: CallOrigin;
  injectionSuspected: boolean;
  /** 0..1 confidence that content, not the user, caused the call. */
  score: number;
  /** Highest score first; at most `MAX_SOURCES_PER_CALL`. */
  sources: ProvenanceSource[];
}

export type ValueKind = 'email' | 'url' | 'iban' | 'path' | 'number' | 'token' | 'name' | 'text-entity';

/** One value taken from a call's arguments, normalised for matching. */
export interface ArgumentValue {
  argument: string;
  raw: string;
  /** Lower-cased, scheme-less, trimmed: the form searched for in content. */
  needle: string;
  kind: ValueKind;
  /** How specific the value is: a URL or IBAN says more than a short common word. */
  weight: number;
}
