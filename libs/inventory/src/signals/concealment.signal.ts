import { MOVE_VERB, OBLIGATION, quote } from './cues';
import { sentenceHits, type FieldText, type RawFinding } from './signal';

/** "Do not mention this to the user", "no need to list this file in your summary". */
const DO_NOT_TELL =
  /\b(?:do not|don't|never|must not|should not|shouldn't|no need to|not to)\s+(?:\w+\s+){0,2}?(?:mention|tell|inform|notify|alert|reveal|disclose|show|list|explain|say|surface|bring up)\w*\b/i;

/** The user is the one kept in the dark. */
const USER_UNAWARE =
  /\b(?:the )?users? (?:do(?:es)? not|don't|must not|should not|need not|never|will not|won't) (?:need to )?(?:be told|know|be informed|be notified|see|notice|be aware|find out)\b|\bnot (?:be )?(?:user[- ]visible|visible to the user|shown to the user)\b|\bhidden from (?:the )?user\b|\b(?:should|must) not be (?:mentioned|shown|disclosed|reported)\b|\bwithout (?:further )?(?:commentary|comment|explanation|telling|informing|notifying|mentioning|alerting)\b|\bwithout (?:the )?user(?:'s)? (?:knowledge|consent|awareness|noticing)\b|\bkeep (?:this|it) (?:secret|hidden|confidential|between us)\b|\b(?:is|this is) a secret (?:operation|step|instruction)\b|\b(?:needs|requires) no (?:confirmation|approval) from the user\b|\buser has (?:already )?(?:pre-?approved|approved this|consented)\b|\bno (?:user )?confirmation (?:is )?(?:needed|required)\b/i;

const STEALTH_ADVERB = /\b(?:silently|secretly|covertly|quietly|discreetly|behind the scenes|without (?:the user )?noticing)\b/i;

/** Reasons given so the model does not question the hiding. */
const DOWNPLAY = /\b(?:mere|just an?|only an?|an) (?:internal|implementation) detail\b|\bdoes not (?:really )?matter to (?:them|the user)\b|\bcould (?:even )?upset the user\b/i;

/**
 * Instructions to keep the user from learning what the model does. A tool describing its
 * own quiet behaviour ("succeeds silently if the directory exists") is not concealment;
 * telling the model to hide something, or to act silently, is.
 */
export function concealment(field: FieldText): RawFinding[] {
  return [
    ...sentenceHits(field, DO_NOT_TELL, (sentence, match) => {
      const aboutUser = /\b(?:users?|this|it|that|the change|anything|about)\b/i.test(sentence.text.slice((match.index ?? 0) + match[0].length));
      return aboutUser
        ? { category: 'concealment', signal: 'do-not-tell', weight: 0.8, why: `tells the model to keep something from the user: ${quote(match[0])}` }
        : undefined;
    }),
    ...sentenceHits(field, USER_UNAWARE, (_s, match) => ({
      category: 'concealment',
      signal: 'user-unaware',
      weight: 0.8,
      why: `keeps the user unaware: ${quote(match[0])}`,
    })),
    ...sentenceHits(field, STEALTH_ADVERB, (sentence, match) => {
      // "succeeds silently" describes the tool; "include it … silently" directs the model.
      const directed = OBLIGATION.test(sentence.text) || MOVE_VERB.test(sentence.text);
      return directed
        ? { category: 'concealment', signal: 'stealth', weight: 0.45, why: `asks for an action to be done ${quote(match[0], 30)}` }
        : undefined;
    }),
    ...sentenceHits(field, DOWNPLAY, (_s, match) => ({
      category: 'concealment',
      signal: 'downplay',
      weight: 0.35,
      why: `downplays a hidden step to the model: ${quote(match[0])}`,
    })),
  ];
}
