// `npm run kafka:down`: stops the broker `npm run kafka:up` started (SIGTERM, SIGKILL after 30 s).
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CACHE_DIR, stopPid } from './kafka-broker.mjs';

const STATE_FILE = join(DEFAULT_CACHE_DIR, 'local-broker.json');

if (!existsSync(STATE_FILE)) {
  console.log('Kafka is not running (no state file from kafka:up).');
  process.exit(0);
}
const state = JSON.parse(readFileSync(STATE_FILE, 'utf8'));

// The pid may have been reused since: only signal it if it is still our broker.
function isOurBroker(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(state.dataDir, 'server.properties'));
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    throw error;
  }
}

if (isOurBroker(state.pid)) {
  const outcome = await stopPid(state.pid, { timeoutMs: 30_000 });
  console.log(`Kafka (pid ${state.pid}) ${outcome}.`);
} else {
  console.log(`Kafka (pid ${state.pid}) was not running.`);
}
await rm(STATE_FILE, { force: true });
