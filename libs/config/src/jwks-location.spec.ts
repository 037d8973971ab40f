import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { authFields } from './config-fragments';
import { ConfigError, parseEnvConfig } from './env-config';
import { jwksLocation } from './jwks-location';

describe('jwksLocation', () => {
  it('reads a path as a file and an https URL as a URL', () => {
    expect(jwksLocation('/etc/ledger/jwks.json')).toEqual({ kind: 'file', path: '/etc/ledger/jwks.json' });
    expect(jwksLocation('jwks.json')).toEqual({ kind: 'file', path: 'jwks.json' });
    const location = jwksLocation('https://idp.example.com/.well-known/jwks.json');
    expect(location.kind).toBe('url');
    expect(location.kind === 'url' && location.url.href).toBe('https://idp.example.com/.well-known/jwks.json');
    expect(jwksLocation('HTTPS://127.0.0.1:8443/jwks.json').kind).toBe('url');
  });

  it('refuses plain http, loopback included', () => {
    for (const value of ['http://idp.example.com/jwks.json', 'http://127.0.0.1:8080/jwks.json', 'http://localhost/jwks.json', 'http://[::1]/jwks.json', 'HTTP://idp.example.com/jwks']) {
      const location = jwksLocation(value);
      expect(location.kind, value).toBe('refused');
      expect(location.kind === 'refused' && location.reason, value).toMatch(/plain http is refused/);
    }
  });

  it('refuses other schemes, unparsable URLs and credentials instead of reading them as file names', () => {
    expect(jwksLocation('file:///etc/jwks.json')).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/file: URLs are not supported/) });
    expect(jwksLocation('ftp://idp.example.com/jwks.json')).toMatchObject({ kind: 'refused' });
    expect(jwksLocation('https://')).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/not a valid URL/) });
    expect(jwksLocation('https://user:pw@idp.example.com/jwks.json')).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/credentials/) });
  });
});

describe('LEDGER_JWKS in an app config', () => {
  const schema = z.object(authFields);

  function problems(env: Record<string, string>): string {
    try {
      parseEnvConfig(schema, env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    return expect.unreachable('the configuration was accepted');
  }

  it('accepts an https URL', () => {
    const config = parseEnvConfig(schema, { LEDGER_JWT_ISSUER: 'https://idp.example.com', LEDGER_JWKS: 'https://idp.example.com/jwks.json' });
    expect(config.LEDGER_JWKS).toBe('https://idp.example.com/jwks.json');
  });

  it('fails at start naming LEDGER_JWKS for an http URL', () => {
    expect(problems({ LEDGER_JWKS: 'http://127.0.0.1:8080/jwks.json' })).toMatch(/LEDGER_JWKS: plain http is refused.*https:\/\//);
  });

  it('does not print the credentials of a refused URL', () => {
    const message = problems({ LEDGER_JWKS: 'https://svc:hun@ter2@idp.example.com/jwks.json' });
    expect(message).toMatch(/LEDGER_JWKS: the URL must not carry credentials/);
    expect(message).toContain('https://***@idp.example.com/jwks.json');
    expect(message).not.toContain('ter2');
  });
});
