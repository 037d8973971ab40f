import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
// eslint-disable-next-line no-restricted-imports -- a test fixture that stands in for a ClickHouse server, not app code talking to the engine.
import { createChdbConnection } from 'chdb/connection';

/**
 * Distributed suites whose projector and API must share one store *while both run* (a
 * decision produced to Kafka that the API waits to see written; a finding the API looks up
 * once the projector published it). chdb opens a data directory from one process only and
 * CI has no ClickHouse server, so this serves the ClickHouse HTTP interface — the part
 * @clickhouse/client uses: /ping, SQL in the body, `param_*` and settings in the query
 * string, INSERT … FORMAT in `query` with the rows in the body — over the embedded engine
 * in the test process; the apps get it as LEDGER_CLICKHOUSE_URL.
 */
export async function startClickHouseOverChdb(dataDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const connection = createChdbConnection({ path: dataDir });
  const RESERVED = new Set(['query', 'query_id', 'database', 'session_id', 'role']);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://shim');
        if (url.pathname === '/ping') return void response.end('Ok.\n');
        const query_params: Record<string, string> = {};
        const clickhouse_settings: Record<string, string | number> = {};
        for (const [key, value] of url.searchParams) {
          if (key.startsWith('param_')) query_params[key.slice('param_'.length)] = value;
          else if (!RESERVED.has(key)) clickhouse_settings[key] = /^-?\d+$/.test(value) ? Number(value) : value;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        const insert = url.searchParams.get('query');
        try {
          const result = await connection.exec({
            query: insert ?? body,
            ...(insert !== null ? { values: Readable.from([body]) } : {}),
            query_params,
            clickhouse_settings,
            query_id: url.searchParams.get('query_id') ?? uuidv7(),
          });
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          result.stream.pipe(response);
        } catch (error) {
          const message = (error as Error).message;
          const code = /Code: (\d+)/.exec(message)?.[1] ?? '1000';
          response.writeHead(500, { 'x-clickhouse-exception-code': code });
          response.end(message.startsWith('Code:') ? message : `Code: ${code}. DB::Exception: ${message}`);
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}

