import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@mcp-ledger/config';
import { checkpointKeyFromPem, type CheckpointKey } from './checkpoint';

/** Where the embedded ledger keeps the key it generated, when no key file is configured. */
export const EMBEDDED_KEY_FILE = 'checkpoint-key.pem';

/**
 * Reads the checkpoint signing key (PKCS#8 PEM, Ed25519) named by a setting, at start;
 * an unreadable or wrong key refuses the start with a ConfigError naming the setting.
 */
export function readCheckpointKey(path: string, setting = 'LEDGER_CHECKPOINT_KEY_FILE'): CheckpointKey {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  try {
    return checkpointKeyFromPem(pem);
  } catch (error) {
    throw new ConfigError([`${setting}: ${path} is not an Ed25519 private key in PKCS#8 PEM (${(error as Error).message})`]);
  }
}

/**
 * The embedded ledger's own key: `checkpoint-key.pem` in the data directory, generated
 * once (mode 0600, never overwritten) when missing. `created` says whether it was new.
 */
export function embeddedCheckpointKey(dataDir: string): { key: CheckpointKey; path: string; created: boolean } {
  const path = join(dataDir, EMBEDDED_KEY_FILE);
  if (existsSync(path)) return { key: readCheckpointKey(path), path, created: false };
  mkdirSync(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': never replace a key that exists (another process may have just written it).
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    return { key: readCheckpointKey(path), path, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: readCheckpointKey(path), path, created: false };
  }
}
