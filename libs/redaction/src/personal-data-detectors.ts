import { ibanValid, luhnValid, PERSONAL_DATA_PATTERNS } from '@mcp-ledger/detections';
import type { Detector } from './detector';

/**
 * Personal data, off unless enabled by name: an address in a `send_email` call or a
 * phone number in a CRM lookup is usually the point of the call, and masking it on the
 * host would also blind the ledger's bulk-egress analysis. Shapes and checksums are the
 * ones `@mcp-ledger/detections` counts, so what is masked here is what is counted there.
 */
const shared = (kind: string): RegExp => {
  const found = PERSONAL_DATA_PATTERNS.find((p) => p.kind === kind);
  if (!found) throw new Error(`@mcp-ledger/detections has no ${kind} pattern`);
  return found.pattern;
};

const digitsOf = (text: string) => text.replace(/\D/g, '');
const phoneDigits = (value: string) => {
  const n = digitsOf(value).length;
  return n >= 9 && n <= 15;
};
/** Issuer prefixes: Visa, Mastercard, Amex, Discover/UnionPay, JCB, Diners. */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6|35|30|36|38)/;

export const PERSONAL_DATA_DETECTORS: readonly Detector[] = [
  { name: 'email', category: 'personal_data', pattern: shared('email'), hint: /@/ },
  { name: 'phone', category: 'personal_data', pattern: shared('phone'), valid: phoneDigits },
  {
    name: 'payment_card',
    category: 'personal_data',
    pattern: shared('payment_card'),
    valid: (value) => CARD_PREFIX.test(digitsOf(value)) && luhnValid(digitsOf(value)),
  },
  // Dashed only: nine bare digits are too often something else. Area 000, 666 and 9xx, group 00 and serial 0000 are never issued.
  { name: 'us_ssn', category: 'personal_data', pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g, hint: /\d-\d/ },
  { name: 'iban', category: 'personal_data', pattern: shared('iban'), valid: ibanValid },
];
