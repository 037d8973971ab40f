/**
 * @mcp-ledger/redaction — detectors for secrets and personal data and the redactor that
 * masks them as `[REDACTED:<name>]`, shared by the emitter (before anything leaves the
 * host) and the ledger (again at ingest, for what slipped through). Pure: no I/O.
 *
 * @example
 * const redactor = createRedactor({ config: { enable: ['email'], allow: ['AKIAIOSFODNN7EXAMPLE'] }, onRedaction: (name, path) => count(name) });
 * redactor.value({ url: 'postgres://app:hunter2@db/x' }); // { url: 'postgres://app:[REDACTED:url_password]@db/x' }
 * redactForViewer({ path: '/etc/hosts' }); // { path: '[REDACTED:role]' }
 */
export { ibanValid, luhnValid } from './checksums';
export { detectedValue, MASKED_VALUE, REDACTION_MARKER, redactionMarker, type Detector, type DetectorCategory } from './detector';
export { SECRET_DETECTORS } from './secret-detectors';
export { PERSONAL_DATA_DETECTORS } from './personal-data-detectors';
export { sensitiveKeyKind } from './sensitive-keys';
export {
  BUILT_IN_DETECTORS,
  compileRedaction,
  CustomDetectorConfig,
  RedactionConfig,
  RedactionConfigError,
  type CompiledRedaction,
} from './redaction-config';
export { createRedactor, MAX_REDACTION_DEPTH, type OnRedaction, type RedactorOptions, type ValueRedactor } from './redactor';
export { redactForViewer } from './redact-for-viewer';
