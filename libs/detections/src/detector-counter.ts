import { detectedValue, type Detector } from '@mcp-ledger/redaction';

/** Counts what one detector finds in a text, by the same rules the redactor masks by. */
export interface DetectorCounter {
  kind: string;
  count(text: string): number;
}

/**
 * A counter with its own copy of the detector's pattern: a global regex carries `lastIndex`
 * between uses, and the detector's copy is shared with every redactor in the process.
 * `matchAll` works on a clone starting at the copy's `lastIndex`, which therefore stays 0.
 */
export function counterOf(detector: Detector): DetectorCounter {
  const { flags, source } = detector.pattern;
  const pattern = new RegExp(source, flags.includes('g') ? flags : `${flags}g`);
  const { hint } = detector;
  return {
    kind: detector.name,
    count: (text) => {
      if (hint !== undefined && !hint.test(text)) return 0;
      let n = 0;
      for (const match of text.matchAll(pattern)) if (detectedValue(detector, match) !== undefined) n += 1;
      return n;
    },
  };
}
