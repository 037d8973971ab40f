import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../common/json.scalar';
import { contentAccess } from '../common/content-access';

@ObjectType({ description: 'An MCP implementation as it announced itself.' })
export class ImplementationModel {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  version!: string | null;
}

@ObjectType('LedgerEvent', { description: 'One recorded event, as stored in the event store.' })
export class LedgerEventModel {
  @Field(() => ID)
  id!: string;

  @Field()
  type!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => Date)
  time!: Date;

  @Field({ description: 'sha256 link of the session hash chain.' })
  hash!: string;

  @Field(() => String, { nullable: true })
  prevHash!: string | null;

  @Field(() => JSONScalar, { middleware: [contentAccess], description: 'The full envelope: source, trace context and typed `data`. Values masked without the analyst role.' })
  event!: unknown;
}

@ObjectType('Session', { description: 'One MCP connection between a client and a server.' })
export class SessionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'The host\'s or importer\'s own id for this session.' })
  externalId!: string | null;

  @Field(() => String, { nullable: true, description: 'Mcp-Session-Id of Streamable HTTP, when there was one.' })
  mcpSessionId!: string | null;

  @Field(() => String, { nullable: true })
  protocolVersion!: string | null;

  @Field(() => String, { nullable: true, description: 'emitter, proxy, host or importer.' })
  sourceKind!: string | null;

  @Field(() => String, { nullable: true })
  agent!: string | null;

  @Field(() => String, { nullable: true })
  host!: string | null;

  @Field(() => String, { nullable: true })
  transport!: string | null;

  @Field(() => ImplementationModel)
  client!: ImplementationModel;

  @Field(() => ImplementationModel)
  server!: ImplementationModel;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date)
  lastEventAt!: Date;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;

  @Field(() => String, { nullable: true })
  endReason!: string | null;

  @Field(() => Int, { description: 'Events recorded so far (highest seq + 1).' })
  eventCount!: number;
}
