import { PERSONAL_DATA_DETECTORS, REDACTION_MARKER, SECRET_DETECTORS } from '@mcp-ledger/redaction';
import { BULK_THRESHOLDS } from './bulk-thresholds';
import { counterOf } from './detector-counter';

/** Counts by kind; never the matched text. */
export type KindCounts = Record<string, number>;

export interface TextScan {
  /** Secrets in the clear, by kind. */
  secrets: KindCounts;
  /** `[REDACTED:<kind>]` markers other than personal data: a secret was there and the emitter (or the ledger) masked it. */
  masked: KindCounts;
  /** Personal data, by kind, in the clear or masked (any count; see `bulkKinds` for what is alarming). */
  personalData: KindCounts;
}

export interface ArgumentScan extends TextScan {
  /** The top-level argument name. */
  argument: string;
  /** Personal-data kinds at or above their bulk threshold. */
  bulkKinds: string[];
}

/** Text scanned per argument at most: the head of a huge argument is evidence enough. */
export const MAX_SCAN_CHARS = 1024 * 1024;
const MAX_DEPTH = 32;

const add = (counts: KindCounts, kind: string, n = 1) => {
  counts[kind] = (counts[kind] ?? 0) + n;
};

// The redactor's detectors, so a secret the ledger masks at ingest (before the analysers run) is
// counted here as its marker, and one it would mask is counted here in the clear, under the same kind.
const SECRET_COUNTERS = SECRET_DETECTORS.map(counterOf);
const PERSONAL_DATA_COUNTERS = PERSONAL_DATA_DETECTORS.map(counterOf);
const PERSONAL_DATA_KINDS = new Set(PERSONAL_DATA_DETECTORS.map((d) => d.name));

/**
 * Scans one string for secrets (in the clear or already masked) and personal data.
 *
 * @example
 * scanText('key: [REDACTED:aws_secret_access_key]') // { secrets: {}, masked: { aws_secret_access_key: 1 }, personalData: {} }
 */
export function scanText(text: string, into: TextScan = { secrets: {}, masked: {}, personalData: {} }): TextScan {
  // Markers first, and blanked out, so a masked URL password is not counted again as `url_password`.
  // A masked e-mail address is still an address: an emitter that masks personal data must not turn a bulk export into a secret.
  const rest = text.replace(REDACTION_MARKER, (_m, kind: string) => {
    add(PERSONAL_DATA_KINDS.has(kind) ? into.personalData : into.masked, kind);
    return ' ';
  });
  for (const counter of SECRET_COUNTERS) {
    const n = counter.count(rest);
    if (n > 0) add(into.secrets, counter.kind, n);
  }
  for (const counter of PERSONAL_DATA_COUNTERS) {
    const n = counter.count(rest);
    if (n > 0) add(into.personalData, counter.kind, n);
  }
  return into;
}

/**
 * Scans a tool call's arguments, one report per top-level argument that carries a secret
 * (clear or masked) or bulk personal data. Nested values and object keys count towards
 * their top-level argument. Pure, deterministic, and it never returns matched text.
 */
export function scanArguments(args: unknown): ArgumentScan[] {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    const scan = scanValue('', args);
    return scan ? [scan] : [];
  }
  const out: ArgumentScan[] = [];
  for (const name of Object.keys(args).sort()) {
    const scan = scanValue(name, (args as Record<string, unknown>)[name]);
    if (scan) out.push(scan);
  }
  return out;
}

/** True when an argument scan carries something worth a finding. */
export const isSensitive = (scan: ArgumentScan) =>
  Object.keys(scan.secrets).length > 0 || Object.keys(scan.masked).length > 0 || scan.bulkKinds.length > 0;

function scanValue(argument: string, value: unknown): ArgumentScan | undefined {
  const texts: string[] = [];
  let budget = MAX_SCAN_CHARS;
  const walk = (node: unknown, depth: number) => {
    if (budget <= 0 || depth > MAX_DEPTH) return;
    if (typeof node === 'string') {
      const text = node.length > budget ? node.slice(0, budget) : node;
      budget -= text.length;
      texts.push(text);
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        walk(key, depth + 1);
        walk(child, depth + 1);
      }
    }
  };
  walk(value, 0);
  if (texts.length === 0) return undefined;
  // One text per argument, so counts are per argument; newlines keep values apart.
  const scan = scanText(texts.join('\n'));
  const bulkKinds = Object.keys(scan.personalData)
    .filter((kind) => (scan.personalData[kind] ?? 0) >= (BULK_THRESHOLDS[kind] ?? Infinity))
    .sort();
  const result: ArgumentScan = { argument, ...scan, bulkKinds };
  return isSensitive(result) ? result : undefined;
}
