import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../common/json.scalar';
import { PageInfo } from '../common/page.model';
import { contentAccess } from '../common/content-access';

@ObjectType('Finding', { description: 'Something a detection raised, with the evidence and what it is about.' })
export class FindingModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'injection_suspected, …' })
  kind!: string;

  @Field({ description: 'info, low, medium, high, critical' })
  severity!: string;

  @Field()
  summary!: string;

  @Field(() => JSONScalar, { middleware: [contentAccess], description: 'What was seen; values masked without the analyst role.' })
  evidence!: unknown;

  @Field(() => Date)
  raisedAt!: Date;

  @Field()
  sessionId!: string;

  @Field(() => String, { nullable: true })
  callId!: string | null;

  sortKey!: string;
}

@ObjectType()
export class FindingEdge {
  @Field()
  cursor!: string;

  @Field(() => FindingModel)
  node!: FindingModel;
}

@ObjectType()
export class FindingConnection {
  @Field(() => [FindingEdge])
  edges!: FindingEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType({ description: 'All given conditions must hold.' })
export class FindingFilter {
  @Field(() => [String], { nullable: true })
  kind?: string[];

  @Field(() => [String], { nullable: true })
  severity?: string[];

  @Field(() => String, { nullable: true })
  sessionId?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}
