import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Role } from '@mcp-ledger/auth';

export enum RoleName {
  viewer = 'viewer',
  analyst = 'analyst',
  approver = 'approver',
  admin = 'admin',
  ingest = 'ingest',
}
registerEnumType(RoleName, {
  name: 'Role',
  description: 'viewer: metadata; analyst: + arguments, content, export; approver: + approvals; admin: everything; ingest: write events only.',
});
// The enum mirrors @mcp-ledger/auth's roles: this fails to compile when the two lists differ.
type SameRoles = [Role] extends [`${RoleName}`] ? ([`${RoleName}`] extends [Role] ? true : never) : never;
export const ROLE_ENUM_MATCHES: SameRoles = true;

@ObjectType({ description: 'An API key as listed to admins: never its token.' })
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [RoleName])
  roles!: RoleName[];

  @Field(() => [String], { description: 'Tenants the key covers; ["*"] for all.' })
  tenants!: string[];

  @Field()
  createdBy!: string;

  @Field()
  createdAt!: string;

  @Field(() => String, { nullable: true })
  revokedAt!: string | null;

  @Field(() => String, { nullable: true })
  revokedBy!: string | null;
}

@ObjectType({ description: 'A new key. `token` is shown in this answer only; the ledger keeps its hash.' })
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel)
  key!: ApiKeyModel;

  @Field()
  token!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'Who or what holds the key; recorded as the subject of its requests (key:<name>).' })
  name!: string;

  @Field(() => [RoleName])
  roles!: RoleName[];

  @Field(() => [String], { nullable: true, description: "Tenants it covers (default: the caller's tenant). [\"*\"]: all; only an all-tenant admin may grant it." })
  tenants?: string[] | null;
}
