import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from './commands/demo.command';
import { registerExportCommand } from './commands/export.command';
import { registerImportCommand } from './commands/import.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerPolicyCommand } from './commands/policy.command';
import { registerProxyCommand } from './commands/proxy.command';
import { registerSchemaCommand } from './commands/schema.command';
import { registerTopicsCommand } from './commands/topics.command';
import { registerRebuildCommand } from './commands/rebuild.command';
import { registerUpCommand } from './commands/up.command';
import { registerVerifyCommand } from './commands/verify.command';
import { ConfigError } from '@mcp-ledger/embedded-ledger';

const program = new Command('mcp-ledger')
  .description('Audit and provenance ledger for agents that use the Model Context Protocol')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerUpCommand(program);
registerMigrateCommand(program);
registerDemoCommand(program);
registerImportCommand(program);
registerExportCommand(program);
registerSchemaCommand(program);
registerRebuildCommand(program);
registerTopicsCommand(program);
registerPolicyCommand(program);
registerVerifyCommand(program);
registerProxyCommand(program);
registerKeysCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; usage errors were already printed.
    process.exitCode = error.exitCode;
    return;
  }
  const message = error instanceof ConfigError ? error.message : `mcp-ledger: ${(error as Error).message ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
});
