import { compileConstraints, type CompiledConstraints } from './argument-constraints';
import { compileGlob, type Glob } from './glob';
import type { Effect, PolicyDocument, Risk, Rule } from './policy.schema';

export type SelectorField = 'tenant' | 'agent' | 'task' | 'server' | 'tool';
const SELECTOR_FIELDS: readonly SelectorField[] = ['tenant', 'agent', 'task', 'server', 'tool'];

export interface CompiledRule {
  readonly id: string;
  readonly effect: Effect;
  readonly risk?: Risk;
  readonly description?: string;
  /** An omitted selector field matches any value, including an absent agent or task. */
  readonly selectors: ReadonlyArray<{ field: SelectorField; globs: Glob[] }>;
  readonly when?: CompiledConstraints;
  readonly require?: CompiledConstraints;
}

/** A validated policy with its globs and regexes compiled once, ready for the hot path. */
export interface Policy {
  readonly policyVersion: string;
  readonly defaultEffect: Effect;
  readonly rules: readonly CompiledRule[];
  /** The validated document, e.g. to print or diff it. */
  readonly document: PolicyDocument;
}

/** Compiles a document that already passed `PolicyDocument` validation (see `parsePolicy`). */
export function compilePolicy(document: PolicyDocument): Policy {
  return {
    policyVersion: document.policy_version,
    defaultEffect: document.default,
    rules: document.rules.map(compileRule),
    document,
  };
}

function compileRule(rule: Rule): CompiledRule {
  const selectors = SELECTOR_FIELDS.flatMap((field) => {
    const value = rule.match?.[field];
    if (value === undefined) return [];
    return [{ field, globs: (Array.isArray(value) ? value : [value]).map(compileGlob) }];
  });
  return {
    id: rule.id,
    effect: rule.effect,
    risk: rule.risk,
    description: rule.description,
    selectors,
    when: rule.when ? compileConstraints(rule.when.args) : undefined,
    require: rule.require ? compileConstraints(rule.require.args) : undefined,
  };
}
