import { createWriteStream, existsSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { Identifier } from '@mcp-ledger/events';
import { EXPORT_PATH, HAS_MORE_HEADER, NEXT_CURSOR_HEADER } from '@mcp-ledger/ledger-core';
import { isOcsfVersion, OCSF_VERSIONS } from '@mcp-ledger/ocsf';
import { authorizationHeaders, ledgerOrigin } from '../client/ledger-client';

const FORMATS = ['ocsf', 'ndjson'] as const;
const MAX_PAGE = 10_000;

interface ExportFlags {
  url: string;
  format: string;
  ocsfVersion?: string;
  since?: string;
  cursor?: string;
  cursorFile?: string;
  out?: string;
  limit: string;
  tenant?: string;
}

function startCursor(flags: ExportFlags): string | undefined {
  if (flags.cursor !== undefined) return flags.cursor;
  if (flags.cursorFile === undefined || !existsSync(flags.cursorFile)) return undefined;
  const saved = readFileSync(flags.cursorFile, 'utf8').trim();
  return saved === '' ? undefined : saved;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    stream.once('error', onError);
    const flushed = stream.write(text, () => stream.off('error', onError));
    if (flushed) resolve();
    else stream.once('drain', () => resolve());
  });
}

function closeFile(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description("export a running ledger's events (and, as OCSF, its findings) for a SIEM, page by page, resumably")
    .option('-u, --url <url>', 'base URL of a running ledger or API (LEDGER_URL)', process.env['LEDGER_URL'] ?? 'http://127.0.0.1:4000')
    .option('-f, --format <format>', `ocsf (OCSF 1.8.0 records) or ndjson (the stored event envelopes)`, 'ocsf')
    .option('--ocsf-version <version>', 'with --format ocsf: 1.8.0 (default), or 1.9.0-dev (unreleased OCSF) to add the hash chain (record_integrity)')
    .option('--since <time>', 'start at this ingest time (ISO-8601, e.g. 2026-11-25T00:00:00Z); default: the beginning')
    .option('--cursor <cursor>', 'resume after the cursor a previous export printed')
    .option('--cursor-file <file>', 'read the cursor to resume from this file if it exists, and write the final cursor to it')
    .option('-o, --out <file>', 'write the records to this file instead of stdout')
    .option('--limit <n>', `events per request (1–${MAX_PAGE})`, '1000')
    .option('-t, --tenant <tenant>', 'tenant to export, for a token that covers several (x-ledger-tenant)')
    .addHelpText(
      'after',
      '\nOne record per line (NDJSON). Progress goes to stderr, and the last line on stderr is the\n' +
        'cursor to resume from ("next cursor: …"); resuming never repeats or skips an event.\n' +
        'The token, if the ledger needs one, is read from LEDGER_TOKEN.\n' +
        'Examples:\n' +
        '  npx mcp-ledger export --url http://127.0.0.1:4000 --format ocsf --since 2026-11-25T00:00:00Z --out ocsf.ndjson\n' +
        '  # every 5 minutes from cron, each run continuing where the last stopped:\n' +
        '  npx mcp-ledger export --format ocsf --cursor-file /var/lib/mcp-ledger/siem.cursor --out /var/spool/siem/$(date +%s).ndjson\n' +
        '  # OCSF 1.9.0-dev with each record\'s place in its session\'s hash chain (docs/siem.md):\n' +
        '  npx mcp-ledger export --format ocsf --ocsf-version 1.9.0-dev --out ocsf-1.9.ndjson',
    )
    .action(async (flags: ExportFlags) => {
      if (!FORMATS.includes(flags.format as (typeof FORMATS)[number])) {
        throw new Error(`--format ${JSON.stringify(flags.format)} is not supported (supported: ${FORMATS.join(', ')})`);
      }
      if (flags.ocsfVersion !== undefined && !isOcsfVersion(flags.ocsfVersion)) {
        throw new Error(`--ocsf-version ${JSON.stringify(flags.ocsfVersion)} is not supported (supported: ${OCSF_VERSIONS.join(', ')})`);
      }
      if (flags.ocsfVersion !== undefined && flags.format !== 'ocsf') throw new Error('--ocsf-version applies to --format ocsf only');
      const url = ledgerOrigin(flags.url);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new Error(`--limit: expected an integer from 1 to ${MAX_PAGE}, got ${flags.limit}`);
      if (flags.tenant !== undefined && !Identifier.safeParse(flags.tenant).success) throw new Error(`--tenant ${JSON.stringify(flags.tenant)} is not a tenant id`);
      let cursor = startCursor(flags);
      if (cursor !== undefined && flags.since !== undefined) throw new Error('give --since (to start) or a cursor (to resume), not both');

      const headers: Record<string, string> = { accept: 'application/x-ndjson', ...authorizationHeaders() };
      if (flags.tenant) headers['x-ledger-tenant'] = flags.tenant;

      const file = flags.out === undefined ? undefined : createWriteStream(flags.out);
      const out: NodeJS.WritableStream = file ?? process.stdout;
      let records = 0;
      let pages = 0;
      try {
        for (;;) {
          const query = new URLSearchParams({ format: flags.format, limit: String(limit) });
          if (flags.ocsfVersion !== undefined) query.set('ocsf_version', flags.ocsfVersion);
          if (cursor !== undefined) query.set('cursor', cursor);
          else if (flags.since !== undefined) query.set('since', flags.since);
          const response = await fetch(`${url}${EXPORT_PATH}?${query}`, { headers });
          const body = await response.text();
          if (response.status !== 200) {
            let message = body;
            try {
              message = (JSON.parse(body) as { message?: string }).message ?? body;
            } catch {
              // not JSON: show the text as it came
            }
            throw new Error(`${url}${EXPORT_PATH} answered ${response.status}: ${message}`);
          }
          const next = response.headers.get(NEXT_CURSOR_HEADER);
          if (!next) throw new Error(`${url}${EXPORT_PATH} sent no ${NEXT_CURSOR_HEADER} header; is it an MCP Ledger?`);
          if (body !== '') await write(out, body);
          records += body === '' ? 0 : body.split('\n').length - 1;
          pages += 1;
          cursor = next;
          process.stderr.write(`exported ${records} records (${pages} pages)\r`);
          if (response.headers.get(HAS_MORE_HEADER) !== 'true') break;
        }
      } finally {
        if (file) await closeFile(file);
      }
      process.stderr.write(`\nexported ${records} ${flags.format} records${flags.out ? ` to ${flags.out}` : ''}\n`);
      if (flags.cursorFile !== undefined && cursor !== undefined) writeFileSync(flags.cursorFile, `${cursor}\n`);
      process.stderr.write(`next cursor: ${cursor}\n`);
    });
}
