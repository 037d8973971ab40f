/**
 * A detector finds one shape of sensitive text. `pattern` is global; the first `keep`
 * capture groups are context kept verbatim (`Bearer `, `postgres://app:`), the rest of the
 * match is the value masked as `[REDACTED:<name>]`. `valid` weeds out look-alikes (Luhn,
 * mod-97) on that value. `hint` is a cheap necessary condition: a string it does not match
 * cannot match `pattern`, so most strings skip the detector without running it.
 */
export interface Detector {
  name: string;
  category: DetectorCategory;
  pattern: RegExp;
  keep?: number;
  valid?: (value: string) => boolean;
  hint?: RegExp;
}

export type DetectorCategory = 'secret' | 'personal_data' | 'custom';

/** The mask every detector leaves: `[REDACTED:<name>]`. */
export const redactionMarker = (name: string) => `[REDACTED:${name}]`;

/** A whole value that is already a mask (or several), as an emitter left it. */
export const MASKED_VALUE = /^(?:\s*\[REDACTED:[A-Za-z0-9_.-]{1,64}\]\s*)+$/;

/** Not a value to mask: an earlier mask, so redacting twice changes nothing and counts nothing. */
export const NOT_A_MASK = String.raw`(?!\[REDACTED:)`;
