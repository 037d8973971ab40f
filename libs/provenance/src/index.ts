/**
 * @mcp-ledger/provenance — links each tool call to the earlier content it derives from,
 * and flags calls that content (not the user) caused. Pure: events in, verdicts out.
 *
 * @example
 * for (const verdict of analyseSession(events)) {
 *   if (verdict.injectionSuspected) console.log(verdict.callId, verdict.sources[0]?.seq);
 * }
 */
export { analyseSession, ProvenanceTracker } from './provenance-tracker';
export { SESSION_BOUNDS } from './session-state';
export { MAX_SOURCES_PER_CALL, SUSPICION_THRESHOLD } from './score-call';
export { readInstruction, type InstructionReading } from './instruction-cues';
export { argumentValues } from './argument-values';
export { contentText } from './content-text';
export { isDelegatingPrompt } from './delegation';
export type { ArgumentValue, CallOrigin, CallVerdict, ProvenanceEvidence, ProvenanceSource, ValueKind } from './types';
export {
  scoreTrace,
  aggregate,
  variantOf,
  type CallPrediction,
  type TraceLabels,
  type TraceScore,
  type SliceMetrics,
  type ScoredTrace,
} from './evaluation/metrics';
