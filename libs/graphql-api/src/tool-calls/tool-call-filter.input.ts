import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { ToolCallStatus } from './tool-call.model';

export enum SortOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortOrder, { name: 'SortOrder', description: 'By time the call was made.' });

@InputType({ description: 'All given conditions must hold.' })
export class ToolCallFilter {
  @Field(() => Date, { nullable: true, description: 'Calls made at or after this time.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Calls made before this time.' })
  to?: Date;

  @Field(() => String, { nullable: true })
  sessionId?: string;

  @Field(() => String, { nullable: true })
  serverName?: string;

  @Field(() => String, { nullable: true })
  toolName?: string;

  @Field(() => String, { nullable: true, description: 'Calls the host made for this task (source.task.id).' })
  task?: string;

  @Field(() => [ToolCallStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: ToolCallStatus[];

  @Field(() => String, { nullable: true, description: 'Case-insensitive text that must appear in the arguments.' })
  argumentsContain?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only calls the provenance engine flagged (true) or cleared (false).' })
  injectionSuspected?: boolean;
}
