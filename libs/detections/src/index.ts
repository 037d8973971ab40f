/**
 * @mcp-ledger/detections — counts data that should not leave: secrets (in the clear, or the
 * `[REDACTED:<kind>]` markers an emitter or the ledger left where it masked one) and bulk
 * personal data (e-mail addresses, phone numbers, IBANs with mod-97, card numbers with
 * Luhn, US SSNs). The detectors and kind names are those of `@mcp-ledger/redaction`, so
 * what one masks the other counts. Reports kinds and counts, never the matched values.
 *
 * @example
 * scanArguments({ to: 'ops@acme.example', body: 'aws_secret_access_key=[REDACTED:aws_secret_access_key]' })
 * // [{ argument: 'body', secrets: {}, masked: { aws_secret_access_key: 1 }, personalData: {}, bulkKinds: [] }]
 */
export { BULK_THRESHOLDS } from './bulk-thresholds';
export { isSensitive, MAX_SCAN_CHARS, scanArguments, scanText, type ArgumentScan, type KindCounts, type TextScan } from './scan-data';
