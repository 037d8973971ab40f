import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { EVENT_TYPES, LedgerEventSchema } from '@mcp-ledger/events';
import { toApiActivity } from './api-activity.mapper';
import { toDetectionFinding } from './detection-finding.mapper';
import { sampleEvents, SAMPLE_FINDINGS } from './testing/ledger-samples';

const FIXTURES = join(__dirname, '../../../test/fixtures/ocsf');
const readJson = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
const validateApiActivity = ajv.compile(readJson('api_activity.schema.json'));
const validateDetectionFinding = ajv.compile(readJson('detection_finding.schema.json'));
const validateApiActivity19 = ajv.compile(readJson('1.9.0-dev/api_activity.ai_operation.record_integrity.security_control.schema.json'));
const validateDetectionFinding19 = ajv.compile(readJson('1.9.0-dev/detection_finding.record_integrity.security_control.schema.json'));

const errorsOf = (validate: typeof validateApiActivity) => ajv.errorsText(validate.errors, { separator: '\n' });

describe('OCSF records validate against the OCSF 1.8.0 JSON Schemas', () => {
  const events = sampleEvents();

  it('the samples cover every event type, and each is a valid ledger event', () => {
    expect(events.map((event) => event.type)).toEqual(EVENT_TYPES);
    for (const event of events) expect(LedgerEventSchema.safeParse(event).success).toBe(true);
  });

  it.each(events.map((event) => [event.type, event] as const))('%s → API Activity 6003', (_type, event) => {
    const record = toApiActivity(event, { productVersion: '0.1.0' });
    const valid = validateApiActivity(record);
    expect(valid ? '' : errorsOf(validateApiActivity)).toBe('');
    expect(record).toMatchObject({ class_uid: 6003, type_uid: 600300 + record.activity_id, metadata: { uid: event.id, version: '1.8.0' } });
  });

  it.each(SAMPLE_FINDINGS.map((finding) => [finding.kind, finding] as const))('finding %s → Detection Finding 2004', (_kind, finding) => {
    const record = toDetectionFinding(finding);
    const valid = validateDetectionFinding(record);
    expect(valid ? '' : errorsOf(validateDetectionFinding)).toBe('');
    expect(record).toMatchObject({ class_uid: 2004, type_uid: 200401, finding_info: { uid: finding.finding_id, types: [finding.kind] } });
  });

  it('rejects the hand-written invalid examples (6003 without time, 2004 with time as a string)', () => {
    expect(validateApiActivity(readJson('api_activity.invalid.json'))).toBe(false);
    expect(errorsOf(validateApiActivity)).toContain("must have required property 'time'");
    expect(validateDetectionFinding(readJson('detection_finding.invalid.json'))).toBe(false);
    expect(errorsOf(validateDetectionFinding)).toContain('/time must be integer');
  });
});

describe('opt-in OCSF 1.9.0-dev records validate against the OCSF 1.9.0-dev JSON Schemas', () => {
  const events = sampleEvents();
  const options = { productVersion: '0.1.0', ocsfVersion: '1.9.0-dev' } as const;

  it.each(events.map((event, i) => [event.type, event, events[i - 1]?.id] as const))('%s → API Activity 6003 with record_integrity', (_type, event, previousEventId) => {
    const record = toApiActivity(event, { ...options, previousEventId });
    const valid = validateApiActivity19(record);
    expect(valid ? '' : errorsOf(validateApiActivity19)).toBe('');
    expect(record.metadata).toMatchObject({ uid: event.id, version: '1.9.0-dev' });
    expect(record.attestation_list).toHaveLength(1);
  });

  it.each(SAMPLE_FINDINGS.map((finding) => [finding.kind, finding] as const))('finding %s → Detection Finding 2004, without attestation', (_kind, finding) => {
    const record = toDetectionFinding(finding, options);
    const valid = validateDetectionFinding19(record);
    expect(valid ? '' : errorsOf(validateDetectionFinding19)).toBe('');
    expect(record.metadata.version).toBe('1.9.0-dev');
    expect(record).not.toHaveProperty('attestation_list');
  });

  it('is rejected by the 1.8.0 schema, which is why it is opt-in', () => {
    const record = toApiActivity(events[1]!, { ...options, previousEventId: events[0]!.id });
    expect(validateApiActivity(record)).toBe(false);
    expect(errorsOf(validateApiActivity)).toContain('must NOT have additional properties');
  });
});
