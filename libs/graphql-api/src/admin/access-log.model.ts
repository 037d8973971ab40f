import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/page.model';

@ObjectType({ description: 'One request to the ledger: who asked what, and the answer it got.' })
export class AccessLogEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field({ description: 'key:<name>, jwt:<sub>, or anonymous for refused requests without a token.' })
  subject!: string;

  @Field()
  tokenId!: string;

  @Field(() => [String])
  roles!: string[];

  @Field({ description: 'graphql, export, integrity, ingest, approvals, …' })
  interface!: string;

  @Field()
  method!: string;

  @Field()
  path!: string;

  @Field({ description: 'GraphQL operation name (or "anonymous").' })
  operation!: string;

  @Field({ description: 'The GraphQL document, up to 4,000 characters.' })
  query!: string;

  @Field()
  querySha256!: string;

  @Field({ description: 'The variables as JSON, up to 2,000 characters.' })
  variables!: string;

  @Field(() => Int)
  status!: number;

  @Field({ description: 'ok, refused (401/403/429) or error.' })
  outcome!: string;

  @Field({ description: 'unauthenticated, invalid_token, token_expired, forbidden, rate_limited, issuer_unavailable, or empty.' })
  errorCode!: string;

  @Field(() => Int)
  durationMs!: number;

  @Field()
  clientIp!: string;

  sortKey!: string;
}

@ObjectType()
export class AccessLogEdge {
  @Field()
  cursor!: string;

  @Field(() => AccessLogEntryModel)
  node!: AccessLogEntryModel;
}

@ObjectType()
export class AccessLogConnection {
  @Field(() => [AccessLogEdge])
  edges!: AccessLogEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType()
export class AccessLogFilter {
  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  interface?: string | null;

  @Field(() => String, { nullable: true, description: 'ok, refused or error.' })
  outcome?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}
