import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '../common/json.scalar';
import { ToolCallModel } from '../tool-calls/tool-call.model';
import { contentAccess } from '../common/content-access';

export enum Origin {
  USER = 'USER',
  CONTENT = 'CONTENT',
  MIXED = 'MIXED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(Origin, {
  name: 'Origin',
  description:
    "Where a call's arguments come from. USER: the user's own request. CONTENT: content the agent read (tool results, resources). " +
    'MIXED: both. UNKNOWN: neither could be shown.',
});

@ObjectType('ProvenanceSource', { description: 'An earlier content item a call derives from.' })
export class ProvenanceSourceModel {
  @Field(() => Int, { description: 'Seq of the event that brought the content into the session.' })
  seq!: number;

  @Field(() => Float, { description: 'How strongly the call derives from it, 0..1.' })
  score!: number;

  @Field({ description: 'tool_result, resource, prompt, sampling, user_prompt, …' })
  kind!: string;

  @Field()
  contentHash!: string;

  @Field(() => JSONScalar, { middleware: [contentAccess], description: 'Why: matched values or spans, and where they first appeared. Values masked without the analyst role.' })
  evidence!: unknown;

  /** For the resolvers: the session the source belongs to, and how many hops `upstream` may still take. */
  sessionId!: string;
  remainingDepth!: number;
}

@ObjectType('Provenance', { description: "A call's provenance: the verdict and its sources, strongest first." })
export class ProvenanceModel {
  @Field(() => Origin)
  origin!: Origin;

  @Field()
  injectionSuspected!: boolean;

  @Field(() => Float, { description: 'Injection score, 0..1.' })
  score!: number;

  @Field(() => [ProvenanceSourceModel])
  sources!: ProvenanceSourceModel[];

  /** For the resolvers: which call this is, and how many more hops `upstream` may take. */
  sessionId!: string;
  callId!: string;
  remainingDepth!: number;
}

@ObjectType('ImpactedCall', { description: 'A call that derives from a content item, directly or through other calls.' })
export class ImpactedCallModel {
  @Field(() => ToolCallModel)
  call!: ToolCallModel;

  @Field(() => Int, { description: '1: derives from the content itself; 2: from the result of a call at depth 1; …' })
  depth!: number;

  @Field(() => Float)
  score!: number;

  @Field({ description: 'The content hash this call derives from at this hop.' })
  viaContentHash!: string;
}
