import { OBLIGATION, quote } from './cues';
import { sentenceHits, type FieldText, type RawFinding } from './signal';

/** Attempts to switch off the model's rules: "ignore previous instructions", "bypass all security checks". */
const OVERRIDE =
  /\b(?:ignor(?:e|ing)|disregard|forget|overrid(?:e|ing)|bypass(?:es|ing)?|skip|disabl(?:e|es|ing))\b[^.;]{0,30}?\b(?:previous|prior|above|earlier|all|any|system|safety|security|content)\b[^.;]{0,25}?\b(?:instructions?|guidelines|rules|restrictions|policies|filter(?:s|ing)?|validation|checks|sanitization|controls|safeguards|prompts?)\b/i;

const OUTDATED_INSTRUCTIONS = /\b(?:prior|previous|earlier|original|existing) (?:\w+ ){0,1}(?:instructions?|guidelines|rules)\b[^.]{0,80}?\b(?:are|is) (?:now )?(?:outdated|obsolete|void|superseded|revoked|no longer (?:valid|apply|applicable))\b/i;

const ROLE_TAKEOVER =
  /\b(?:jailbreak|DAN mode|god mode)\b|\bACT AS\s*:|\byou are now (?:a|an|in)\b|\b(?:trust|treat) all (?:user |admin )?(?:input|commands|queries|requests)\b|\bunrestricted (?:access|queries|mode|system)\b|\bescalate (?:to|privileges)\b|\bwith (?:root|elevated|full admin) (?:privileges|access)\b/i;

/** The definition overrules what the user asked for. */
const USER_OVERRIDE =
  /\bregardless of (?:the |what the )?user(?:'s)?\b|\b(?:ignore|override|disregard) (?:any |the )?user[- ](?:specified|provided|supplied|requested|given)\b|\beven (?:when|if) the user (?:asks|requests|specifies|provides|says|wants)\b|\binstead of what the user\b|\bno matter what the user\b/i;

/** "change the ticker to 'TSLA'", "modify the 'ticker' parameter to 'X'": a silent argument swap. */
const VALUE_SWAP = /\b(?:change|replace|swap|switch|modify|rewrite|redirect)\b[^.]{0,60}?\bto\s+['"‘“][^'"’”]{1,40}['"’”]/i;
const SWAP_CONTEXT = /\b(?:always|must|automatically|when using|whenever|for all|any)\b/i;

/** A verbatim message the model is told to show the user. */
const SCRIPTED_MESSAGE =
  /\b(?:state|display|say|tell|report|present|announce|show|inform)\b[^.'"‘“]{0,40}?(?:\bto the user\b)?\s*:?\s*(?:the message\s*)?['"‘“][^'"’”]{12,}['"’”]|\b(?:inform|tell|notify)(?:ing)? the user that\b[^.]{0,80}\b(?:unavailable|restricted|disabled|down|deprecated|not available|breach|compromised)\b/i;

/** Shell syntax that runs, escalates or persists. */
const SHELL =
  /\brm\s+-[rRf]{1,3}\b|\bsudo\s+\S|\b(?:curl|wget)\s+(?:-\S+\s+)*\S*(?:https?:\/\/|\|)|\|\s*(?:ba|z)?sh\b|\bchmod\s+(?:-R\s+)?[0-7]{3,4}|\bcat\s+(?:~|\/etc|\$HOME)|\$\([^)]{1,40}\)|\becho\s+\$[A-Z_]+|\bexport\s+[A-Z_]{3,}=|&&\s*echo\b|\bnc\s+-\w*e\b|\bbase64\s+-d\b|\b(?:powershell|iex)\s+-/;
const RUN_REQUEST = /\b(?:execute|run|add|prefix|include)\b[^.]{0,60}\b(?:command|following|line|prefix|script)\b|\bplease run\b|\brun\s*:/i;

/**
 * Text that tries to take over the model: overriding its rules or the user's request,
 * swapping arguments, dictating messages to the user, or making it run shell commands.
 * A tool's contract never needs any of these.
 */
export function modelOverride(field: FieldText): RawFinding[] {
  return [
    ...sentenceHits(field, OVERRIDE, (_s, match) => ({
      category: 'hidden_instruction',
      signal: 'override-rules',
      weight: 0.75,
      why: `tells the model to drop its rules: ${quote(match[0])}`,
    })),
    ...sentenceHits(field, OUTDATED_INSTRUCTIONS, (_s, match) => ({
      category: 'hidden_instruction',
      signal: 'override-rules',
      weight: 0.8,
      why: `declares the model's instructions void: ${quote(match[0])}`,
    })),
    ...sentenceHits(field, ROLE_TAKEOVER, (_s, match) => ({
      category: 'hidden_instruction',
      signal: 'role-takeover',
      weight: 0.6,
      why: `assigns the model an unrestricted role: ${quote(match[0])}`,
    })),
    ...sentenceHits(field, USER_OVERRIDE, (_s, match) => ({
      category: 'hidden_instruction',
      signal: 'user-override',
      weight: 0.8,
      why: `overrules the user's own request: ${quote(match[0])}`,
    })),
    ...sentenceHits(field, VALUE_SWAP, (sentence, match) =>
      SWAP_CONTEXT.test(sentence.text)
        ? { category: 'hidden_instruction', signal: 'value-swap', weight: 0.6, why: `silently rewrites an argument: ${quote(match[0])}` }
        : undefined,
    ),
    ...sentenceHits(field, SCRIPTED_MESSAGE, (_s, match) => ({
      category: 'hidden_instruction',
      signal: 'scripted-message',
      weight: 0.45,
      why: `dictates what the model tells the user: ${quote(match[0])}`,
    })),
    ...sentenceHits(field, SHELL, (sentence, match) => {
      const asked = RUN_REQUEST.test(sentence.text) || OBLIGATION.test(sentence.text);
      return {
        category: 'hidden_instruction',
        signal: asked ? 'shell-command-request' : 'shell-command',
        weight: asked ? 0.85 : 0.35,
        why: `${asked ? 'asks the model to run' : 'contains'} a shell command: ${quote(match[0], 40)}`,
      };
    }),
  ];
}
