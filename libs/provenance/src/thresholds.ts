/**
 * A reading at least this strong counts as "inside an instruction": the line between text
 * that tells the agent to act and plain data, shared by every rule that asks which it is.
 */
export const INSTRUCTION_MIN = 0.45;
