import type { Risk, ToolAnnotations } from './types';

export type ToolAction = 'read' | 'write' | 'delete' | 'send' | 'execute';

export interface ToolRisk {
  risk: Risk;
  /** Sorted, without duplicates; empty when neither name nor hints say anything. */
  actions: ToolAction[];
}

const RISK_ORDER: readonly Risk[] = ['low', 'medium', 'high', 'critical'];

export function maxRisk(risks: readonly Risk[]): Risk {
  return risks.reduce<Risk>((a, b) => (RISK_ORDER.indexOf(b) > RISK_ORDER.indexOf(a) ? b : a), 'low');
}

/** Name words by the action they imply; a word is a snake/kebab/camel-case token of the tool name. */
const VERBS: Record<ToolAction, readonly string[]> = {
  read: ['get', 'list', 'read', 'search', 'find', 'query', 'describe', 'show', 'view', 'lookup', 'fetch', 'download', 'count', 'check', 'inspect', 'stat', 'status', 'echo', 'browse'],
  write: ['write', 'create', 'update', 'edit', 'set', 'put', 'patch', 'add', 'insert', 'modify', 'rename', 'move', 'save', 'append', 'commit', 'merge', 'replace', 'upsert', 'mkdir', 'copy', 'assign', 'configure', 'enable', 'disable', 'approve', 'close', 'archive'],
  delete: ['delete', 'remove', 'rm', 'drop', 'destroy', 'purge', 'truncate', 'erase', 'unlink', 'wipe', 'revoke', 'uninstall', 'kill', 'terminate'],
  send: ['send', 'post', 'email', 'mail', 'message', 'notify', 'publish', 'upload', 'share', 'tweet', 'reply', 'forward', 'invite', 'sms', 'webhook', 'push', 'broadcast', 'transfer', 'pay', 'submit'],
  execute: ['exec', 'execute', 'run', 'eval', 'shell', 'bash', 'sh', 'cmd', 'command', 'spawn', 'invoke', 'script', 'terminal', 'deploy', 'sudo', 'powershell', 'install'],
};

const RISK_OF: Record<ToolAction, Risk> = { read: 'low', write: 'medium', send: 'high', delete: 'high', execute: 'critical' };

/**
 * Classifies a tool's risk from its name and its MCP annotations, for policies that do
 * not set `risk` and for the excessive-agency report.
 *
 * Annotations are hints from the server, which MCP says clients must not trust; so a
 * hint may add actions and raise the risk but never removes what the name implies
 * (`delete_repo` with `readOnlyHint: true` is still a delete). A tool neither source
 * explains is `medium`: unknown is not safe.
 *
 * @example
 * classifyToolRisk({ name: 'send_email' }) // { risk: 'high', actions: ['send'] }
 */
export function classifyToolRisk(tool: { name: string; description?: string; annotations?: ToolAnnotations }): ToolRisk {
  const words = tokenize(typeof tool.name === 'string' ? tool.name : '');
  const actions = new Set<ToolAction>();
  for (const action of Object.keys(VERBS) as ToolAction[]) {
    if (words.some((w) => VERBS[action].includes(w))) actions.add(action);
  }
  // Only when the name is silent: descriptions are long and mention verbs they do not perform.
  if (actions.size === 0 && typeof tool.description === 'string') {
    for (const action of descriptionActions(tool.description)) actions.add(action);
  }

  const hints = tool.annotations ?? {};
  if (hints.destructiveHint === true) actions.add('delete');
  if (hints.readOnlyHint === false && actions.size === 0) actions.add('write');
  if (hints.readOnlyHint === true && actions.size === 0) actions.add('read');

  let risk: Risk = actions.size === 0 ? 'medium' : maxRisk([...actions].map((a) => RISK_OF[a]));
  // Reaching the open world (web, mail, third-party APIs) makes a write a possible egress.
  if (hints.openWorldHint === true && risk !== 'low') risk = maxRisk([risk, 'high']);
  if (hints.openWorldHint === true && risk === 'low') risk = 'medium';

  return { risk, actions: [...actions].sort() };
}

/** `sendEmail`, `send-email`, `SEND_EMAIL`, `files.delete` → lower-case words. */
function tokenize(name: string): string[] {
  return name
    .slice(0, 256)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const DESCRIPTION_SIGNALS: ReadonlyArray<[ToolAction, RegExp]> = [
  ['execute', /\b(execut(e|es|ing)|runs?) (a |an |arbitrary )?(shell |system )?(command|script|code)s?\b/i],
  ['delete', /\b(delet(e|es|ing)|remov(e|es|ing)|destroy(s|ing)?)\b/i],
  ['send', /\b(send(s|ing)?|post(s|ing)?|upload(s|ing)?) /i],
  ['write', /\b(writ(e|es|ing)|creat(e|es|ing)|updat(e|es|ing)|modif(y|ies|ying))\b/i],
  ['read', /\b(read(s|ing)?|list(s|ing)?|get(s|ting)?|search(es|ing)?|retriev(e|es|ing))\b/i],
];

function descriptionActions(description: string): ToolAction[] {
  const head = description.slice(0, 300);
  return DESCRIPTION_SIGNALS.filter(([, re]) => re.test(head)).map(([action]) => action);
}
