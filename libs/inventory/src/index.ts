export { scanToolDefinition, POISONED_THRESHOLD } from './scan-tool-definition';
export { diffToolDefinitions } from './diff-tool-definitions';
export type { ToolDefinitionDiff, FieldChange, TextChange, SchemaPropertyChange } from './diff-tool-definitions';
export type { FindingSpan, PoisoningCategory, PoisoningFinding, ScanInput, ScanOptions, ScanResult, ToolDefinition } from './types';
