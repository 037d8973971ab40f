/**
 * Measures the tool-poisoning scanner on a labelled tool-definitions file: precision,
 * recall and F1 overall and per category, with and without the weak `other` category,
 * the share of plain benign and hard-negative definitions flagged, and each
 * misclassified id with its strongest finding. Targets are reported, not asserted.
 *
 *   node scripts/build.mjs && node dist/tools/tool-poisoning-eval.js [FILE] [--verbose]
 */
import { readFileSync } from 'node:fs';
import { scanToolDefinition, type ScanResult, type ToolDefinition } from '@mcp-ledger/inventory';
import { detection, flaggedShare, perCategory, type LabelledVerdict, type Prf } from './tool-poisoning-metrics';

const DEFAULT_FILE = '/work/shared/datasets/tool-definitions/dev.jsonl';

interface Row {
  id: string;
  server: string;
  label: 'poisoned' | 'benign';
  category: string;
  tool: ToolDefinition;
}

function readRows(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const row = JSON.parse(line) as Partial<Row>;
      if (typeof row.id !== 'string' || typeof row.server !== 'string' || row.tool === undefined || typeof row.tool.name !== 'string') {
        throw new Error(`${path}:${index + 1}: expected id, server and tool.name`);
      }
      return row as Row;
    });
}

const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
const line = (name: string, m: Prf): string =>
  `${name.padEnd(22)} P ${m.precision.toFixed(3)}  R ${m.recall.toFixed(3)}  F1 ${m.f1.toFixed(3)}   (tp ${m.tp}, fp ${m.fp}, fn ${m.fn})`;

function main(): void {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const file = args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_FILE;
  const rows = readRows(file);
  const toolsByServer = new Map<string, string[]>();
  for (const row of rows) toolsByServer.set(row.server, [...(toolsByServer.get(row.server) ?? []), row.tool.name]);

  const started = process.hrtime.bigint();
  const results = new Map<string, ScanResult>();
  const verdicts: LabelledVerdict[] = rows.map((row) => {
    // The scanner sees only server and tool; siblings are the other tools of that server in the file.
    const siblingTools = [...new Set(toolsByServer.get(row.server))].filter((name) => name !== row.tool.name);
    const result = scanToolDefinition({ server: row.server, tool: row.tool }, { siblingTools });
    results.set(row.id, result);
    return { id: row.id, label: row.label, category: row.category, flagged: result.poisoned, predicted: result.findings[0]?.category };
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;

  console.log(`tool-poisoning eval: ${file} — ${rows.length} definitions scanned in ${ms.toFixed(0)} ms\n`);
  console.log(line('overall', detection(verdicts)));
  console.log(line('without "other"', detection(verdicts.filter((row) => row.category !== 'other'))));
  console.log('\nper category — detection (slice vs all benign) | typing (top finding category)');
  for (const row of perCategory(verdicts)) {
    console.log(`${line(`  ${row.category} (${row.gold})`, row.detection)} | typing P ${row.typing.precision.toFixed(2)} R ${row.typing.recall.toFixed(2)}`);
  }
  const benign = flaggedShare(verdicts, 'benign');
  const hard = flaggedShare(verdicts, 'benign_hard_negative');
  console.log(`\nplain benign flagged:   ${benign.flagged}/${benign.total} (${pct(benign.total === 0 ? 0 : benign.flagged / benign.total)})`);
  console.log(`hard negatives flagged: ${hard.flagged}/${hard.total} (${pct(hard.total === 0 ? 0 : hard.flagged / hard.total)})`);

  const wrong = verdicts.filter((row) => row.flagged !== (row.label === 'poisoned'));
  console.log(`\nmisclassified (${wrong.length}):`);
  for (const row of wrong) {
    const result = results.get(row.id) as ScanResult;
    const top = result.findings[0];
    const evidence = top === undefined ? 'no finding' : `${top.category}/${top.signal} ${top.weight} @${top.span.field} — ${top.why}`;
    console.log(`  ${row.flagged ? 'FP' : 'FN'} ${row.id} [${row.category}] score ${result.score.toFixed(2)}: ${evidence}`);
    if (verbose) for (const finding of result.findings.slice(1)) console.log(`       ${finding.signal} ${finding.weight}: ${finding.why}`);
  }
}

main();
