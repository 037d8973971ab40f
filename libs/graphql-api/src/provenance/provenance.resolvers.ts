import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../common/request-context';
import { ContentModel } from '../contents/content.model';
import { ToolCallModel } from '../tool-calls/tool-call.model';
import { checkDepth } from './provenance.handlers';
import { callKey } from './provenance-edges.reader';
import { ImpactedCallModel, Origin, ProvenanceModel, ProvenanceSourceModel } from './provenance.model';
import { QueryBus } from '@nestjs/cqrs';
import { ContentImpactQuery } from './provenance.queries';

const ORIGINS = new Set<string>(Object.values(Origin));

async function provenanceOf(call: ToolCallModel, depth: number, context: RequestContext): Promise<ProvenanceModel | null> {
  if (!call.verdict) return null;
  const sources = await context.loaders.provenanceSources.load(callKey(call.sessionId, call.callId));
  return {
    origin: (ORIGINS.has(call.verdict.origin.toUpperCase()) ? call.verdict.origin.toUpperCase() : Origin.UNKNOWN) as Origin,
    injectionSuspected: call.verdict.injectionSuspected,
    score: call.verdict.score,
    sources: sources.map((source) => ({ ...source, remainingDepth: depth - 1 })),
    sessionId: call.sessionId,
    callId: call.callId,
    remainingDepth: depth - 1,
  };
}

@Resolver(() => ToolCallModel)
export class ToolCallProvenanceResolver {
  @ResolveField(() => ProvenanceModel, {
    nullable: true,
    description:
      'Backward: which earlier content this call derives from, strongest first; `depth` > 1 follows sources that were ' +
      "other calls' results (`sources.upstream`). Null until the session was analysed.",
  })
  provenance(
    @Parent() call: ToolCallModel,
    @Context() context: RequestContext,
    @Args('depth', { type: () => Int, defaultValue: 1 }) depth: number,
  ): Promise<ProvenanceModel | null> {
    checkDepth(depth);
    return provenanceOf(call, depth, context);
  }
}

@Resolver(() => ProvenanceSourceModel)
export class ProvenanceSourceResolver {
  @ResolveField(() => ToolCallModel, { nullable: true, description: 'The call whose result this content was, if any.' })
  producedBy(@Parent() source: ProvenanceSourceModel, @Context() context: RequestContext): Promise<ToolCallModel | null> {
    return source.kind === 'tool_result' ? context.loaders.callByResultSeq.load(`${source.sessionId}\u0000${source.seq}`) : Promise.resolve(null);
  }

  @ResolveField(() => ProvenanceModel, { nullable: true, description: "The producing call's own provenance, within the depth asked for." })
  async upstream(@Parent() source: ProvenanceSourceModel, @Context() context: RequestContext): Promise<ProvenanceModel | null> {
    if (source.remainingDepth < 1 || source.kind !== 'tool_result') return null;
    const producer = await context.loaders.callByResultSeq.load(`${source.sessionId}\u0000${source.seq}`);
    return producer ? provenanceOf(producer, source.remainingDepth, context) : null;
  }

  @ResolveField(() => ContentModel, { nullable: true })
  content(@Parent() source: ProvenanceSourceModel, @Context() context: RequestContext): Promise<ContentModel | null> {
    return context.loaders.content.load(source.contentHash);
  }
}

@Resolver(() => ContentModel)
export class ContentResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => ContentModel, { nullable: true, description: 'A content item by its hash (sha256:…).' })
  content(@Context() context: RequestContext, @Args('hash') hash: string): Promise<ContentModel | null> {
    return context.loaders.content.load(hash);
  }

  @ResolveField(() => [ImpactedCallModel], {
    description:
      'Forward: every call influenced by this content, across sessions, following influenced calls\' results up to `depth` hops ' +
      '(at most `first` calls).',
  })
  impact(
    @Parent() content: ContentModel,
    @Context() context: RequestContext,
    @Args('depth', { type: () => Int, defaultValue: 1 }) depth: number,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
  ): Promise<ImpactedCallModel[]> {
    return this.queryBus.execute(new ContentImpactQuery(context.caller, content.hash, depth, first));
  }
}
