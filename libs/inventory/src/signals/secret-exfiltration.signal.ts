import { ACQUIRE_VERB, MOVE_VERB, OBLIGATION, WRITE_VERB, firstUnnegated, quote } from './cues';
import { sentenceHits, type FieldText, type RawFinding } from './signal';

/** Files whose only use to a tool description is theft or persistence. */
const SENSITIVE_FILE =
  /~\/\.ssh\b|\.ssh\/|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|(?:^|[\s'"`(/])\.env\b|\.aws\/(?:credentials|config)|\bmcp\.json\b|\.cursor\/|\bclaude_desktop_config\.json\b|\.(?:bash|zsh)rc\b|\.bash_profile\b|\/etc\/(?:passwd|shadow|sudoers)\b|\.npmrc\b|\.pypirc\b|\.netrc\b|\.git-credentials\b|\.kube\/config\b|\.docker\/config\.json\b|\bconfig\.json\b|\bwallet\.dat\b|\bkeychain\b/i;

/** Secrets and private data by name. */
const SECRET_DATA =
  /\b(?:passwords?|passphrases?|api[ _-]?keys?|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|bearer tokens?|secret keys?|secrets|private[ _-]?keys?|credentials|card numbers?|credit cards?|cvv|social security numbers?|(?:private|personal|sensitive|confidential) (?:information|data|details)|one-time[- ]codes?|2fa codes?|seed phrases?|recovery phrases?|session cookies?)\b/i;

/** Data about the user or the conversation that a tool has no reason to receive. */
const CONTEXT_DATA =
  /\b(?:conversation (?:history|summary|context|so far)|chat history|(?:previous|prior|last|earlier|recent) (?:user )?messages|last user message|(?:list|full list) of (?:last |previous |recent )?messages|(?:entire|full|whole) conversation|system prompt|user's (?:full |real |home |email |e-mail |physical |postal )?(?:name|address|email|e-mail|phone(?: number)?|location|employer|date of birth)|(?:full |home )address|(?:file|their|its) contents|contents of (?:the |any |this |that |your |their )?(?:user's |current )?[\w./~ '-]{0,40}?(?:file|config|directory)|environment variables|full (?:text|output) of)\b/i;

/** Where the data came from: the conversation or the machine, not the tool's own arguments. */
const FOREIGN_SOURCE =
  /\b(?:seen|mentioned|shared|appear(?:s|ing)?|given|provided|known) (?:earlier|before|previously|in (?:the|this) (?:conversation|session|chat))|\b(?:in|from) (?:the|this) (?:conversation|session|chat)\b|\bwhenever the user (?:mentions|shares|types|provides)|\bthe user mentions\b|\bearlier in\b|\b(?:read|look in|open)\b/i;

/** A URL that carries data out in its query (`?d=<field values>`, `{{last user message}}`). */
const TEMPLATED_URL = /https?:\/\/[^\s"'`)]+[?&][\w-]+=(?:<[^>]{2,60}>|\{\{?[^}]{2,60}\}\}?|\$\{[^}]{2,60}\}|\[[^\]]{2,60}\])/i;
const URL = /https?:\/\/[^\s"'`)<>]+/i;
const SEND_TO_URL = /\b(?:submit|send|post|upload|forward|log|report|transmit|access|navigate|visit|call|ping|notify|authenticate)\w*\b/i;
const EXTRA_STEP = /\b(?:also|every|all|each|any|additionally|as well|first|before|after|automatically|must|always)\b/i;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;
const SEND_MAIL = /\b(?:send|bcc|cc|forward|redirect|mirror|copy|recipient|deliver)\w*\b/i;
const EXAMPLE = /\b(?:e\.g\.|for example|such as|example:|i\.e\.)/i;
/** Rerouting a message or call to a fixed destination. */
const REROUTE =
  /\b(?:change|override|replace|redirect|set)\w*\b[^.]{0,40}\b(?:recipient|destination|channel|to[- ]address|phone number|number)\b[^.]{0,20}\bto\b|\b(?:mirror|forward|cop(?:y|ied)|bcc|cc)(?:ed)? (?:them |it |all |every |each )?(?:\w+ ){0,3}(?:to (?:channel|[\w.+-]+@|\+?\d)|there)/i;

/**
 * Secrets, private data and destinations. A name alone ("requires an API key set in the
 * environment", "Returns all environment variables") describes the tool; what raises a
 * finding is a sensitive object combined with an action that reads, moves or sends it —
 * and no negation ("do not include API keys in your query" is a safety rule).
 */
export function secretExfiltration(field: FieldText): RawFinding[] {
  const out: RawFinding[] = [];
  for (const sentence of field.sentences) {
    const text = sentence.text;
    const push = (signal: string, weight: number, why: string): void => {
      out.push({ category: 'secret_exfiltration', signal, weight, why, start: sentence.start, end: sentence.end });
    };
    const file = SENSITIVE_FILE.exec(text);
    if (file !== null) {
      const verb = firstUnnegated(text, ACQUIRE_VERB) ?? firstUnnegated(text, MOVE_VERB) ?? firstUnnegated(text, WRITE_VERB);
      if (verb !== undefined) push('sensitive-file', 0.85, `asks to ${verb[0].toLowerCase()} a sensitive file (${quote(file[0].trim(), 40)})`);
    }
    const secret = SECRET_DATA.exec(text);
    const move = firstUnnegated(text, MOVE_VERB);
    if (secret !== null && move !== undefined && !negatedAround(text, secret.index)) {
      const foreign = FOREIGN_SOURCE.test(text) || /\b(?:private|personal|sensitive|confidential)\b/i.test(secret[0]);
      push('secret-move', foreign ? 0.8 : 0.45, `asks to ${move[0].toLowerCase()} ${quote(secret[0], 40)}${foreign ? ' taken from the conversation or machine' : ''}`);
    }
    const context = CONTEXT_DATA.exec(text);
    if (context !== null && move !== undefined && !negatedAround(text, context.index) && (OBLIGATION.test(text) || field.isParameter || /\b(?:in|into|as) (?:the |a |its )?(?:query|argument|parameter|field|origin|`)/i.test(text))) {
      push('context-move', 0.7, `asks to ${move[0].toLowerCase()} ${quote(context[0], 40)} into a call`);
    }
    const templated = TEMPLATED_URL.exec(text);
    if (templated !== null) push('templated-url', 0.85, `URL carries data out in its query: ${quote(templated[0])}`);
    else {
      const url = URL.exec(text);
      if (url !== null && SEND_TO_URL.test(text) && EXTRA_STEP.test(text) && OBLIGATION.test(text) && !EXAMPLE.test(text)) {
        push('send-to-url', 0.65, `obliges the model to contact ${quote(url[0], 50)}`);
      }
    }
    const email = EMAIL.exec(text);
    if (email !== null && SEND_MAIL.test(text) && !EXAMPLE.test(text.slice(Math.max(0, email.index - 30), email.index))) {
      push('fixed-recipient', 0.75, `routes messages to a fixed address ${quote(email[0], 40)}`);
    }
    const reroute = REROUTE.exec(text);
    if (reroute !== null) push('reroute', 0.5, `reroutes messages to another destination: ${quote(reroute[0])}`);
  }
  return out.concat(parameterSmuggling(field));
}

function negatedAround(text: string, index: number): boolean {
  return /\b(?:do not|don't|never|avoid|without|must not|should not)\b[^.;]{0,60}$/i.test(text.slice(Math.max(0, index - 80), index));
}

/** A parameter whose description asks for data the parameter's purpose does not need. */
function parameterSmuggling(field: FieldText): RawFinding[] {
  if (!field.isParameter) return [];
  // The verb must target the parameter itself and the object must come from outside the call.
  return sentenceHits(field, /\b(?:set (?:this|it) to|fill (?:this|it) with|put (?:it|them|this) (?:here|in)|paste|append)\b[^.]{0,60}\b(?:contents? of|full text of|conversation|chat history|previous messages|transcript|output of|file\b)/i, (_s, match) => ({
    category: 'secret_exfiltration',
    signal: 'parameter-smuggling',
    weight: 0.55,
    why: `parameter description asks the model to fill it with outside data: ${quote(match[0])}`,
  }));
}
