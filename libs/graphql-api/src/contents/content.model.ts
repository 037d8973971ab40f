import { Field, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../common/json.scalar';
import { contentAccess } from '../common/content-access';

@ObjectType('Content', {
  description: 'Content (a tool result, resource, prompt, …) stored once by the hash of its canonical JSON.',
})
export class ContentModel {
  @Field()
  hash!: string;

  @Field({ description: 'tool_result, resource, prompt, sampling, elicitation, user_prompt or model_turn.' })
  kind!: string;

  @Field(() => String, { nullable: true })
  mimeType!: string | null;

  @Field(() => Int, { description: 'Size of the whole content, even when `body` was truncated.' })
  sizeBytes!: number;

  @Field()
  truncated!: boolean;

  @Field(() => JSONScalar, { nullable: true, middleware: [contentAccess], description: 'The content as JSON; null when truncated (see `text`). Masked without the analyst role.' })
  body!: unknown;

  @Field({ middleware: [contentAccess], description: 'The stored canonical JSON text, possibly truncated. Masked without the analyst role.' })
  text!: string;

  @Field(() => Date)
  firstSeenAt!: Date;
}
