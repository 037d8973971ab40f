/** What a tool advertises in `tools/list`; only these fields are read. */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  annotations?: unknown;
}

export interface ScanInput {
  server: string;
  tool: ToolDefinition;
}

export interface ScanOptions {
  /** Names of the other tools the same server listed: references to them are shadowing. */
  siblingTools?: readonly string[];
}

export type PoisoningCategory =
  | 'hidden_instruction'
  | 'secret_exfiltration'
  | 'tool_shadowing'
  | 'unicode_hidden'
  | 'concealment'
  | 'other';

export interface FindingSpan {
  /** `description`, `title`, `name`, `annotations.x` or a JSON path such as `inputSchema.properties.path.description`. */
  field: string;
  /** UTF-16 offsets into the original string of that field. */
  start: number;
  end: number;
  /** What a reviewer reads: the visible (or decoded) text of the span. */
  text: string;
}

export interface PoisoningFinding {
  category: PoisoningCategory;
  span: FindingSpan;
  why: string;
  /** How much this finding alone moves the score (0..1). */
  weight: number;
  /** Stable name of the signal that raised it, for metrics and suppression. */
  signal: string;
}

export interface ScanResult {
  poisoned: boolean;
  /** Noisy-OR of the strongest finding per signal; `poisoned` when ≥ POISONED_THRESHOLD. */
  score: number;
  /** Strongest first. */
  findings: PoisoningFinding[];
}
