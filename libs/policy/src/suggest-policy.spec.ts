import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate-policy';
import { parsePolicy } from './parse-policy';
import { replayPolicy, type RecordedCall } from './replay-policy';
import { suggestPolicy } from './suggest-policy';

/** mulberry32: a seeded generator, so a failing history can be reproduced from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['send_email', 'read_file', 'rm_*', 'get?', 'a\\b', 'yes', 'null', '1e3', '', 'ünï', 'exec', 'tool with space', '*'];
const ARG_VALUES = [
  () => 'ann@acme.example',
  () => 'https://api.acme.example/v1',
  () => 'HTTPS://Evil.Example.:8443/x?y',
  () => '/srv/data/report.csv',
  () => '/srv/data',
  () => 'file:///srv/data/a%20b.txt',
  () => '/srv/../etc/passwd',
  () => 'relative/path',
  () => 42,
  () => true,
  () => null,
  () => ({ nested: { deep: [1, 2] } }),
  () => ['a@x', 'b@x'],
  () => [],
  () => 'x'.repeat(500),
];

function randomHistory(seed: number, size: number): RecordedCall[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const history: RecordedCall[] = [];
  for (let i = 0; i < size; i++) {
    let args: unknown = {};
    if (r() < 0.05) args = pick([null, 'text', [1, 2], 7]);
    else {
      const keys = ['to', 'url', 'path', 'amount', '__proto__', 'constructor', 'x-y'].filter(() => r() < 0.5);
      // Through JSON, as arguments arrive: `__proto__` becomes an own key, not a prototype.
      args = JSON.parse(JSON.stringify(Object.fromEntries(keys.map((k) => [k, pick(ARG_VALUES)()]))));
      if (r() < 0.1) args = JSON.parse('{"__proto__": {"to": "a"}, "to": "b@acme.example"}');
    }
    history.push({
      callId: `c${i}`,
      sessionId: `s${i % 7}`,
      tenant: pick(['acme', 'globex']),
      agent: r() < 0.2 ? undefined : pick(['support-1', 'admin*', 'bot']),
      server: pick(['mail', 'fs', 'web', '*']),
      tool: pick(NAMES),
      arguments: args,
    });
  }
  return history;
}

const tripleOf = (c: { tenant: string; agent?: string; server: string; tool: string }) => JSON.stringify([c.tenant, c.agent ?? '', c.server, c.tool]);

describe('suggestPolicy', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('seed %i: the suggested policy denies nothing that ran and grants nothing else', (seed) => {
    const history = randomHistory(seed, 300);
    const text = suggestPolicy(history, { policyVersion: `suggested-${seed}` });
    const parsed = parsePolicy(text, { fileName: 'suggested.yaml' });
    if (!parsed.ok) throw new Error(`${text}\n${JSON.stringify(parsed.errors)}`);

    const replay = replayPolicy(parsed.policy, history);
    expect(replay.total).toBe(history.length);
    expect(replay.wouldDeny.map((d) => d.reason)).toEqual([]);
    expect(replay.wouldRequireApproval).toEqual([]);

    // Every (tenant, agent, server, tool) the policy allows was observed: probe all combinations.
    const observed = new Set(history.map(tripleOf));
    for (const tenant of ['acme', 'globex', 'initech'])
      for (const agent of [undefined, 'support-1', 'admin*', 'admin-2', 'bot', ''])
        for (const server of ['mail', 'fs', 'web', '*', 'other'])
          for (const tool of [...NAMES, 'rm_all', 'get1', 'delete_repo']) {
            const probe = { tenant, agent, server, tool };
            const { decision } = evaluatePolicy(parsed.policy, { ...probe, arguments: {} });
            if (decision !== 'deny') expect(observed.has(tripleOf(probe)), JSON.stringify(probe)).toBe(true);
          }
    expect(parsed.policy.rules.length).toBe(observed.size);
  });

  it('narrows arguments to the few values, hosts and path roots seen', () => {
    const history = [
      { tenant: 'acme', agent: 'a', server: 'mail', tool: 'send_email', arguments: { to: ['ann@acme.example'], subject: 'x1' } },
      { tenant: 'acme', agent: 'a', server: 'mail', tool: 'send_email', arguments: { to: ['bob@acme.example'], subject: 'x2' } },
      { tenant: 'acme', agent: 'a', server: 'web', tool: 'fetch', arguments: { url: 'https://api.acme.example/v1' } },
      { tenant: 'acme', agent: 'a', server: 'fs', tool: 'read_file', arguments: { path: '/srv/data/q3/a.csv' } },
      { tenant: 'acme', agent: 'a', server: 'fs', tool: 'read_file', arguments: { path: '/srv/data/q4/b.csv' } },
    ];
    const parsed = parsePolicy(suggestPolicy(history, { policyVersion: 'v1' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const rules = Object.fromEntries(parsed.policy.document.rules.map((r) => [`${r.match?.server}.${r.match?.tool}`, r.require?.args]));
    expect(rules['mail.send_email']).toEqual({ to: { oneOf: ['ann@acme.example', 'bob@acme.example'] }, subject: { oneOf: ['x1', 'x2'] } });
    expect(rules['web.fetch']).toEqual({ url: { hosts: ['api.acme.example'] } });
    expect(rules['fs.read_file']).toEqual({ path: { under: ['/srv/data/q3', '/srv/data/q4'] } });
    const p = parsed.policy;
    const base = { tenant: 'acme', agent: 'a' };
    expect(evaluatePolicy(p, { ...base, server: 'fs', tool: 'read_file', arguments: { path: '/srv/data/q3/other.csv' } }).decision).toBe('allow');
    expect(evaluatePolicy(p, { ...base, server: 'fs', tool: 'read_file', arguments: { path: '/etc/passwd' } }).decision).toBe('deny');
    expect(evaluatePolicy(p, { ...base, server: 'web', tool: 'fetch', arguments: { url: 'https://evil.example/' } }).decision).toBe('deny');
    expect(evaluatePolicy(p, { ...base, server: 'mail', tool: 'send_email', arguments: { to: ['eve@evil.example'], subject: 'x1' } }).decision).toBe('deny');
  });
});
