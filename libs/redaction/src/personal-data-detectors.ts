import { ibanValid, luhnValid } from './checksums';
import type { Detector } from './detector';

/**
 * Personal data, off unless enabled by name: an address in a `send_email` call or a
 * phone number in a CRM lookup is usually the point of the call, and masking it on the
 * host would also blind the ledger's bulk-egress analysis. `@mcp-ledger/detections`
 * counts with these same detectors, so what is masked here is what is counted there.
 */
const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Issuer prefixes: Visa, Mastercard, Amex, Discover/UnionPay, JCB, Diners. */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6|35|30|36|38)/;

export const PERSONAL_DATA_DETECTORS: readonly Detector[] = [
  {
    name: 'email',
    category: 'personal_data',
    pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    hint: /@/,
  },
  {
    name: 'phone',
    category: 'personal_data',
    // International (+41 44 668 18 00, +1-202-555-0143) or North American ((202) 555-0143, 202-555-0143).
    pattern: /(?<![\w+])(?:\+\d{8,15}|\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{1,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w-])/g,
    valid: (value) => {
      const n = digitsOf(value).length;
      return n >= 9 && n <= 15;
    },
  },
  {
    name: 'payment_card',
    category: 'personal_data',
    pattern: /(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    valid: (value) => {
      const digits = digitsOf(value);
      return CARD_PREFIX.test(digits) && luhnValid(digits);
    },
  },
  // Dashed only: nine bare digits are too often something else. Area 000, 666 and 9xx, group 00 and serial 0000 are never issued.
  { name: 'us_ssn', category: 'personal_data', pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g, hint: /\d-\d/ },
  { name: 'iban', category: 'personal_data', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, valid: ibanValid },
];
