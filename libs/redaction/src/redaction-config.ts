import { z } from 'zod';
import type { Detector } from './detector';
import { PERSONAL_DATA_DETECTORS } from './personal-data-detectors';
import { SECRET_DETECTORS } from './secret-detectors';

const DetectorName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _ only, starting with a letter (at most 64)');

export const CustomDetectorConfig = z
  .object({
    /** Shown in the mask: `[REDACTED:<name>]`. */
    name: DetectorName,
    /** JavaScript regular expression source; matched globally. */
    pattern: z.string().min(1).max(2000),
    flags: z.string().regex(/^[imsu]*$/, 'only the flags i, m, s and u (g is implied)').optional(),
    /** Leading capture groups kept verbatim (context such as `token=`). */
    keep: z.number().int().min(0).max(9).optional(),
  })
  .strict();
export type CustomDetectorConfig = z.infer<typeof CustomDetectorConfig>;

/**
 * How a redactor is configured. Every built-in secret detector is on and every
 * personal-data detector off unless listed; `personal_data` in `enable` turns them all on.
 */
export const RedactionConfig = z
  .object({
    /** Built-in detectors to turn off, by name. */
    disable: z.array(z.string()).optional(),
    /** Built-in detectors that are off by default (personal data) to turn on, by name, or `personal_data` for all of them. */
    enable: z.array(z.string()).optional(),
    /** Detectors of your own, run after the built-in ones. */
    custom: z.array(CustomDetectorConfig).optional(),
    /** Values never masked, compared with the exact matched value (a documented test key, a public demo token). */
    allow: z.array(z.string().min(1)).optional(),
    /** Mask every string under a key named like a secret (`password`, `api_key`, `authorization`…). Default true. */
    sensitiveKeys: z.boolean().optional(),
  })
  .strict();
export type RedactionConfig = z.input<typeof RedactionConfig>;

/** A configuration checked and turned into the detectors to run, once, at start. */
export interface CompiledRedaction {
  detectors: readonly Detector[];
  /** Rules out every detector for most strings in one pass; absent when some detector has no hint. */
  precheck?: RegExp;
  allow: ReadonlySet<string>;
  sensitiveKeys: boolean;
}

export class RedactionConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid redaction configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'RedactionConfigError';
  }
}

export const BUILT_IN_DETECTORS: readonly Detector[] = [...SECRET_DETECTORS, ...PERSONAL_DATA_DETECTORS];
const BUILT_IN_NAMES = new Set(BUILT_IN_DETECTORS.map((d) => d.name));
const ALL_PERSONAL_DATA = 'personal_data';

/**
 * Validates a redaction configuration and compiles its detectors. Fails fast with every
 * problem at once, each naming its field: unknown detector names, regular expressions
 * that do not compile, match the empty string or keep more groups than they have.
 *
 * @example
 * compileRedaction({ enable: ['email'], custom: [{ name: 'acme_key', pattern: 'acme_[a-z0-9]{32}' }], allow: ['AKIAIOSFODNN7EXAMPLE'] });
 */
export function compileRedaction(input: unknown = {}): CompiledRedaction {
  const parsed = RedactionConfig.safeParse(input ?? {});
  if (!parsed.success) {
    throw new RedactionConfigError(parsed.error.issues.map((issue) => `redaction${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`));
  }
  const config = parsed.data;
  const issues: string[] = [];
  const known = [...BUILT_IN_NAMES].join(', ');
  for (const [field, names] of [['disable', config.disable ?? []], ['enable', config.enable ?? []]] as const) {
    names.forEach((name, i) => {
      if (!BUILT_IN_NAMES.has(name) && !(field === 'enable' && name === ALL_PERSONAL_DATA)) {
        issues.push(`redaction.${field}[${i}]: unknown detector "${name}" (known: ${known}${field === 'enable' ? `, ${ALL_PERSONAL_DATA}` : ''})`);
      }
    });
  }
  const custom = (config.custom ?? []).map((entry, i) => compileCustom(entry, `redaction.custom[${i}]`, issues));
  const names = new Set<string>();
  (config.custom ?? []).forEach((entry, i) => {
    if (BUILT_IN_NAMES.has(entry.name) || names.has(entry.name)) issues.push(`redaction.custom[${i}].name: "${entry.name}" is already a detector`);
    names.add(entry.name);
  });
  if (issues.length > 0) throw new RedactionConfigError(issues);

  const disabled = new Set(config.disable ?? []);
  const enabled = new Set(config.enable ?? []);
  const allPersonal = enabled.has(ALL_PERSONAL_DATA);
  const detectors = [
    ...BUILT_IN_DETECTORS.filter((d) => !disabled.has(d.name) && (d.category === 'secret' || allPersonal || enabled.has(d.name))),
    ...custom.filter((d): d is Detector => d !== undefined),
  ];
  return {
    detectors,
    precheck: precheckOf(detectors),
    allow: new Set(config.allow ?? []),
    sensitiveKeys: config.sensitiveKeys ?? true,
  };
}

function compileCustom(entry: CustomDetectorConfig, at: string, issues: string[]): Detector | undefined {
  let pattern: RegExp;
  try {
    pattern = new RegExp(entry.pattern, `${entry.flags ?? ''}g`);
  } catch (error) {
    issues.push(`${at}.pattern: not a valid regular expression (${(error as Error).message})`);
    return undefined;
  }
  if (new RegExp(entry.pattern, entry.flags ?? '').test('')) {
    issues.push(`${at}.pattern: matches the empty string, so it would mask nothing and everything`);
    return undefined;
  }
  const groups = (new RegExp(`${entry.pattern}|`, entry.flags ?? '').exec('')?.length ?? 1) - 1;
  if ((entry.keep ?? 0) > groups) {
    issues.push(`${at}.keep: keeps ${entry.keep} capture group(s) but the pattern has ${groups}`);
    return undefined;
  }
  return { name: entry.name, category: 'custom', pattern, ...(entry.keep ? { keep: entry.keep } : {}) };
}

function precheckOf(detectors: readonly Detector[]): RegExp | undefined {
  if (detectors.some((d) => d.hint === undefined)) return undefined;
  // Case-insensitive union: it only lets more strings through to the detectors themselves.
  return new RegExp(detectors.map((d) => `(?:${d.hint?.source ?? ""})`).join('|'), 'i');
}
