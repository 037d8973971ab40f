// `npm run kafka:up [-- --port 9092]`: a local broker for development that outlives this
// command. Data stays in .cache/kafka/local/ between runs; `npm run kafka:down` stops it.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CACHE_DIR, portIsFree, startKafkaBroker } from './kafka-broker.mjs';

export const STATE_FILE = join(DEFAULT_CACHE_DIR, 'local-broker.json');
const dataDir = join(DEFAULT_CACHE_DIR, 'local');

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const { values } = parseArgs({ options: { port: { type: 'string' } } });

if (existsSync(STATE_FILE)) {
  const state = JSON.parse(await readFile(STATE_FILE, 'utf8'));
  if (isAlive(state.pid)) {
    console.log(`Kafka is already running (pid ${state.pid}): bootstrap ${state.bootstrap}`);
    process.exit(0);
  }
}

// Prefer Kafka's usual port for people; a formatted data dir keeps whatever it was given first.
let port = values.port ? Number(values.port) : undefined;
if (port === undefined && !existsSync(join(dataDir, 'broker.json')) && (await portIsFree(9092))) port = 9092;

const broker = await startKafkaBroker({ dataDir, port, detached: true, log: (line) => console.error(line) });
await writeFile(
  STATE_FILE,
  `${JSON.stringify({ pid: broker.pid, port: broker.port, bootstrap: broker.bootstrap, dataDir, logFile: broker.logFile, startedAt: new Date().toISOString() }, null, 2)}\n`,
);
console.log(`Kafka is up: bootstrap ${broker.bootstrap} (pid ${broker.pid}, log ${broker.logFile})`);
