import { describe, expect, it } from 'vitest';
import { AuthError } from './auth-error';
import { hasPermission, requirePermission, resolveTenant, type Principal } from './principal';
import { parseRoles } from './roles';

const principal = (roles: Principal['roles'], tenants: string[]): Principal => ({ subject: 's', kind: 'api_key', tokenId: 't', roles, tenants });

describe('roles and permissions', () => {
  it('grants content only to analysts and admins, approval only to approvers and admins, nothing readable to ingest', () => {
    expect(hasPermission(principal(['viewer'], ['a']), 'read_content')).toBe(false);
    expect(hasPermission(principal(['analyst'], ['a']), 'read_content')).toBe(true);
    expect(hasPermission(principal(['analyst'], ['a']), 'approve')).toBe(false);
    expect(hasPermission(principal(['approver'], ['a']), 'approve')).toBe(true);
    expect(hasPermission(principal(['ingest'], ['a']), 'read')).toBe(false);
    expect(hasPermission(principal(['admin'], ['a']), 'ingest')).toBe(true);
    expect(() => requirePermission(principal(['viewer'], ['a']), 'admin')).toThrow(/needs the admin permission/);
  });

  it('parses role lists and names a bad entry', () => {
    expect(parseRoles('viewer, approver')).toEqual(['viewer', 'approver']);
    expect(() => parseRoles(['viewer', 'root'])).toThrow(/unknown role "root"/);
    expect(() => parseRoles([])).toThrow(/one or more roles/);
  });
});

describe('resolveTenant', () => {
  it('uses the only tenant of a single-tenant token', () => {
    expect(resolveTenant(principal(['viewer'], ['acme']), undefined)).toBe('acme');
  });

  it('refuses a tenant the token does not cover instead of narrowing silently', () => {
    const error = (() => {
      try {
        resolveTenant(principal(['viewer'], ['acme']), 'globex');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(403);
  });

  it('lets an all-tenant token choose, and asks a multi-tenant token to choose', () => {
    expect(resolveTenant(principal(['admin'], ['*']), 'globex')).toBe('globex');
    expect(resolveTenant(principal(['admin'], ['*']), undefined)).toBe('default');
    expect(() => resolveTenant(principal(['viewer'], ['a', 'b']), undefined)).toThrow(/name one/);
    expect(resolveTenant(principal(['viewer'], ['a', 'b']), 'b')).toBe('b');
  });
});
