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

const MARKER_NAME = '[A-Za-z0-9_.-]{1,64}';

/** A whole value that is already a mask (or several), as an emitter left it. */
export const MASKED_VALUE = new RegExp(String.raw`^(?:\s*\[REDACTED:${MARKER_NAME}\]\s*)+$`);

/** Every mask in a text, its name captured. Global: use it with `replace` or `matchAll`, which start from the beginning. */
export const REDACTION_MARKER = new RegExp(String.raw`\[REDACTED:(${MARKER_NAME})\]`, 'g');

/** Not a value to mask: an earlier mask, so redacting twice changes nothing and counts nothing. */
export const NOT_A_MASK = String.raw`(?!\[REDACTED:)`;

/**
 * What one match of `detector.pattern` found: the kept context and the value after it, or
 * `undefined` when the value is empty or `valid` rejects it. `match` is the match and its
 * groups, as `matchAll` yields them or `replace` passes them, so masking and counting agree.
 */
export function detectedValue({ keep = 0, valid }: Pick<Detector, 'keep' | 'valid'>, match: ArrayLike<unknown>): { kept: string; value: string } | undefined {
  let kept = '';
  for (let i = 1; i <= keep; i += 1) {
    const group = match[i];
    if (typeof group === 'string') kept += group;
  }
  const value = (match[0] as string).slice(kept.length);
  return value === '' || (valid !== undefined && !valid(value)) ? undefined : { kept, value };
}
