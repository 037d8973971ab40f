import type { Command } from 'commander';
import { parseRoles, ROLES } from '@mcp-ledger/auth';
import { checkLedgerAccess, ledgerGraphql, ledgerOrigin } from '../client/ledger-client';

const KEY_FIELDS = 'id name roles tenants createdBy createdAt revokedAt revokedBy';

interface KeyListing {
  id: string;
  name: string;
  roles: string[];
  tenants: string[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

const urlOption = ['-u, --url <url>', 'base URL of a running ledger (LEDGER_URL)', process.env['LEDGER_URL'] ?? 'http://127.0.0.1:4000'] as const;
const tenantOption = ['-t, --tenant <tenant>', 'tenant to act on, when your token covers several (x-ledger-tenant)'] as const;

function printKey(key: KeyListing): void {
  const state = key.revokedAt ? `revoked ${key.revokedAt} by ${key.revokedBy}` : 'active';
  process.stdout.write(`${key.id}  ${key.name}  roles=${key.roles.join(',')}  tenants=${key.tenants.join(',')}  ${state}\n`);
}

export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage API keys of a running ledger (needs an admin LEDGER_TOKEN)')
    .addHelpText(
      'after',
      `\nRoles: ${ROLES.join(', ')}.\n` +
        '  viewer: metadata only (arguments and content masked)   analyst: + arguments, content, export\n' +
        '  approver: + decide approvals   admin: everything   ingest: write events only (emitters, proxies)\n\n' +
        'Examples:\n' +
        '  LEDGER_TOKEN=<admin key> mcp-ledger keys create --name soc-analyst --role analyst\n' +
        '  LEDGER_TOKEN=<admin key> mcp-ledger keys create --name laptop-proxy --role ingest --tenant acme\n' +
        '  LEDGER_TOKEN=<admin key> mcp-ledger keys list\n' +
        '  LEDGER_TOKEN=<admin key> mcp-ledger keys revoke 3f2a9c1d0b4e',
    );

  keys
    .command('create')
    .description('create a key; its token is printed once (only its hash is stored)')
    .requiredOption('-n, --name <name>', 'who or what holds it (recorded as key:<name> on everything it does)')
    .requiredOption('-r, --role <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .option('--tenants <tenants>', "comma-separated tenants the key covers (default: the caller's tenant); * for all")
    .option(...urlOption)
    .option(...tenantOption)
    .action(async (flags: { name: string; role: string; tenants?: string; url: string; tenant?: string }) => {
      let roles: string[];
      try {
        roles = parseRoles(flags.role);
      } catch (error) {
        throw new Error(`--role: ${(error as Error).message}`);
      }
      const url = ledgerOrigin(flags.url);
      await checkLedgerAccess(url);
      const tenants = flags.tenants?.split(',').map((t) => t.trim()).filter(Boolean);
      const data = await ledgerGraphql<{ createApiKey: { key: KeyListing; token: string } }>(
        url,
        `mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { token key { ${KEY_FIELDS} } } }`,
        { input: { name: flags.name, roles, tenants } },
        flags.tenant,
      );
      printKey(data.createApiKey.key);
      process.stderr.write('The token below is shown once; store it now (e.g. in a password manager or a secret store):\n');
      process.stdout.write(`${data.createApiKey.token}\n`);
    });

  keys
    .command('list')
    .description("list the keys covering the tenant (never their tokens)")
    .option(...urlOption)
    .option(...tenantOption)
    .action(async (flags: { url: string; tenant?: string }) => {
      const url = ledgerOrigin(flags.url);
      await checkLedgerAccess(url);
      const data = await ledgerGraphql<{ apiKeys: KeyListing[] }>(url, `{ apiKeys { ${KEY_FIELDS} } }`, {}, flags.tenant);
      for (const key of data.apiKeys) printKey(key);
      if (data.apiKeys.length === 0) process.stderr.write('no keys cover this tenant\n');
    });

  keys
    .command('revoke <id>')
    .description('revoke a key: it is refused from then on (within seconds on other API replicas)')
    .option(...urlOption)
    .option(...tenantOption)
    .action(async (id: string, flags: { url: string; tenant?: string }) => {
      const url = ledgerOrigin(flags.url);
      await checkLedgerAccess(url);
      const data = await ledgerGraphql<{ revokeApiKey: KeyListing }>(
        url,
        `mutation Revoke($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`,
        { id },
        flags.tenant,
      );
      printKey(data.revokeApiKey);
    });

  keys
    .command('whoami')
    .description('show what LEDGER_TOKEN is: subject, roles, tenants')
    .option(...urlOption)
    .action(async (flags: { url: string }) => {
      const who = await checkLedgerAccess(ledgerOrigin(flags.url));
      process.stdout.write(`${who.subject} (${who.kind})  roles=${who.roles.join(',')}  tenants=${who.tenants.join(',')}\n`);
    });
}
