/**
 * Personal data is only alarming in bulk: one address in a mail body is normal, a list
 * of hundreds is an export. From this many occurrences of a kind in one argument, it is
 * bulk. Kinds are the personal-data detectors of `@mcp-ledger/redaction`; each has an entry.
 */
export const BULK_THRESHOLDS: Readonly<Record<string, number>> = {
  email: 10,
  phone: 10,
  iban: 3,
  payment_card: 3,
  us_ssn: 3,
};
