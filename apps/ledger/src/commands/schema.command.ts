import type { Command } from 'commander';
import { eventJsonSchema } from '@mcp-ledger/events';

export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of ledger events (for emitters written in other languages)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(eventJsonSchema(), null, 2)}\n`);
    });
}
