import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mcp-ledger/config';
import { embeddedCheckpointKey, EMBEDDED_KEY_FILE, readCheckpointKey } from './checkpoint-key';

const dir = () => mkdtempSync(join(tmpdir(), 'checkpoint-key-'));

describe('checkpoint keys', () => {
  it('generates the embedded key once, owner-only, and keeps it across starts', () => {
    const dataDir = join(dir(), 'data');
    const first = embeddedCheckpointKey(dataDir);
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(dataDir, EMBEDDED_KEY_FILE));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const pem = readFileSync(first.path, 'utf8');
    const again = embeddedCheckpointKey(dataDir);
    expect(again).toMatchObject({ created: false, key: { keyId: first.key.keyId } });
    expect(readFileSync(first.path, 'utf8')).toBe(pem);
  });

  it('refuses a missing file or a key that is not Ed25519, naming the setting', () => {
    const folder = dir();
    expect(() => readCheckpointKey(join(folder, 'missing.pem'))).toThrow(ConfigError);
    expect(() => readCheckpointKey(join(folder, 'missing.pem'))).toThrow(/LEDGER_CHECKPOINT_KEY_FILE: cannot read .*ENOENT/);
    const rsa = join(folder, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => readCheckpointKey(rsa)).toThrow(/LEDGER_CHECKPOINT_KEY_FILE: .* is not an Ed25519 private key/);
    const publicOnly = join(folder, 'public.pem');
    writeFileSync(publicOnly, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    expect(() => readCheckpointKey(publicOnly)).toThrow(/is not an Ed25519 private key/);
  });
});
