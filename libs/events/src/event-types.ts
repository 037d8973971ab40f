import type { z } from 'zod';
import { ContentRef } from './content.schema';
import {
  ElicitationCompletedData,
  ElicitationRequestedData,
  ModelTurnData,
  PromptGotData,
  ResourceReadData,
  SamplingCompletedData,
  SamplingRequestedData,
  UserPromptData,
} from './payloads/content.payloads';
import {
  ApprovalDecidedData,
  ApprovalRequestedData,
  FindingRaisedData,
  PolicyEvaluatedData,
} from './payloads/governance.payloads';
import { DefinitionsListedData, ListChangedData } from './payloads/inventory.payloads';
import { RequestCancelledData, RpcExchangedData, RpcUnmatchedData } from './payloads/rpc.payloads';
import { SessionEndedData, SessionStartedData } from './payloads/session.payloads';
import { ToolCallCompletedData, ToolCallFailedData, ToolCallRequestedData } from './payloads/tool-call.payloads';

/**
 * Every event type and the schema of its `data`. Adding a type is additive; changing a
 * payload incompatibly needs a new `specversion` (consumers dead-letter unknown versions).
 */
export const EVENT_DATA_SCHEMAS = {
  'session.started': SessionStartedData,
  'session.ended': SessionEndedData,
  'tools.listed': DefinitionsListedData,
  'resources.listed': DefinitionsListedData,
  'prompts.listed': DefinitionsListedData,
  'list.changed': ListChangedData,
  'tool_call.requested': ToolCallRequestedData,
  'tool_call.completed': ToolCallCompletedData,
  'tool_call.failed': ToolCallFailedData,
  'resource.read': ResourceReadData,
  'prompt.got': PromptGotData,
  'sampling.requested': SamplingRequestedData,
  'sampling.completed': SamplingCompletedData,
  'elicitation.requested': ElicitationRequestedData,
  'elicitation.completed': ElicitationCompletedData,
  'user.prompt': UserPromptData,
  'model.turn': ModelTurnData,
  'rpc.exchanged': RpcExchangedData,
  'rpc.cancelled': RequestCancelledData,
  'rpc.unmatched': RpcUnmatchedData,
  'policy.evaluated': PolicyEvaluatedData,
  'approval.requested': ApprovalRequestedData,
  'approval.decided': ApprovalDecidedData,
  'finding.raised': FindingRaisedData,
} as const;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_DATA_SCHEMAS) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_DATA_SCHEMAS)[T]>;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_DATA_SCHEMAS, value);
}

export type { ContentRef };
