import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ApprovalStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  DENIED = 'DENIED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ApprovalStatus, { name: 'ApprovalStatus', description: 'EXPIRED: nobody decided before the proxy stopped waiting (the call was refused).' });

export enum ApprovalDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ApprovalDecision, { name: 'ApprovalDecision' });

@ObjectType('Approval', { description: 'A tools/call a proxy held for a reviewer (policy require_approval), and the decision on it.' })
export class ApprovalModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ApprovalStatus)
  status!: ApprovalStatus;

  @Field()
  toolName!: string;

  @Field(() => String, { nullable: true })
  serverName!: string | null;

  @Field(() => String, { nullable: true })
  agent!: string | null;

  @Field({ description: 'Session of the held call; with callId it names the call (`call`).' })
  sessionId!: string;

  @Field()
  callId!: string;

  @Field({ description: 'sha256 of the canonical JSON of { server, tool, arguments }: the approval is valid for exactly this call.' })
  callHash!: string;

  @Field(() => String, { nullable: true, description: 'Why the policy held it.' })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  policyVersion!: string | null;

  @Field(() => [String])
  matchedRules!: string[];

  @Field(() => String, { nullable: true })
  risk!: string | null;

  @Field(() => Date)
  requestedAt!: Date;

  @Field(() => Date, { description: 'When the proxy stops waiting and refuses the call.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'approved, denied or expired; null while pending.' })
  decision!: string | null;

  @Field(() => String, { nullable: true, description: 'Who decided: the principal (`key:<name>`, a JWT subject), or `system` for an expiry.' })
  reviewer!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;
}

@InputType({ description: 'All given conditions must hold.' })
export class ApprovalFilter {
  @Field(() => [ApprovalStatus], { nullable: true })
  status?: ApprovalStatus[];

  @Field(() => String, { nullable: true })
  toolName?: string;

  @Field(() => String, { nullable: true })
  serverName?: string;

  @Field(() => String, { nullable: true })
  sessionId?: string;

  @Field(() => String, { nullable: true })
  reviewer?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}

@ObjectType('ToolDefinitionApproval', { description: 'An admin approved this definition of a tool: proxies pinning definitions let calls to it through.' })
export class ToolDefinitionApprovalModel {
  @Field()
  serverName!: string;

  @Field()
  toolName!: string;

  @Field()
  definitionHash!: string;

  @Field()
  reviewer!: string;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date)
  approvedAt!: Date;
}

export const MAX_APPROVALS = 500;
