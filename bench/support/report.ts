/**
 * Output helpers. A benchmark prints; it never fails a run over a timing (STYLE.md
 * habit 11), so a missed target is reported as "missed", not thrown.
 */

export interface ResultRow {
  metric: string;
  baseline: string;
  candidate: string;
  ratio: number;
  /** Human form of the target, e.g. "≤ 1.05". */
  target: string;
  /** Absent for informative rows that have no target. */
  met?: boolean;
  /** Spread of the per-repetition ratios, to show how far to trust the median. */
  spread?: string;
}

export function progress(scope: string): (line: string) => void {
  return (line) => process.stderr.write(`[${scope}] ${line}\n`);
}

export const verdict = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : 'MISSED');

export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['metric', 'baseline', 'candidate', 'ratio', 'ratio range', 'target', 'verdict'];
  const body = rows.map((r) => [r.metric, r.baseline, r.candidate, r.ratio.toFixed(3), r.spread ?? '', r.target, verdict(r.met)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

export const micros = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
export const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')} ev/s`;
export const ratioRange = (ratios: readonly number[]) => `${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`;
