import { Inject } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ALL_TENANTS, mayAccessTenant, requirePermission, type Authenticator, type Principal } from '@mcp-ledger/auth';
import { Identifier } from '@mcp-ledger/events';
import { API_KEY_STORE, AUTHENTICATOR, type ApiKeyListing, type ApiKeyStore } from '@mcp-ledger/ledger-core';
import { ApiError, badInput } from '../common/api-errors';
import type { ApiKeyModel, CreatedApiKeyModel, RoleName } from './api-key.model';
import { CreateApiKeyCommand, ListApiKeysQuery, RevokeApiKeyCommand } from './api-keys.commands';

const toModel = (key: ApiKeyListing): ApiKeyModel => ({ ...key, roles: key.roles as RoleName[], revokedBy: key.revokedBy || null });

/** A tenant admin manages keys within its tenants; only an all-tenant admin manages all-tenant keys. */
function mayManage(principal: Principal, tenants: readonly string[]): boolean {
  return tenants.every((tenant) => (tenant === ALL_TENANTS ? principal.tenants.includes(ALL_TENANTS) : mayAccessTenant(principal, tenant)));
}

function keyStore(store: ApiKeyStore | null): ApiKeyStore {
  if (!store) throw new ApiError('NOT_FOUND', 'this process keeps no API keys (gateway mode): manage keys on the ledger or API');
  return store;
}

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand, CreatedApiKeyModel> {
  constructor(@Inject(API_KEY_STORE) private readonly store: ApiKeyStore | null) {}

  async execute({ caller, input }: CreateApiKeyCommand): Promise<CreatedApiKeyModel> {
    requirePermission(caller.principal, 'admin');
    const name = input.name.trim();
    if (!/^[\w.@-]{1,100}$/.test(name)) throw badInput('name: 1 to 100 letters, digits, or . _ - @');
    if (input.roles.length === 0) throw badInput('roles: give at least one role');
    const tenants = input.tenants?.length ? [...new Set(input.tenants)] : [caller.tenant];
    for (const tenant of tenants) {
      if (tenant !== ALL_TENANTS && !Identifier.safeParse(tenant).success) throw badInput(`tenants: ${JSON.stringify(tenant)} is not a tenant id`);
    }
    if (!mayManage(caller.principal, tenants)) throw new ApiError('FORBIDDEN', 'a key may only cover tenants your own token covers');
    const roles = [...new Set(input.roles)];
    const created = await keyStore(this.store).create({ name, roles, tenants, createdBy: caller.principal.subject });
    const key = (await keyStore(this.store).list()).find((listed) => listed.id === created.id);
    if (!key) throw new Error(`key ${created.id} was written but cannot be read back`);
    return { key: toModel(key), token: created.token };
  }
}

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand, ApiKeyModel> {
  constructor(
    @Inject(API_KEY_STORE) private readonly store: ApiKeyStore | null,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  async execute({ caller, id }: RevokeApiKeyCommand): Promise<ApiKeyModel> {
    requirePermission(caller.principal, 'admin');
    const existing = (await keyStore(this.store).list()).find((key) => key.id === id);
    // Not found and not yours answer alike: key ids of other tenants are not disclosed.
    if (!existing || !mayManage(caller.principal, existing.tenants)) throw new ApiError('NOT_FOUND', `no API key ${id}`);
    const revoked = await keyStore(this.store).revoke(id, caller.principal.subject);
    this.authenticator.forget();
    if (!revoked) throw new ApiError('NOT_FOUND', `no API key ${id}`);
    return toModel(revoked);
  }
}

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery, ApiKeyModel[]> {
  constructor(@Inject(API_KEY_STORE) private readonly store: ApiKeyStore | null) {}

  async execute({ caller }: ListApiKeysQuery): Promise<ApiKeyModel[]> {
    requirePermission(caller.principal, 'admin');
    const keys = await keyStore(this.store).list();
    return keys.filter((key) => key.tenants.includes(caller.tenant) || (key.tenants.includes(ALL_TENANTS) && mayManage(caller.principal, [ALL_TENANTS]))).map(toModel);
  }
}
