import { stringify } from 'yaml';
import { classifyToolRisk } from './classify-tool-risk';
import { escapeGlob } from './glob';
import type { PolicyDocument, Rule } from './policy.schema';
import { suggestConstraints } from './suggest-constraints';

export interface ObservedCall {
  tenant: string;
  agent?: string;
  /** Id of the host's `source.task`, when it sent one. */
  task?: string;
  server: string;
  tool: string;
  arguments: unknown;
}

export interface SuggestPolicyOptions {
  policyVersion: string;
  /**
   * One rule per (tenant, agent, task, server, tool) instead of per agent: each rule names
   * its task, so a task is granted only the tools it used itself. Calls recorded without a
   * task get rules with `task: ""`, which match only calls without a task.
   */
  perTask?: boolean;
}

type GroupKey = [tenant: string, agent: string, task: string, server: string, tool: string];

/**
 * Writes a least-privilege policy (YAML) from observed history, in the spirit of cloud
 * IAM access analyzers: one `allow` rule per (tenant, agent, server, tool) seen — per
 * (tenant, agent, task, server, tool) with `perTask` — with exact (glob-escaped)
 * selectors and allow-lists of the argument values seen where they are few; `default:
 * deny` for everything else. Re-run over the same history it denies nothing, and it
 * grants no tool that was never used (by that agent, or with `perTask` by that task of
 * that agent): libs/policy/src/suggest-policy.spec.ts.
 *
 * The output is meant for review: widen allow-lists or merge rules by hand.
 *
 * @example
 * writeFileSync('policy.yaml', suggestPolicy(history, { policyVersion: '2026-11-25.1', perTask: true }));
 */
export function suggestPolicy(observed: Iterable<ObservedCall>, options: SuggestPolicyOptions): string {
  const perTask = options.perTask === true;
  const groups = new Map<string, { key: GroupKey; args: unknown[] }>();
  let total = 0;
  for (const call of observed) {
    total++;
    // Matches evaluatePolicy: an absent or non-string field is the empty string.
    const key: GroupKey = [text(call.tenant), text(call.agent), perTask ? text(call.task) : '', text(call.server), text(call.tool)];
    const id = JSON.stringify(key);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { key, args: [] }));
    group.args.push(call.arguments);
  }

  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const rules = sorted.map(({ key: [tenant, agent, task, server, tool], args }, i): Rule => {
    const require = suggestConstraints(args);
    const notes = [agent === '' ? 'host sent no agent name' : undefined, perTask && task === '' ? 'host sent no task' : undefined].filter((note) => note !== undefined);
    return {
      id: `allow-${String(i + 1).padStart(3, '0')}-${slug(`${server}.${tool}`)}`,
      description: `observed ${args.length} call${args.length === 1 ? '' : 's'}${perTask && task !== '' ? ` in task ${task}` : ''}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
      match: perTask
        ? { tenant: escapeGlob(tenant), agent: escapeGlob(agent), task: escapeGlob(task), server: escapeGlob(server), tool: escapeGlob(tool) }
        : { tenant: escapeGlob(tenant), agent: escapeGlob(agent), server: escapeGlob(server), tool: escapeGlob(tool) },
      effect: 'allow',
      risk: classifyToolRisk({ name: tool }).risk,
      ...(Object.keys(require).length > 0 ? { require: { args: require } } : {}),
    };
  });

  const document: PolicyDocument = {
    version: 1,
    policy_version: options.policyVersion,
    description: `Least-privilege policy suggested from ${total} observed calls${perTask ? ', per task' : ''}; review before loading.`,
    default: 'deny',
    rules,
  };
  const header = [
    `# Suggested by \`mcp-ledger policy suggest${perTask ? ' --per-task' : ''}\`: allows exactly the tools each ${perTask ? 'task of each agent' : 'agent'} used,`,
    '# with allow-lists of the argument values it used where they were few, and denies the rest.',
  ].join('\n');
  return `${header}\n${stringify(document, { lineWidth: 0 })}`;
}

function slug(value: string): string {
  const s = value.replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 60);
  return s === '' ? 'tool' : s;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
