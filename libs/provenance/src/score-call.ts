import { argumentValues } from './argument-values';
import type { ContentItem, OccurrenceReading } from './content-item';
import type { SessionState } from './session-state';
import { inheritedSources, type InheritedSource } from './inherited-suspicion';
import { actionNamingInstructions, isMasked } from './masked-values';
import { actionSynonyms, requestedByUser } from './requested-action';
import { findOccurrences } from './text-match';
import { INSTRUCTION_MIN } from './thresholds';
import type { ArgumentValue, CallOrigin, CallVerdict, ProvenanceEvidence, ProvenanceSource, ValueKind } from './types';
import { ACTION_VERBS } from './verb-lexicon';

/** Readings saturate here: a clear instruction is evidence enough, more cues add nothing. */
const INSTRUCTION_FULL = 0.6;
/** A value also seen in ordinary data is weaker evidence (FINDINGS: "only inside instructions")… */
const ALSO_IN_DATA = 0.5;
/**
 * …unless the instruction around it names the tool the call uses (or, less, its verb):
 * the attacker may reuse an address the data already holds. Set so that only specific
 * values (URL, e-mail, IBAN, path) reach the threshold this way, never a bare name or
 * channel that every listing repeats.
 */
const ALSO_IN_DATA_TOOL_NAMED = 0.55;
const ALSO_IN_DATA_VERB_NAMED = 0.5;
/**
 * When the user's own request covers the call's action ("send a reminder to everyone
 * invited" and a `send_mail`), a value that ordinary data supplies is explained by that
 * data, even if an instruction elsewhere repeats it: below the threshold for any value.
 * When it does not (a file deleted while the user asked about the calendar), the mismatch
 * is the evidence FINDINGS asks for, and a named action counts a little more.
 */
const ALSO_IN_DATA_REQUESTED = 0.45;
// Small on purpose: a specific value (id, path, multi-word name) crosses the threshold this
// way, a bare one-word name that every listing repeats does not (0.58 × 0.85 < 0.5).
const ALSO_IN_DATA_UNREQUESTED_BONUS = 0.03;
/**
 * A name that occurs where the content addresses its reader ("Dear X,", "to you, X") is
 * who the text speaks to, not what it asks for: a weak link, below the threshold even for
 * the most specific name. Only names: an address or id in a salutation is unusual enough
 * to keep its full weight.
 */
const ADDRESSEE_SHARE = 0.3;
const ADDRESSEE_CUE = 'addresses-reader';
const ADDRESSEE_KINDS: ReadonlySet<ValueKind> = new Set(['name', 'text-entity']);
/** An unrequested write with a masked value, and an instruction naming its whole action. */
const MASKED_ACTION_NAMED = 0.55;
/** Content naming the called tool in an instruction, without any shared value: a hint only. */
const TOOL_NAMED_ONLY = 0.3;
export const SUSPICION_THRESHOLD = 0.5;
export const MAX_SOURCES_PER_CALL = 8;
const MAX_OCCURRENCES_PER_ITEM = 4;

export interface CallInput {
  callId: string;
  seq: number;
  toolName: string;
  args: Record<string, unknown>;
}

interface SourceDraft {
  item: ContentItem;
  score: number;
  instruction: number;
  evidence: ProvenanceEvidence[];
}

/**
 * Scores one call against what the session has shown so far. The call's values that
 * the user did not type are traced to the content items where they FIRST appeared
 * (occurrences after the agent itself used a value are echoes and do not count); each
 * item is scored by its strongest value — the maximum, not a count — weighted by how
 * instruction-like the sentence around the value reads.
 */
