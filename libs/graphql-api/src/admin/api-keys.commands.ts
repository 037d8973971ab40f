import { Command, Query } from '@nestjs/cqrs';
import type { Caller } from '../common/caller';
import type { ApiKeyModel, CreateApiKeyInput, CreatedApiKeyModel } from './api-key.model';

export class CreateApiKeyCommand extends Command<CreatedApiKeyModel> {
  constructor(
    readonly caller: Caller,
    readonly input: CreateApiKeyInput,
  ) {
    super();
  }
}

export class RevokeApiKeyCommand extends Command<ApiKeyModel> {
  constructor(
    readonly caller: Caller,
    readonly id: string,
  ) {
    super();
  }
}

export class ListApiKeysQuery extends Query<ApiKeyModel[]> {
  constructor(readonly caller: Caller) {
    super();
  }
}
