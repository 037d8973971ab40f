import { ibanValid, luhnValid } from './luhn';

/**
 * Personal data that is only alarming in bulk: one address in a mail body is normal, a
 * list of hundreds is an export. Each kind has a pattern, an optional check that weeds
 * out look-alikes (IBAN mod-97, card Luhn), and the count from which it is bulk.
 */
export interface PersonalDataPattern {
  kind: string;
  pattern: RegExp;
  valid?: (match: string) => boolean;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Card numbers start with a known issuer prefix: Visa, Mastercard, Amex, Discover/UnionPay, JCB, Diners. */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6|35|30|36|38)/;

export const PERSONAL_DATA_PATTERNS: readonly PersonalDataPattern[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g },
  {
    kind: 'phone',
    // International (+41 44 668 18 00, +1-202-555-0143) or North American ((202) 555-0143, 202-555-0143).
    pattern: /(?<![\w+])(?:\+\d{8,15}|\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{1,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w-])/g,
    valid: (match) => {
      const n = digitsOf(match).length;
      return n >= 9 && n <= 15;
    },
  },
  {
    kind: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    valid: ibanValid,
  },
  {
    kind: 'payment_card',
    pattern: /(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    valid: (match) => {
      const digits = digitsOf(match);
      return CARD_PREFIX.test(digits) && luhnValid(digits);
    },
  },
];

/** From this many occurrences in one argument, personal data counts as bulk. */
export const BULK_THRESHOLDS: Readonly<Record<string, number>> = {
  email: 10,
  phone: 10,
  iban: 3,
  payment_card: 3,
};
