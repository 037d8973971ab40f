import { argumentValues } from './argument-values';
import type { ArgumentValue, CallVerdict, ValueKind } from './types';
import { ContentItem, type SuspectedProducer } from './content-item';
import { delegationDescription, delegationQualifiers, delegationTargets } from './delegation';
import { toolPhrasesOf } from './instruction-cues';
import { containsValue } from './text-match';

/**
 * Bounds on what one session keeps, so a long or hostile session cannot grow the
 * projector's memory without limit. Past a bound the oldest entries go first; the
 * engine then simply cannot attribute a call to content it no longer holds.
 */
export const SESSION_BOUNDS = {
  /** Content items kept (tool results, resources, prompts, sampling results). */
  maxItems: 512,
  /** Characters kept per content item (the head: instructions rarely hide past it). */
  maxItemChars: 200_000,
  /** Characters of user prompts kept. */
  maxUserChars: 100_000,
  /** Distinct argument values whose first use by the agent is remembered. */
  maxAgentValues: 8_192,
  /** Calls waiting for their result (to know whether the result is a delegated document). */
  maxOpenCalls: 1_024,
  /** Tool names remembered from tools/list (to recognise content that names a tool). */
  maxToolPhrases: 2_048,
} as const;

/** "#87", "PR 87", "invoice 2291": the prompt names an object by its number. */
const NUMBERED_OBJECT = /(?:#|\b(?:issue|ticket|pr|pull request|merge request|order|invoice|case|event|file|e-?mail|message|transaction|reservation|booking|no\.?|number|nr\.?)\s+#?)\d{1,9}\b/i;

/** The per-session memory of the provenance engine. */
export class SessionState {
  readonly items: ContentItem[] = [];
  userText = '';
  private delegation: string[] = [];
  private delegationWords: string[] = [];
  private delegationNumbers: string[] = [];
  /** Kinds of specific value the user's prompt names (an IBAN, an e-mail, an issue number). */
  readonly userValueKinds = new Set<ValueKind>();
  private readonly toolPhraseSet = new Set<string>();
  private toolPhraseList: string[] = [];
  /** needle → seq of the first call whose arguments held it. */
  readonly firstAgentUse = new Map<string, number>();
  /** Needles whose first use by the agent was in a call flagged as injected. */
  readonly firstUsedInSuspectedCall = new Set<string>();
  private readonly openCalls = new Map<string, ArgumentValue[]>();
  /** Open calls flagged as injected: their result inherits the call's suspicion (rule R2). */
  private readonly openSuspected = new Map<string, SuspectedProducer>();
  /** Content hashes the host reported in the model's context for the latest turn. */
  context: Set<string> | undefined;

  readonly toolPhrases = (): readonly string[] => this.toolPhraseList;

  addUserPrompt(text: string): void {
    if (this.userText.length < SESSION_BOUNDS.maxUserChars) {
      this.userText = (this.userText + '\n' + text.toLowerCase()).slice(0, SESSION_BOUNDS.maxUserChars);
    }
    // A document described in words ("Mark's e-mail about the Berlin trip") is recognised by
    // its content; its names alone would also match every other call about Berlin.
    const described = delegationDescription(text);
    if (described.length >= 2) this.delegationWords = described.slice(0, 8);
    else this.delegation = [...new Set([...this.delegation, ...delegationTargets(text)])].slice(0, 64);
    this.delegationNumbers = [...new Set([...this.delegationNumbers, ...delegationQualifiers(text)])].slice(0, 16);
    for (const value of argumentValues({ prompt: text })) if (value.kind !== 'text-entity' && value.kind !== 'name') this.userValueKinds.add(value.kind);
    if (NUMBERED_OBJECT.test(text)) this.userValueKinds.add('token');
  }

  addTools(names: string[]): void {
    for (const name of names) {
      for (const phrase of toolPhrasesOf(name)) {
        if (this.toolPhraseSet.size >= SESSION_BOUNDS.maxToolPhrases) return;
        this.toolPhraseSet.add(phrase);
      }
    }
    this.toolPhraseList = [...this.toolPhraseSet];
  }

  /**
   * Remembers a call's values: later content repeating them echoes the agent, not a source.
   * A suspected call's verdict is kept until its result arrives, so that the result can
   * pass the suspicion on to writes that act on what it returned.
   */
  recordCall(callId: string, seq: number, values: ArgumentValue[], verdict?: CallVerdict): void {
    const suspected = verdict?.injectionSuspected === true;
    for (const value of values) {
      if (!this.firstAgentUse.has(value.needle) && this.firstAgentUse.size < SESSION_BOUNDS.maxAgentValues) {
        this.firstAgentUse.set(value.needle, seq);
        if (suspected) this.firstUsedInSuspectedCall.add(value.needle);
      }
    }
    if (this.openCalls.size >= SESSION_BOUNDS.maxOpenCalls) {
      const oldest = this.openCalls.keys().next().value;
      if (oldest !== undefined) this.openCalls.delete(oldest);
    }
    this.openCalls.set(callId, values);
    if (verdict !== undefined && suspected) {
      if (this.openSuspected.size >= SESSION_BOUNDS.maxOpenCalls) {
        const oldest = this.openSuspected.keys().next().value;
        if (oldest !== undefined) this.openSuspected.delete(oldest);
      }
      this.openSuspected.set(callId, { callId, seq, score: verdict.score, sources: verdict.sources.map(({ seq: s, score }) => ({ seq: s, score })) });
    }
  }

  /** Adds content; `callId` links a tool result to its call, to tell if it is delegated. */
  addContent(seq: number, hash: string, text: string, callId?: string): void {
    let delegated = false;
    let values: ArgumentValue[] = [];
    let producer: SuspectedProducer | undefined;
    if (callId !== undefined) {
      values = this.openCalls.get(callId) ?? [];
      this.openCalls.delete(callId);
      producer = this.openSuspected.get(callId);
      this.openSuspected.delete(callId);
      delegated =
        values.some((value) => this.delegation.some((target) => containsValue(value.needle, target) || containsValue(target, value.needle))) &&
        (this.delegationNumbers.length === 0 || values.some((value) => this.delegationNumbers.includes(value.needle)));
      // A described document ("Priya's e-mail about the offsite") is the result that holds every describing word.
      // Only the first such result: later ones may hold the words by chance, or because
      // an attacker's text repeats them.
      if (!delegated && this.delegationWords.length > 0) {
        const lower = text.toLowerCase();
        delegated = this.delegationWords.every((word) => containsValue(lower, word));
        if (delegated) this.delegationWords = [];
      }
    }
    const needles = new Set(values.map((value) => value.needle));
    this.items.push(new ContentItem(seq, hash, text.slice(0, SESSION_BOUNDS.maxItemChars), delegated, this.toolPhrases, needles, producer));
    if (this.items.length > SESSION_BOUNDS.maxItems) this.items.shift();
  }

  /** The content item of `seq`, while the session still holds it. */
  itemAt(seq: number): ContentItem | undefined {
    return this.items.find((item) => item.seq === seq);
  }

  inUserPrompt(needle: string): boolean {
    return containsValue(this.userText, needle);
  }

  /** False only when the host told us the model's context and this item was not in it. */
  inContext(item: ContentItem): boolean {
    return this.context === undefined || this.context.has(item.hash);
  }
}
