import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '../common/json.scalar';
import { PageInfo } from '../common/page.model';
import { contentAccess } from '../common/content-access';

export enum ToolCallStatus {
  PENDING = 'PENDING',
  OK = 'OK',
  TOOL_ERROR = 'TOOL_ERROR',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ToolCallStatus, {
  name: 'ToolCallStatus',
  description:
    'PENDING: no outcome recorded yet. OK: the tool answered. TOOL_ERROR: the tool answered with isError. ' +
    'FAILED: a JSON-RPC error (unknown tool, invalid arguments, server failure). CANCELLED: the caller cancelled it.',
  valuesMap: {},
});

@ObjectType({ description: 'A JSON-RPC error as the server returned it.' })
export class RpcErrorModel {
  @Field(() => Int, { nullable: true })
  code!: number | null;

  @Field(() => String, { nullable: true })
  message!: string | null;
}

@ObjectType('ToolCallTask', { description: 'The task the host named when it made the call (source.task of the request).' })
export class ToolCallTaskModel {
  @Field()
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType('ToolCall', { description: 'One tools/call: its request and its outcome.' })
export class ToolCallModel {
  @Field(() => ID, { description: 'Opaque id; use with `toolCall(id:)`.' })
  id!: string;

  @Field({ description: 'The call id within its session (emitter-assigned, or the importer\'s own).' })
  callId!: string;

  @Field(() => Int, { nullable: true, description: 'Sequence number of the request event in its session.' })
  seq!: number | null;

  @Field()
  sessionId!: string;

  @Field(() => String, { nullable: true, description: 'JSON-RPC id of the request.' })
  requestId!: string | null;

  @Field(() => String, { nullable: true })
  serverName!: string | null;

  @Field(() => String, { nullable: true })
  agent!: string | null;

  @Field(() => ToolCallTaskModel, { nullable: true, description: 'null when the host sent no task.' })
  task!: ToolCallTaskModel | null;

  @Field(() => String, { nullable: true })
  toolName!: string | null;

  @Field(() => JSONScalar, { nullable: true, middleware: [contentAccess], description: 'Arguments as recorded (after redaction); values masked without the analyst role.' })
  arguments!: unknown;

  @Field(() => String, { nullable: true })
  argumentsHash!: string | null;

  @Field(() => ToolCallStatus)
  status!: ToolCallStatus;

  @Field({ description: 'True when the tool answered with isError.' })
  isError!: boolean;

  @Field(() => RpcErrorModel, { nullable: true })
  error!: RpcErrorModel | null;

  @Field(() => Float, { nullable: true })
  durationMs!: number | null;

  @Field(() => Date, { nullable: true })
  requestedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Hash of the tool definition in force when the call ran.' })
  toolDefinitionHash!: string | null;

  /** Resolved lazily from `contents`. */
  resultHash!: string | null;
  /** Seq of the result event: where this call's output entered the session. */
  responseSeq!: number | null;
  /** The provenance verdict, once the session was analysed. */
  verdict!: { origin: string; injectionSuspected: boolean; score: number } | null;
  sortKey!: string;
}

@ObjectType()
export class ToolCallEdge {
  @Field()
  cursor!: string;

  @Field(() => ToolCallModel)
  node!: ToolCallModel;
}

@ObjectType()
export class ToolCallConnection {
  @Field(() => [ToolCallEdge])
  edges!: ToolCallEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
