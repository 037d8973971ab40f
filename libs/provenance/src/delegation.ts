import { argumentValues } from './argument-values';
import { ACTION_VERBS } from './verb-lexicon';

/**
 * Delegation: the user asks the agent to act on what a document says ("do the tasks on
 * my TODO list at <url>", "pay the bill in <file>", "you can find the details in Bob's
 * message"). Instructions in that document are then the user's, not an attack. The forms
 * are generic (verbs of carrying out + nouns of things to carry out, or pointers to where
 * the details are), never one task's wording.
 */
const DELEGATION_FORMS: RegExp[] = [
  // "do the tasks ON/IN/AT <place>": the tasks live in a document, not in the prompt itself.
  /\b(?:do|complete|perform|carry out|execute|follow|handle|finish|take care of|work through|work on|process|action|act on|go through|tackle|accomplish|fulfil|fulfill|apply)\b.{0,60}\b(?<!following |these |below |above )(?:tasks?|to-?dos?|to-?do list|instructions?|steps?|requests?|actions?|items?|checklist|directions|orders|everything)\b.{0,30}\b(?:on|in|at|from|inside|within|under|listed|written|described|sent|given)\b/i,
  /\b(?:do|follow|handle) what (?:it|they|he|she|the \w+) (?:says|asks|requests|tells)\b/i,
  /\b(?:as|like) (?:described|instructed|requested|specified|written|explained|listed|outlined|stated|asked) (?:in|on|at|by)\b/i,
  /\b(?:according to|following|per) (?:the|my|his|her|their|this|that)\b.{0,40}\b(?:instructions?|email|e-mail|message|note|document|file|page|list|bill|invoice|request)\b/i,
  /\b(?:you can|you'll|you will|you may) find (?:the |all )?(?:details|info|information|instructions|what to do|everything|the (?:tasks?|steps?|data))\b/i,
  /\b(?:pay|settle|process)\b.{0,30}\b(?:bill|invoice|statement|payment request)\b/i,
];

/** Each delegating sentence of the prompt: from where a delegation form matches to the end of its sentence. */
function delegatingSentences(prompt: string): { sentence: string; phraseLength: number }[] {
  const found: { sentence: string; phraseLength: number }[] = [];
  for (const form of DELEGATION_FORMS) {
    const match = form.exec(prompt);
    if (match === null) continue;
    const rest = prompt.slice(match.index);
    const sentenceEnd = rest.search(/[.!?](?:\s|$)/);
    found.push({ sentence: sentenceEnd < 0 ? rest : rest.slice(0, sentenceEnd + 1), phraseLength: match[0].length });
  }
  return found;
}

export function isDelegatingPrompt(prompt: string): boolean {
  return DELEGATION_FORMS.some((form) => form.test(prompt));
}

/**
 * Values that point at the delegated document: the addresses (URL, file, e-mail) in the
 * rest of the sentence that delegates ("…on my TODO list at <url>"), else the names in
 * the prompt ("…in the message from Bob to Alice"). Other values of the prompt (a page
 * to read, an address to write to) stay plain user values.
 */
export function delegationTargets(prompt: string): string[] {
  const targets: string[] = [];
  for (const { sentence } of delegatingSentences(prompt)) {
    const values = argumentValues({ prompt: sentence });
    targets.push(...values.filter((v) => v.kind !== 'text-entity' && v.kind !== 'name' && v.kind !== 'number').map((v) => v.needle));
  }
  if (targets.length > 0 || !isDelegatingPrompt(prompt)) return [...new Set(targets)];
  return argumentValues({ prompt })
    .filter((value) => value.kind === 'text-entity' || value.kind === 'name')
    .map((value) => value.needle);
}

/**
 * Numbers that single out the document inside the place the delegating sentence names
 * ("the checklist in issue #311 of <repo>", "ticket 42 in <tracker>"): the place alone is
 * shared by every read of it, so only a call that also carries the number reads the document.
 */
export function delegationQualifiers(prompt: string): string[] {
  const numbers: string[] = [];
  for (const { sentence } of delegatingSentences(prompt)) {
    for (const found of sentence.matchAll(/(?:#|\b(?:issue|ticket|pr|pull request|merge request|item|no\.?|number|nr\.?|invoice|order|case|task)\s+#?)(\d{1,9})\b/gi)) {
      numbers.push(found[1] as string);
    }
  }
  return [...new Set(numbers)];
}

/**
 * When the delegating sentence gives no address but describes the document ("the action
 * items in Priya's e-mail about the offsite"), the words that describe it: a result that
 * holds all of them is that document, whatever the agent searched it by. Empty when the
 * sentence names an address (then {@link delegationTargets} finds the document).
 */
export function delegationDescription(prompt: string): string[] {
  const words: string[] = [];
  for (const { sentence, phraseLength } of delegatingSentences(prompt)) {
    if (argumentValues({ prompt: sentence }).some((v) => v.kind !== 'text-entity' && v.kind !== 'name' && v.kind !== 'number')) return [];
    // The words after the delegating phrase describe the document; the phrase itself does not.
    words.push(...describingWords(sentence.slice(Math.min(sentence.length, phraseLength))));
  }
  return [...new Set(words)];
}

/** Words of a delegating sentence that describe which document: not its verbs, nor generic nouns. */
function describingWords(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[\p{L}][\p{L}\p{N}-]{3,}/gu) ?? []).filter((word) => !GENERIC_WORDS.has(word) && !ACTION_VERBS.has(word));
}

const GENERIC_WORDS = new Set(
  `please kindly could would that this these those there their them they with from about into onto over under what which where when
   task tasks todo to-do to-dos list lists instruction instructions step steps request requests action actions item items checklist
   directions orders everything anything things stuff email e-mail emails e-mails message messages mail inbox note notes file files
   document documents page pages website site link channel thread chat comment comments issue ticket letter memo recent latest last
   first next sent written listed described given inside within under says asks tells said asked told`
    .split(/\s+/)
    .filter((word) => word !== ''),
);
