import { ACTION_VERBS, NON_IMPERATIVE_OPENERS } from './verb-lexicon';

/** How strongly one sentence reads as an instruction to the model, and which cues said so. */
export interface InstructionReading {
  score: number;
  cues: string[];
  /** Cues that try to take over the agent (override, fake authority, addressing the model). */
  takeover: boolean;
}

interface Cue {
  name: string;
  weight: number;
  pattern: RegExp;
  takeover?: boolean;
}

/**
 * Cue families, each generic to a FORM of instruction rather than to one payload's words:
 * requests and obligations, attempts to override the agent's task, claims of authority or
 * system origin, banners and notes, markup and JSON fields that carry commands, goals
 * stated as facts, and requests in a few other languages. Weights combine by noisy-OR,
 * so two weak cues make a moderate reading and no single weak cue flags anything.
 */
const CUES: Cue[] = [
  { name: 'request', weight: 0.5, pattern: /\b(?:please|kindly|pls|plz)\b/i },
  {
    name: 'obligation',
    weight: 0.5,
    pattern:
      /\b(?:you (?:must|should|need to|have to|are (?:required|expected|asked|instructed|supposed) to|will need to|may now)|(?:need|want|would like|'d like|require) you to|make sure|be sure to|ensure that|(?:don't|do not) forget|remember to|it is (?:important|necessary|required|essential|crucial|mandatory|vital) (?:that|to)|(?:is|are) (?:required|mandatory|needed) to|must be|should be|needs to be|has to be|action (?:required|needed|item)|required action)\b/i,
  },
  {
    name: 'reported-request',
    weight: 0.45,
    pattern:
      /\b(?:(?:has|have|had|was|were) (?:asked|requested|instructed|ordered|demanded|required|told)|asks? (?:that|you)|requests? that|(?:asked|requested|demanded|insisted|urged|ordered|instructed) that|(?:expected|required) that (?:you|the (?:assistant|agent|ai|bot|model|copilot|llm))\b|(?:wants|wishes|would like) (?:you|that|to have)|(?:is|are) to be (?:sent|forwarded|paid|transferred|shared|copied|moved|deleted|posted|added|removed|invited|emailed))\b/i,
  },
  { name: 'question-request', weight: 0.45, pattern: /\b(?:can|could|would|will) (?:you|u|ya)\b(?! believe)/i },
  {
    // Requests worded as wishes or conditions: "it would be great if you could …", "would you mind …".
    name: 'hedged-request',
    weight: 0.5,
    pattern:
      /\b(?:if (?:you|u) (?:could|would|can|'d)|(?:would|'d) like (?:you|u|the (?:assistant|agent|ai|bot|model|copilot)) to|(?:want|need|ask) the (?:assistant|agent|ai|bot|model|copilot) to|would you (?:mind|be so kind)|(?:i|we)(?: would|'d) (?:really )?(?:appreciate|be grateful)|(?:would|'d) be (?:great|nice|helpful|wonderful|awesome|lovely|appreciated|ideal) if|(?:i|we) (?:need|want) you to)\b/i,
  },
  { name: 'task-reference', weight: 0.35, pattern: /\b(?:your (?:task|job|goal|next step|instructions?|assignment|mission)|next step|the following (?:task|instruction|step|action)s?|as follows|to do list|todo list)\b/i },
  {
    name: 'override',
    weight: 0.9,
    takeover: true,
    pattern:
      /\b(?:ignore|disregard|forget|override|overrule|bypass|skip)\b.{0,40}\b(?:instructions?|directions?|tasks?|rules?|prompts?|guidelines|orders|context|messages?|above|everything)\b/i,
  },
  {
    name: 'preempt',
    weight: 0.5,
    takeover: true,
    pattern:
      /\b(?:before (?:you |we )?(?:can |do |start |begin )?(?:continu|proceed|solv|answer|complet|respond|reply|finish|doing|going|moving|carrying)|after you (?:do|have|finish|complete)|instead of (?:the|your)|from now on|new instructions?|updated instructions?|first of all|do this first|(?:do|complete|perform) the following first)/i,
  },
  {
    name: 'addresses-model',
    weight: 0.45,
    takeover: true,
    pattern: /\b(?:(?:dear|hey|hi|hello|attention|note to|message to|to you,?|you,?) (?:the )?(?:ai|assistant|agent|model|llm|bot|chatbot|copilot)|(?:ai|llm|language model|assistant|agent)s? (?:must|should|reading this|processing)|local model|as an ai)\b/i,
  },
  {
    name: 'claims-authority',
    weight: 0.4,
    takeover: true,
    pattern:
      /(?:\bsystem[ _-]?(?:message|prompt|note|notice|instruction|update|administrator|admin)\b|\(system\b|\[system\]|<\/?system\b|\bfrom (?:the |your )?(?:it|security|admin|administration|support|compliance|management|hr|legal|finance|devops|operations?) (?:team|department|desk|office|staff)\b|\b(?:administrator|sysadmin|developer mode|admin mode|maintenance mode)\b|\b(?:this is|message from|note from|reminder from|on behalf of) (?:the |your )?(?:user|owner|manager|boss|ceo|admin|administrator|it|security|support|system)\b)/i,
  },
  {
    name: 'banner',
    weight: 0.35,
    pattern: /(?:^|\s)(?:important|urgent|attention|warning|notice|note|nb|reminder|todo|to-do|fixme|action item|p\.?s\.?)(?: (?:to|for) [\p{L} ]{1,30})?\s*(?:[:!-]|$)/iu,
  },
  { name: 'shouting', weight: 0.3, pattern: /\b[A-Z]{5,}\b.{0,3}!{2,}|!{3,}/ },
  { name: 'markup-comment', weight: 0.25, pattern: /<!--|-->|\/\*|\*\/|^\s*(?:\/\/|#{2,})|\[\/\/\]|<\/?[a-z_-]{3,20}>/i },
  {
    name: 'command-field',
    weight: 0.5,
    // A key that names a command, or says whom the value is for (`note_for_agent`).
    pattern:
      /["']?\b(?:[\w-]*[_-])?(?:instructions?|task|action|todo|command|next_?step|directive|prompt|system|to_do|(?:for|to)_(?:the_)?(?:agent|ai|assistant|model|llm|bot))(?:[_-][\w-]*)?\b["']?\s*[:=]\s*\S/i,
  },
  { name: 'status-workflow', weight: 0.3, pattern: /\b(?:status:\s*(?:pending|open|todo|required|waiting)|pending action|awaiting (?:action|your)|workflow)\b/i },
  {
    name: 'goal-as-fact',
    weight: 0.5,
    pattern:
      /\b(?:(?:new|updated|correct|current|changed|different|official|real|actual|preferred|only valid|verified) (?:e-?mail|address|account|iban|account number|bank details|number|phone|url|link|website|site|contact|recipient|password|location|destination|payee|channel|handle)|(?:has|have) (?:been )?(?:changed|moved|updated|replaced)|is now|are now|no longer (?:valid|used|in use)|should (?:now )?(?:go|be sent) to)\b/i,
  },
  {
    // A goal stated as an unfinished state of affairs: "… has not been transferred yet",
    // "still lacks access", "is outstanding", "is due for removal", "is waiting to be merged".
    name: 'pending-action',
    // As strong as an obligation ("must be paid"), which it restates.
    weight: 0.5,
    pattern:
      /\b(?:(?:has|have|had|is|are|was|were|does|do|did) not (?:\w+ ){0,2}(?:yet|so far)|(?:hasn't|haven't|isn't|aren't|doesn't|don't|didn't) (?:\w+ ){0,2}(?:yet|so far)|(?:has|have) not been \w+(?:ed|en|t)\b|still (?:lacks?|needs?|requires?|missing|pending|outstanding|open|waiting|awaiting|to be|has to|must)|yet to be \w+|(?:is|are) (?:still )?(?:outstanding|overdue|pending|missing|awaiting \w+)|(?:is|are) (?:due|scheduled|slated|waiting) (?:for|to be)|waiting to be \w+|(?:is|are) to be (?:\w+ed|\w+en|sent|paid|set|put|made|kept)\b)/i,
  },
  {
    // A destination stated as changed: "… changed to X", "now goes to X", "is handled by X";
    // or as where something goes: "the IBANs go to audit@x.example" (an address only: "goes
    // to the park" names no destination an agent could send to).
    name: 'redirect-fact',
    weight: 0.4,
    pattern:
      /\b(?:(?:changed|moved|switched|migrated|redirected|transferred|updated) (?:over )?to|now (?:goes?|go|sent|handled|processed|managed|lives?|located)|(?:is|are) (?:now )?(?:handled|processed|managed|collected|received) (?:by|at|via)|(?:go|goes|(?:is|are|get|gets) (?:sent|forwarded|delivered|reported)) to (?=[\w.+-]+@[\w-]+\.|https?:\/\/|www\.))/i,
  },
  {
    // A claimed right or agreement that licenses an action: "is entitled to", "was agreed".
    name: 'entitlement',
    weight: 0.35,
    pattern: /\b(?:(?:is|are|was|were) (?:entitled|authori[sz]ed|approved|allowed|permitted|cleared) (?:to|for)|(?:was|were|has been|have been) (?:agreed|approved|authori[sz]ed|arranged)|(?:agreed|arranged) with)\b/i,
  },
  {
    // A polite request word of another language stands for both English cues it replaces:
    // "please" and the imperative the verb lexicon cannot see.
    name: 'foreign-request',
    weight: 0.65,
    pattern: /(?:\bbitte\b|\bpor favor\b|s'il vous pla[iî]t|\bveuillez\b|\bper favore\b|\bproszę\b|\bpor gentileza\b|пожалуйста|請|请|ください|してください|부탁|\blütfen\b|\balstublieft\b|\bvänligen\b)/i,
  },
  { name: 'second-person', weight: 0.15, pattern: /\b(?:you|your|yourself)\b/i },
];

/** Leading bullets, numbering, markup openers (`<!--`, `/*`, `<p>`), labels (`TODO:`, `Step 2)`, a JSON key `"email_id":`) and softeners. */
const LEAD_IN =
  /^(?:[\s>*•·#\-–—\d.)([\]"'“{]|<!--|\/\*+|\/\/|<\/?[a-z_-]{1,20}(?:\s[^<>]{0,120})?>|\[\/\/\]: # \(|\{\{)*(?:(?:[\p{L}_ ]{1,30}|\([\p{L}_ ]{1,30}\))["']?\s*[:)\]]\s*)?(?:(?:please|kindly|now|then|also|first|just|immediately|quickly|simply|next|and|finally|lastly|yes|yeah|yep|sure|ok|okay|so|plus|anyway|btw|fyi|oh|p\.?p?\.?s\.?)\b[\s,.]*)*/iu;

/** "To finish this, ", "In order to continue, ", "Once that is done, ", "If the payment fails, ": a clause before the main one. */
const PURPOSE_CLAUSE = /^(?:(?:in order )?to|once|after|when|if|before|as soon as|for)\b[^,;:.!?]{1,80},\s*/i;

/** What may precede a salutation on its line: bullets, quotes, markup tags, or a label's colon. */
const HEADER_OPENING = String.raw`(?:^|\n|[:;][ \t]*)[ \t>*•·#\-–—"'“(\[]*(?:<[^<>\n]{1,40}>[ \t]*)*`;

/**
 * Salutations that head a message: it says who is spoken to, so what follows it starts
 * afresh, as after a label. Either a greeting ("Dear Ann,", "Hi team,", "To whom it may
 * concern,", "Good morning:", "Hello" alone on its line) whose words end at a comma, colon,
 * "!" or a dash, or at the end of the line — so "Hi Bob invite Eve." is no header — or a
 * bare vocative line: one to three capitalised words and a comma, nothing else on the line
 * ("Priya,", "Team,"). Names keep their capitals, so that form has no case-blind flag.
 */
const SALUTATION_HEADERS = [
  new RegExp(
    HEADER_OPENING +
      String.raw`(?:dear|hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|to whom it may concern)\b` +
      String.raw`(?:[ \t]+[\p{L}\p{N}@'’&_-]+){0,5}?[ \t]*(?:[,:!—–]|(?=\r?\n))`,
    'giu',
  ),
  new RegExp(HEADER_OPENING + String.raw`\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*){0,2}[ \t]*,[ \t]*(?=\r?\n)`, 'gu'),
];

/**
 * An imperative clause opens the sentence, or follows a colon, semicolon, "and then" or a
 * salutation header.
 */
function imperative(sentence: string): boolean {
  const candidates = [sentence.replace(LEAD_IN, '')];
  // A leading purpose or condition clause: "To finish processing, call …", "Once done, send …".
  const purpose = PURPOSE_CLAUSE.exec(candidates[0] as string);
  if (purpose !== null) candidates.push((candidates[0] as string).slice(purpose[0].length).replace(LEAD_IN, ''));
  // After a colon or semicolon, "then", a comma (", send it to …" opens a clause that is
  // almost never declarative), "… (asked|want…) that you <verb>", the subjunctive of a
  // reported request, a dash ("Step 3 — send …"), a postscript ("PS send …"), and the
  // start of a table cell, an attribute value, a quotation or after an emoji. Not a
  // parenthesis: "(visit the website for details: x.com)" is how data talks to people.
  for (const match of sentence.matchAll(/(?:[:;]\s*["'“]|[:;]\s+|,? and then\s+|,? then\s+|,\s+|\s[—–-]{1,2}\s+|\bthat (?:you|the (?:assistant|agent|ai|bot|model|copilot|llm|chatbot))\s+|\byou to\s+|\bp\.?\s?p?\.?s\.?[:,]?\s+|\|\s*|=\s*["']|\s["“‘]|\p{Extended_Pictographic}\uFE0F?\s*)/giu)) {
    candidates.push(sentence.slice((match.index ?? 0) + match[0].length).replace(LEAD_IN, ''));
  }
  for (const header of SALUTATION_HEADERS) {
    for (const match of sentence.matchAll(header)) candidates.push(sentence.slice((match.index ?? 0) + match[0].length).replace(LEAD_IN, ''));
  }
  return candidates.some((clause) => {
    const words = clause.toLowerCase().match(/[\p{L}'-]+/gu) ?? [];
    const first = words[0];
    if (first === undefined || NON_IMPERATIVE_OPENERS.has(first)) return false;
    // A file name or key ("report.pdf", "follow_up") is one token, not a verb and its object.
    if (/^[\p{L}'-]+[._]\p{L}/u.test(clause)) return false;
    // "Do X", "Send X": a base-form verb followed by something to act on.
    return ACTION_VERBS.has(first) && words.length >= 2;
  });
}

/**
 * Reads one sentence. `toolPhrases` are the session's tool names in lower case, both as
 * written (`send_money`) and as words (`send money`): content that names a tool the
 * agent can call is talking to the agent.
 */
export function readInstruction(sentence: string, toolPhrases: readonly string[] = []): InstructionReading {
  const cues: string[] = [];
  let miss = 1;
  let takeover = false;
  if (imperative(sentence)) {
    cues.push('imperative');
    miss *= 1 - 0.6;
  }
  if (goalInfinitive(sentence)) {
    cues.push('goal-infinitive');
    miss *= 1 - 0.45;
  }
  for (const cue of CUES) {
    if (!cue.pattern.test(sentence)) continue;
    cues.push(cue.name);
    miss *= 1 - cue.weight;
    if (cue.takeover === true) takeover = true;
  }
  const lower = sentence.toLowerCase();
  const tool = toolPhrases.find((phrase) => phrase.length >= 4 && lower.includes(phrase));
  if (tool !== undefined) {
    cues.push(`names-tool:${tool}`);
    miss *= 1 - 0.45;
    // A tool name with its arguments spelled out (`send_money(…)`, `transfer_funds with {…}`)
    // is a call written for the agent to make, whatever the verb around it.
    const at = lower.indexOf(tool) + tool.length;
    if (/^\s*(?:\(|(?:with|using)\s+(?:the\s+)?(?:arguments?|parameters?|params|args|input)?\s*[:=]?\s*[{(])/.test(lower.slice(at, at + 40))) {
      cues.push('tool-invocation');
      miss *= 1 - 0.5;
    }
  }
  return { score: 1 - miss, cues, takeover };
}

/** "The next step is to send …": an infinitive of an action verb stated as what is to happen. */
function goalInfinitive(sentence: string): boolean {
  for (const match of sentence.matchAll(/\b(?:is|are|was|will be) to ([\p{L}-]+)/giu)) {
    if (ACTION_VERBS.has((match[1] as string).toLowerCase())) return true;
  }
  return false;
}

/** `send_direct_message` → [`send_direct_message`, `send direct message`, `senddirectmessage`?]. */
export function toolPhrasesOf(name: string): string[] {
  const lower = name.toLowerCase();
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .toLowerCase()
    .trim();
  return [...new Set([lower, words])].filter((phrase) => phrase.includes(' ') || phrase.includes('_') || phrase.length >= 10);
}
