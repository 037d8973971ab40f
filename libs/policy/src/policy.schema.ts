import { z } from 'zod';

/**
 * The policy file, format `version: 1`. Every object is strict: a misspelt key
 * (`efect:`, `patern:`) is an error rather than a silently ignored line, because an
 * ignored constraint in a security policy reads as enforced and is not.
 */

const nonEmpty = z.string().min(1, { error: 'must not be empty' });

const isValidRegex = (source: string) => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
};

/** ECMAScript regex with the `u` flag, like JSON Schema's `pattern`; checked at load time. */
const RegexSource = z.string().refine(isValidRegex, { error: 'is not a valid regular expression (ECMAScript, u flag)' });

export const Effect = z.enum(['allow', 'deny', 'require_approval']);
export type Effect = z.infer<typeof Effect>;

export const Risk = z.enum(['low', 'medium', 'high', 'critical']);
export type Risk = z.infer<typeof Risk>;

const SelectorValue = z.union([z.string(), z.array(z.string()).min(1)], {
  error: 'expected a string or a list of strings',
});

/** `task` is the id of the host's `source.task` (docs/events.md); a call without one is matched as the empty string. */
export const Match = z
  .object({ tenant: SelectorValue, agent: SelectorValue, task: SelectorValue, server: SelectorValue, tool: SelectorValue })
  .partial()
  .strict();
export type Match = z.infer<typeof Match>;

const JsonType = z.enum(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const JsonScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export interface JsonSchemaSubset {
  type?: z.infer<typeof JsonType> | z.infer<typeof JsonType>[];
  enum?: (string | number | boolean | null)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  items?: JsonSchemaSubset;
}

/** The JSON-Schema keywords we enforce; any other keyword is refused, not ignored. */
export const JsonSchemaSubset: z.ZodType<JsonSchemaSubset> = z.lazy(() =>
  z
    .object({
      type: z.union([JsonType, z.array(JsonType).min(1)]),
      enum: z.array(JsonScalar).min(1),
      minimum: z.number(),
      maximum: z.number(),
      minLength: z.number().int().nonnegative(),
      maxLength: z.number().int().nonnegative(),
      maxItems: z.number().int().nonnegative(),
      pattern: RegexSource,
      items: JsonSchemaSubset,
    })
    .partial()
    .strict(),
);

export const ArgumentConstraint = z
  .object({
    pattern: RegexSource,
    under: z.array(z.string().startsWith('/', { error: 'must be an absolute path' })).min(1),
    hosts: z.array(nonEmpty).min(1),
    oneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    schema: JsonSchemaSubset,
    /** An absent argument satisfies the constraint only when this is true. */
    optional: z.boolean(),
  })
  .partial()
  .strict()
  .refine((c) => ['pattern', 'under', 'hosts', 'oneOf', 'schema'].some((k) => k in c), {
    error: 'needs at least one of pattern, under, hosts, oneOf, schema',
  });
export type ArgumentConstraint = z.infer<typeof ArgumentConstraint>;

/**
 * zod's record drops a `__proto__` key without a word; refusing it keeps every
 * constraint the author wrote visible in the parsed policy.
 */
const ArgumentConstraints = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, '__proto__'))
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'argument name __proto__ is not supported' });
  })
  .pipe(z.record(z.string(), ArgumentConstraint));

const Constraints = z.object({ args: ArgumentConstraints }).strict();

export const Rule = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { error: 'letters, digits, _ . : - (starting with a letter or digit)' }),
    description: z.string().optional(),
    match: Match.optional(),
    effect: Effect,
    risk: Risk.optional(),
    /** Conditions for the rule to apply at all; a failing `when` skips the rule. */
    when: Constraints.optional(),
    /** Guards on a matching call; a violated `require` denies the call. */
    require: Constraints.optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

export const PolicyDocument = z
  .object({
    version: z.literal(1, { error: 'unsupported policy format; expected version: 1' }),
    policy_version: nonEmpty,
    description: z.string().optional(),
    default: Effect,
    rules: z.array(Rule),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.rules.forEach((rule, i) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
      seen.add(rule.id);
    });
  });
export type PolicyDocument = z.infer<typeof PolicyDocument>;
