import { OBLIGATION, quote } from './cues';
import { sentenceHits, type FieldText, type RawFinding } from './signal';

/** Words that, as a tag or banner, claim the text is more than documentation. */
const AUTHORITY_TAG = /<(important|secret|system|instructions?|hidden|admin|critical|override|assistant|ai|agent|directive|context|sidenote|internal)\b[^>]*>/i;

/** `[SYSTEM]`, `[SYSTEM DIRECTIVE]:`, `SYSTEM:`, `ACT AS:`, `INTERNAL DEV NOTE:`, capitalised alert banners. */
const IMPERSONATION =
  /(?:\[(?:system|admin|developer|assistant|SYSTEM|ADMIN|[A-Z][A-Z ]{2,30}(?:DIRECTIVE|INSTRUCTION|OVERRIDE|PROTOCOL|NOTE))\]|(?:^|[\s(])(?:SYSTEM|ADMIN|DEVELOPER)\s*:|\bsystem[- ]level\b|\bINTERNAL (?:DEV(?:ELOPER)? )?NOTE\b|\b(?:SYSTEM|SECURITY|PRIVILEGE|ENVIRONMENT|PERFORMANCE|CRITICAL|COMPLIANCE|ADMIN|OVERRIDE|INSTRUCTION|EMERGENCY)(?: [A-Z]{3,}){0,3} (?:ALERT|NOTICE|NOTE|PROTOCOL|UPDATE|CHECK|VALIDATION|OPTIMIZATION|ENHANCEMENT|MAINTENANCE|DIRECTIVE|OVERRIDE|CONFIGURATION|BYPASS PROTOCOL)\b|\b(?:due to|following) (?:a |the )?(?:recent )?system updates?\b)/;

/** The text speaks to the model rather than describing the tool. */
const ADDRESSES_MODEL =
  /\b(?:note|message|instructions?|reminder) (?:for|to) (?:the )?(?:ai|assistants?|agents?|models?|llms?)\b|\b(?:assistant|ai|agent|model|llm)[- ]only\b|\b(?:dear|attention|hey|hi) (?:the )?(?:ai|assistant|agent|model|llm)\b|\bas an ai\b|\b(?:ai|llm) (?:assistants?|agents?|models?) (?:must|should)\b/i;

/**
 * Markup a host's UI hides or that dresses text up as coming from the system: HTML
 * comments, pseudo-XML blocks such as `<IMPORTANT>`, bracketed directives and alert
 * banners. Markup alone is weak evidence; markup followed by an obligation is an
 * instruction smuggled to the model.
 */
export function hiddenMarkup(field: FieldText): RawFinding[] {
  const text = field.view.text;
  const out: RawFinding[] = [];
  for (const match of text.matchAll(/<!--([\s\S]*?)(?:-->|$)/g)) {
    const body = match[1] ?? '';
    if (body.trim().split(/\s+/).length < 3) continue;
    const instructive = OBLIGATION.test(body) || /\b(?:you|your|assistant|agent|model|after|before|also|run|call|send|read)\b/i.test(body);
    out.push({
      category: 'hidden_instruction',
      signal: instructive ? 'html-comment-instruction' : 'html-comment',
      weight: instructive ? 0.85 : 0.4,
      why: instructive
        ? `HTML comment, invisible in rendered UIs, carries an instruction: ${quote(body)}`
        : `HTML comment hides text from rendered UIs: ${quote(body)}`,
      start: match.index ?? 0,
      end: (match.index ?? 0) + match[0].length,
    });
  }
  const tag = AUTHORITY_TAG.exec(text);
  if (tag !== null) {
    const close = text.toLowerCase().indexOf(`</${(tag[1] as string).toLowerCase()}`, tag.index);
    const end = close >= 0 ? close + (tag[1] as string).length + 3 : Math.min(text.length, tag.index + 200);
    out.push({
      category: 'hidden_instruction',
      signal: 'authority-tag',
      weight: 0.4,
      why: `<${tag[1]}> block marks text for the model, not the user`,
      start: tag.index,
      end,
    });
  }
  out.push(
    ...sentenceHits(field, IMPERSONATION, (_sentence, match, index) => {
      const obliged = [index, index + 1].some((at) => {
        const next = field.sentences[at];
        return next !== undefined && OBLIGATION.test(next.text);
      });
      return {
        category: 'hidden_instruction',
        signal: 'impersonation',
        weight: obliged ? 0.7 : 0.45,
        why: `claims system or authority origin (${quote(match[0], 40)})${obliged ? ' and then obliges the model' : ''}`,
      };
    }),
    ...sentenceHits(field, ADDRESSES_MODEL, (_sentence, match) => ({
      category: 'hidden_instruction',
      signal: 'addresses-model',
      weight: 0.5,
      why: `addresses the model directly (${quote(match[0], 40)})`,
    })),
  );
  return out;
}