export function scoreCall(state: SessionState, call: CallInput): CallVerdict {
  // A secret the ledger masked cannot be traced; it only tells that the call set one.
  const allValues = argumentValues(call.args);
  const values = allValues.filter((value) => !isMasked(value));
  const masked = allValues.filter(isMasked);
  const action = actionWords(call.toolName);
  const toolPhrases = phrasesOf(call.toolName);
  const toolWords = contentWordsOf(call.toolName);
  const synonyms = actionSynonyms(call.toolName);
  const requested = requestedByUser(call.toolName, state.userText);
  const actionVerbs = [...new Set([...action, ...synonyms])].filter((word) => !word.includes(' '));
  const drafts = new Map<number, SourceDraft>();
  let userValues = 0;
  let contentValues = 0;
  for (const value of values) {
    if (state.inUserPrompt(value.needle)) {
      userValues += 1;
      continue;
    }
    const horizon = state.firstAgentUse.get(value.needle) ?? call.seq;
    // A contact point ("email X", "write to X") for a message the user asked the agent to
    // send tells where, not what: it reads as plain data.
    const occurrences = firstHandOccurrences(state, value, Math.min(horizon, call.seq)).map((o) =>
      requested && contactPoint(o) ? asContactPoint(o) : directed(o, value.needle, actionVerbs),
    );
    if (occurrences.length === 0) continue;
    // A value the delegated document gives (outside a takeover attempt) is the user's.
    if (occurrences.some((o) => o.item.delegated && !o.reading.cues.includes('delegated-but-takeover'))) {
      userValues += 1;
      continue;
    }
    if (value.kind !== 'text-entity') contentValues += 1;
    // Plain data that lists the value after the agent first used it (a member list, a
    // directory) still shows the value exists outside the instruction — unless that data
    // is the result of a call that itself carried the value (an echo).
    // An addressee occurrence is neither instruction nor data: it neither makes the value
    // "only inside instructions" nor weakens an occurrence that is the object of one.
    const onlyInInstructions =
      occurrences.every((o) => o.addressee || o.reading.strength >= INSTRUCTION_MIN) &&
      !inLaterData(state, value, Math.min(horizon, call.seq), call.seq);
    // The user asked for this kind of action without naming its object: data may well
    // supply it. If the prompt names an object of this kind (an IBAN, PR #87), a different
    // one that an instruction supplies is not what was asked for.
    const excusedByRequest = requested && !state.userValueKinds.has(value.kind);
    // Once the agent used the name in a call flagged as injected (an invitation the injection
    // asked for), it belongs to the injected action chain: its salutation is no excuse.
    const excused = !state.firstUsedInSuspectedCall.has(value.needle);
    for (const { item, reading, addressee } of occurrences) {
      const actionNamed = action.some((word) => reading.sentence.includes(word)) || synonyms.some((word) => new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'u').test(reading.sentence));
      const toolNamed = toolPhrases.some((phrase) => reading.sentence.includes(phrase)) || namesAllToolWords(reading.sentence, toolWords);
      const bonus = excusedByRequest ? 0 : ALSO_IN_DATA_UNREQUESTED_BONUS;
      const penalty = onlyInInstructions
        ? 1
        : reading.strength < INSTRUCTION_MIN
          ? ALSO_IN_DATA
          : excusedByRequest
            ? ALSO_IN_DATA_REQUESTED
            : toolNamed
              ? ALSO_IN_DATA_TOOL_NAMED + bonus
              : actionNamed
                ? ALSO_IN_DATA_VERB_NAMED + bonus
                : ALSO_IN_DATA;
      const share = addressee && excused ? ADDRESSEE_SHARE : 1;
      const score = value.weight * Math.min(1, reading.strength / INSTRUCTION_FULL) * penalty * share;
      mergeEvidence(drafts, item, score, share < 1 ? { ...reading, cues: [...reading.cues, ADDRESSEE_CUE] } : reading, value, actionNamed);
    }
  }
  // A read by an id the injected chain returned only looks at it; a write acts on it.
  if (writes(call.toolName, action)) for (const inherited of inheritedSources(state, call.seq, values)) mergeInherited(drafts, inherited);
  if (masked.length > 0 && !requested && writes(call.toolName, action)) addMaskedActionSources(state, call, masked[0] as ArgumentValue, toolWords, drafts);
  addToolNamingItems(state, call, action, drafts);
  const sources = rank([...drafts.values()]).slice(0, MAX_SOURCES_PER_CALL);
  const score = round(sources[0]?.score ?? 0);
  return {
    callId: call.callId,
    seq: call.seq,
    toolName: call.toolName,
    origin: originOf(userValues, contentValues),
    injectionSuspected: score >= SUSPICION_THRESHOLD,
    score,
    sources,
  };
}

