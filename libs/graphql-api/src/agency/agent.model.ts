import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AgentTool', { description: "A tool an agent was granted (listed in its sessions) or used (called), with the tool's risk." })
export class AgentToolModel {
  @Field({ description: 'Server name, as recorded (`unknown` when no session named it).' })
  server!: string;

  @Field()
  name!: string;

  @Field({ description: 'low, medium, high or critical: classifyToolRisk on the latest definition (name and annotations).' })
  risk!: string;

  @Field(() => [String], { description: 'What the tool does: read, write, delete, send, execute.' })
  actions!: string[];

  @Field({ description: "Listed (tools/list) in at least one of the agent's sessions." })
  granted!: boolean;

  @Field({ description: 'Called at least once by the agent.' })
  used!: boolean;

  @Field(() => Int, { description: 'Calls made by the agent.' })
  calls!: number;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;
}

@ObjectType('AgentToolRisk', { description: 'A granted tool and its risk.' })
export class AgentToolRiskModel {
  @Field()
  server!: string;

  @Field()
  name!: string;

  @Field()
  risk!: string;

  @Field(() => [String])
  actions!: string[];
}

@ObjectType('AgentTask', {
  description:
    'One task of an agent (source.task, sent by the host): the tools granted in its sessions versus the tools ' +
    'its calls used. Same shape as Agent, narrowed to the task.',
})
export class AgentTaskModel {
  @Field({ description: 'The task id the host sent (source.task.id).' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The task name the host sent, if any (source.task.name).' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'The agent the task belongs to; null: sessions that recorded no agent name.' })
  agent!: string | null;

  @Field(() => Int, { description: 'Sessions recorded for this task of the agent.' })
  sessions!: number;

  @Field(() => [AgentToolModel], { description: 'Every tool granted or used in this task, by server then name.' })
  tools!: AgentToolModel[];

  @Field(() => [AgentToolRiskModel], { description: 'Granted in this task, never used in it, and high or critical risk.' })
  unusedHighRisk!: AgentToolRiskModel[];
}

@ObjectType('Agent', {
  description:
    'What an agent (source.agent of its sessions) could do versus what it did: the least-privilege gap, ' +
    'in the spirit of cloud IAM access analyzers.',
})
export class AgentModel {
  @Field(() => String, { nullable: true, description: 'null: sessions that recorded no agent name.' })
  name!: string | null;

  @Field(() => Int, { description: 'Sessions recorded for this agent.' })
  sessions!: number;

  @Field(() => [AgentToolModel], { description: 'Every tool granted or used, by server then name.' })
  tools!: AgentToolModel[];

  @Field(() => [AgentToolRiskModel], { description: 'Granted, never used, and high or critical risk: candidates to take away.' })
  unusedHighRisk!: AgentToolRiskModel[];

  @Field(() => [AgentTaskModel], {
    description: 'The same report per task, for the tasks the host named (source.task); sessions without a task count only for the agent.',
  })
  tasks!: AgentTaskModel[];
}
