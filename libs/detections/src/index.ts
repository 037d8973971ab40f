/**
 * @mcp-ledger/detections — pure detectors for data that should not leave: secrets (in the
 * clear, or the `[REDACTED:<kind>]` markers an emitter left where it masked one) and bulk
 * personal data (e-mail addresses, phone numbers, IBANs with mod-97, card numbers with
 * Luhn). Reports kinds and counts, never the matched values.
 *
 * @example
 * scanArguments({ to: 'ops@acme.example', body: 'aws_secret_access_key=[REDACTED:aws_secret_access_key]' })
 * // [{ argument: 'body', secrets: {}, masked: { aws_secret_access_key: 1 }, personalData: {}, bulkKinds: [] }]
 */
export { ibanValid, luhnValid } from './luhn';
export { BULK_THRESHOLDS, PERSONAL_DATA_PATTERNS, type PersonalDataPattern } from './personal-data-patterns';
export { REDACTION_MARKER, SECRET_PATTERNS, type SecretPattern } from './secret-patterns';
export { isSensitive, MAX_SCAN_CHARS, scanArguments, scanText, type ArgumentScan, type KindCounts, type TextScan } from './scan-data';