interface Occurrence {
  item: ContentItem;
  reading: OccurrenceReading;
  offset: number;
  /** The value is (part of) the name the content calls its reader by. */
  addressee: boolean;
}

function firstHandOccurrences(state: SessionState, value: ArgumentValue, before: number): Occurrence[] {
  const found: Occurrence[] = [];
  const nameLike = ADDRESSEE_KINDS.has(value.kind);
  for (const item of state.items) {
    if (item.seq >= before) break;
    if (!state.inContext(item)) continue;
    for (const offset of findOccurrences(item.lower, value.needle, MAX_OCCURRENCES_PER_ITEM)) {
      const addressee = nameLike && item.addressesReaderAs(offset, offset + value.needle.length);
      found.push({ item, reading: item.readAt(offset), offset, addressee });
    }
  }
  return found;
}

/**
 * The value is where content tells its reader how to reach someone: right after a verb of
 * contacting ("email X", "write to us at X", "contact the desk via X"), outside any attempt
 * to take over the agent. Such a sentence is meant for people; it answers "where", not "what".
 */
function contactPoint({ item, reading, offset }: Occurrence): boolean {
  if (reading.takeover) return false;
  const before = item.lower.slice(Math.max(0, offset - 60), offset);
  return CONTACT_BEFORE.test(before) || ROUTED_TO.test(before);
}

/**
 * The sentence puts this call's action, as a bare verb, right before the value: "can u
 * transfer 250 EUR to X", "I'd like the assistant to share file 11 with X", "Step 3 —
 * delete file 13". Whatever the wording around it, the sentence directs the very action
 * the call performs on that value; it adds to the reading like a cue. Not when the verb is
 * a noun ("the transfer to X") or has its own subject ("we transfer to X").
 */
