import { describe, expect, it } from 'vitest';
import { classifyToolRisk } from './classify-tool-risk';

describe('classifyToolRisk', () => {
  it.each([
    ['read_file', 'low', ['read']],
    ['listIssues', 'low', ['read']],
    ['write_file', 'medium', ['write']],
    ['create-pull-request', 'medium', ['write']],
    ['send_email', 'high', ['send']],
    ['post_message', 'high', ['send']],
    ['upload_file', 'high', ['send']],
    ['delete_repository', 'high', ['delete']],
    ['exec', 'critical', ['execute']],
    ['run_shell_command', 'critical', ['execute']],
    ['RUN_QUERY', 'critical', ['execute', 'read']],
    ['move_and_delete', 'high', ['delete', 'write']],
  ] as const)('%s → %s %j', (name, risk, actions) => {
    expect(classifyToolRisk({ name })).toEqual({ risk, actions });
  });

  it('an unknown name with no hints is medium: unknown is not safe', () => {
    expect(classifyToolRisk({ name: 'frobnicate' })).toEqual({ risk: 'medium', actions: [] });
  });

  it('uses MCP annotations where the name is silent', () => {
    expect(classifyToolRisk({ name: 'frobnicate', annotations: { readOnlyHint: true } })).toEqual({ risk: 'low', actions: ['read'] });
    expect(classifyToolRisk({ name: 'frobnicate', annotations: { readOnlyHint: false } })).toEqual({ risk: 'medium', actions: ['write'] });
    expect(classifyToolRisk({ name: 'frobnicate', annotations: { destructiveHint: true } })).toEqual({ risk: 'high', actions: ['delete'] });
  });

  it('never lets an untrusted hint lower what the name implies', () => {
    expect(classifyToolRisk({ name: 'delete_repo', annotations: { readOnlyHint: true, destructiveHint: false } })).toEqual({ risk: 'high', actions: ['delete'] });
  });

  it('raises risk for tools that reach the open world', () => {
    expect(classifyToolRisk({ name: 'fetch', annotations: { readOnlyHint: true, openWorldHint: true } }).risk).toBe('medium');
    expect(classifyToolRisk({ name: 'update_record', annotations: { openWorldHint: true } }).risk).toBe('high');
  });

  it('reads the description only when the name says nothing', () => {
    expect(classifyToolRisk({ name: 'terminal_tool_x', description: 'Lists files' }).actions).toEqual(['execute']);
    expect(classifyToolRisk({ name: 'do_it', description: 'Executes a shell command on the host.' })).toEqual({ risk: 'critical', actions: ['execute'] });
    expect(classifyToolRisk({ name: 'helper', description: 'Retrieves the weather for a city.' })).toEqual({ risk: 'low', actions: ['read'] });
  });
});
