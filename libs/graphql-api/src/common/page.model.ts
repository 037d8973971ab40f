import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Relay-style page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 1000;
