import type { ResultRow } from './report';

/** A figure that is not a ratio (e.g. CPU per event) but still has a target. */
export interface AbsoluteRow {
  metric: string;
  value: string;
  range: string;
  target: string;
  met?: boolean;
}

/** What each benchmark hands to run-all for printing. */
export interface BenchReport {
  title: string;
  rows: ResultRow[];
  absolute: AbsoluteRow[];
  notes: string[];
}
