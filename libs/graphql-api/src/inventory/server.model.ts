import { Field, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../common/json.scalar';

@ObjectType('ToolVersion', { description: 'One distinct definition a tool has had.' })
export class ToolVersionModel {
  @Field()
  definitionHash!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => JSONScalar)
  definition!: unknown;

  @Field(() => Date)
  firstSeenAt!: Date;

  @Field(() => Date)
  lastSeenAt!: Date;
}

@ObjectType('Tool', { description: 'A tool as its server listed it; `versions` is its definition history.' })
export class ToolModel {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'Hash of the most recently seen definition.' })
  definitionHash!: string;

  @Field(() => JSONScalar, { nullable: true })
  inputSchema!: unknown;

  @Field(() => Date)
  firstSeenAt!: Date;

  @Field(() => Date)
  lastSeenAt!: Date;

  @Field(() => [ToolVersionModel], { description: 'Every distinct definition, oldest first.' })
  versions!: ToolVersionModel[];
}

@ObjectType('ServerCredentials', {
  description: 'The standing access a server was started with, by name only: never values. Recorded by the proxy (or an emitter told so).',
})
export class ServerCredentialsModel {
  @Field(() => [String], { description: 'Names of environment variables holding credentials (e.g. GITHUB_TOKEN), sorted.' })
  env!: string[];

  @Field(() => [String], { description: 'OAuth scopes granted, when known (a Bearer token seen in HTTP mode is opaque: its scopes are not).' })
  oauthScopes!: string[];
}

@ObjectType('Server', { description: 'An MCP server seen by the ledger.' })
export class ServerModel {
  @Field()
  name!: string;

  @Field(() => [String], { description: 'Versions it announced.' })
  versions!: string[];

  @Field(() => Date, { nullable: true })
  firstSeenAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastSeenAt!: Date | null;

  @Field(() => [ToolModel])
  tools!: ToolModel[];

  @Field(() => ServerCredentialsModel, { description: 'Every credential name any of its sessions was started with.' })
  credentials!: ServerCredentialsModel;
}