function directed(occurrence: Occurrence, needle: string, verbs: readonly string[]): Occurrence {
  const { sentence } = occurrence.reading;
  const at = sentence.indexOf(needle);
  if (at < 0 || verbs.length === 0) return occurrence;
  const words = sentence.slice(0, at).match(/[\p{L}'’-]+/gu) ?? [];
  const window = words.slice(-DIRECTED_WINDOW_WORDS - 1);
  for (let i = window.length - 1; i >= 0; i -= 1) {
    if (!verbs.includes(window[i] as string)) continue;
    const before = window[i - 1];
    if (before !== undefined && NOT_DIRECTIVE_BEFORE.has(before)) continue;
    const strength = 1 - (1 - occurrence.reading.strength) * (1 - DIRECTED_VERB);
    return { ...occurrence, reading: { ...occurrence.reading, strength, cues: [...occurrence.reading.cues, 'directs-the-action'] } };
  }
  return occurrence;
}

/** How many words may stand between the verb and the value ("send 480.00 EUR to the landlord's account X"). */
const DIRECTED_WINDOW_WORDS = 10;
const DIRECTED_VERB = 0.4;
/** A subject, determiner or auxiliary before the verb makes it a statement or a noun. */
const NOT_DIRECTIVE_BEFORE = new Set(
  `i we they he she it who which the a an this that these those your my our his her their its of was were is are has have had been be
   did does do don't didn't will won't would shall should may might must any every no each`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Where something is routed, stated for people: "Invoices go to X", "Complaints are forwarded to X". */
const ROUTED_TO = /\b(?:go|goes|(?:is|are|get|gets) (?:sent|forwarded|delivered|reported|addressed)) to\s*:?\s*$/;

function asContactPoint(occurrence: Occurrence): Occurrence {
  return { ...occurrence, reading: { ...occurrence.reading, strength: 0, cues: [...occurrence.reading.cues, 'contact-point'] } };
}

/**
 * The contact verb opens a clause (after punctuation or a softener) or is the verb of a
 * requested "that" clause ("it is requested that customers email X", like "please email
 * X"), so "the email X" is no contact point.
 */
const CONTACT_BEFORE =
  /(?:^|[.!?:;,(]\s*|\n\s*|\b(?:please|kindly|then|and|or|simply|just)\s+|\bthat (?:[a-z]+ ){1,2})(?:e-?mail|mail|contact|write(?: to)?|reach(?: out to)?|call|phone|ring|text|message|ping|get in touch with|send (?:it|them|your \w+(?: \w+)?|a message|an e-?mail) to)(?: (?:us|them|him|her|our \w+(?: \w+)?|the \w+(?: \w+)?))?(?: (?:at|on|via|through|to|under))?\s*:?\s*$/;

function inLaterData(state: SessionState, value: ArgumentValue, from: number, before: number): boolean {
  for (const item of state.items) {
    if (item.seq < from || item.callNeedles.has(value.needle)) continue;
    if (item.seq >= before) break;
    for (const offset of findOccurrences(item.lower, value.needle, MAX_OCCURRENCES_PER_ITEM)) {
      if (item.readAt(offset).strength < INSTRUCTION_MIN) return true;
    }
  }
  return false;
}

function mergeEvidence(drafts: Map<number, SourceDraft>, item: ContentItem, score: number, reading: OccurrenceReading, value: ArgumentValue, actionNamed: boolean): void {
  let draft = drafts.get(item.seq);
  if (draft === undefined) {
    draft = { item, score: 0, instruction: 0, evidence: [] };
    drafts.set(item.seq, draft);
  }
  draft.score = Math.max(draft.score, score);
  // A salutation is not an instruction: it neither ranks the item nor hides the sentence
  // that asks for the value when the value is also the object of an instruction.
  const addressee = reading.cues.includes(ADDRESSEE_CUE);
  if (!addressee) draft.instruction = Math.max(draft.instruction, reading.strength);
  const existing = draft.evidence.find((e) => e.value === value.raw && e.argument === value.argument);
  const existingAddressee = existing?.cues.includes(ADDRESSEE_CUE) === true;
  if (existing !== undefined && ((addressee && !existingAddressee) || (addressee === existingAddressee && existing.instruction >= reading.strength))) return;
  if (existing !== undefined) draft.evidence.splice(draft.evidence.indexOf(existing), 1);
  draft.evidence.push({
    argument: value.argument,
    value: value.raw,
    kind: value.kind,
    firstSeenSeq: item.seq,
    excerpt: reading.excerpt,
    instruction: round(reading.strength),
    cues: actionNamed ? [...reading.cues, 'names-the-action'] : reading.cues,
  });
}

function mergeInherited(drafts: Map<number, SourceDraft>, { item, score, evidence }: InheritedSource): void {
  let draft = drafts.get(item.seq);
  if (draft === undefined) {
    draft = { item, score: 0, instruction: 0, evidence: [] };
    drafts.set(item.seq, draft);
  }
  draft.score = Math.max(draft.score, score);
  if (!draft.evidence.some((e) => e.value === evidence.value && e.argument === evidence.argument)) draft.evidence.push(evidence);
}

/**
 * A write the user did not ask for, whose value was masked (a new password): the content
 * whose instruction names its whole action is its source. Below a traced value's weight,
 * yet enough to flag when the instruction is clear.
 */
function addMaskedActionSources(state: SessionState, call: CallInput, value: ArgumentValue, toolWords: string[], drafts: Map<number, SourceDraft>): void {
  for (const { item, reading } of actionNamingInstructions(state, call.seq, toolWords)) {
    const score = MASKED_ACTION_NAMED * Math.min(1, reading.strength / INSTRUCTION_FULL);
    mergeEvidence(drafts, item, score, { ...reading, cues: [...reading.cues, 'value-masked'] }, value, true);
  }
}

/** Content that tells the agent to use this very tool, even with no value in common. */
function addToolNamingItems(state: SessionState, call: CallInput, action: string[], drafts: Map<number, SourceDraft>): void {
  const phrases = phrasesOf(call.toolName);
  for (const item of state.items) {
    if (item.seq >= call.seq || drafts.has(item.seq) || !state.inContext(item)) continue;
    const at = phrases.map((p) => item.lower.indexOf(p)).find((i) => i >= 0);
    if (at === undefined) continue;
    const reading = item.readAt(at);
    if (reading.strength < INSTRUCTION_MIN) continue;
    const value: ArgumentValue = { argument: '(tool)', raw: call.toolName, needle: call.toolName.toLowerCase(), kind: 'name', weight: TOOL_NAMED_ONLY };
    mergeEvidence(drafts, item, TOOL_NAMED_ONLY * Math.min(1, reading.strength / INSTRUCTION_FULL), reading, value, action.length > 0);
  }
}

/** A tool's name as content would write it: `send_money`, `send money`, `sendMoney` → `send money`. */
function phrasesOf(toolName: string): string[] {
  const words = toolName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').toLowerCase().trim();
  return [...new Set([toolName.toLowerCase(), words])].filter((p) => p.length >= 6 && (p.includes(' ') || p.includes('_') || p.length >= 10));
}

/** The words of a tool's name that carry meaning (`add_user_to_channel` → add, user, channel). */
function contentWordsOf(toolName: string): string[] {
  return toolName
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 3 && !NAME_FILLERS.has(w));
}

const NAME_FILLERS = new Set(['the', 'and', 'for', 'from', 'into', 'with', 'via', 'all', 'new', 'get', 'tool', 'api']);

/** An instruction that uses every meaningful word of the tool's name names its action. */
function namesAllToolWords(sentence: string, words: string[]): boolean {
  return words.length >= 2 && words.every((w) => new RegExp(`\\b${w}`).test(sentence));
}

/** Strongest evidence first, then the more instruction-like item, then the more recent. */
function rank(drafts: SourceDraft[]): ProvenanceSource[] {
  drafts.sort((a, b) => b.score - a.score || b.instruction - a.instruction || b.item.seq - a.item.seq);
  return drafts.map((d) => ({ seq: d.item.seq, contentHash: d.item.hash, score: round(d.score), evidence: d.evidence }));
}

/** The verb(s) of a tool's name that say what it does (`send_money` → `send`), if any. */
function actionWords(toolName: string): string[] {
  const words = toolName
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => ACTION_VERBS.has(w) && !READ_VERBS.has(w));
  return words;
}

/**
 * A tool that acts rather than reads: its name holds an action verb and does not open with
 * a verb of reading (`get_email_by_id` reads although "email" is also a verb).
 */
function writes(toolName: string, action: string[]): boolean {
  const first = /[a-z]+/.exec(toolName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())?.[0];
  return action.length > 0 && (first === undefined || !READ_VERBS.has(first));
}

/** Verbs of reading say little about intent: every task reads. */
const READ_VERBS = new Set(['get', 'read', 'list', 'view', 'show', 'search', 'find', 'look', 'fetch', 'retrieve', 'check', 'load', 'browse']);

function originOf(userValues: number, contentValues: number): CallOrigin {
  if (userValues > 0 && contentValues > 0) return 'mixed';
  if (contentValues > 0) return 'content';
  if (userValues > 0) return 'user';
  return 'unknown';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
