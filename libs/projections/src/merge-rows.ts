import { PROJECTION_LAYOUTS, type MergeRule, type TableLayout } from './table-layouts';
import { PROJECTION_TABLES, type ProjectionRows } from './projection-rows';

type Cell = string | number | null;

/**
 * ClickHouse orders String keys by their bytes; UTF-8 byte order is code point order,
 * which plain `<` on UTF-16 code units breaks for characters above U+FFFF.
 */
export function compareKeys(left: readonly Cell[], right: readonly Cell[]): number {
  for (let i = 0; i < left.length; i += 1) {
    const order = compareCells(left[i] ?? null, right[i] ?? null);
    if (order !== 0) return order;
  }
  return 0;
}

function compareCells(left: Cell, right: Cell): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return compareCodePoints(String(left), String(right));
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

/**
 * Code point order without materialising code point arrays (this runs for every row of
 * every batch): UTF-16 unit order only differs from it where the first differing unit is
 * part of a surrogate pair, and only there do we decode.
 */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (!isSurrogate(x) && !isSurrogate(y)) return x - y;
    return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
  }
  return a.length - b.length;
}

/**
 * Combines rows sharing a sorting key exactly as an AggregatingMergeTree merge of
 * SimpleAggregateFunction columns does (NULLs skipped; `any` keeps the first non-null in
 * input order), and returns them sorted by key. Because min/max are order-free and the
 * projections only ever feed one value per `any` column and key, the result does not
 * depend on how events were split into batches or on re-delivered duplicates.
 */
export function mergeRows<Row extends object>(rows: readonly Row[], layout: TableLayout<Row>): Row[] {
  const columns = Object.keys(layout) as (keyof Row & string)[];
  const keyColumns = columns.filter((column) => layout[column] === 'key');
  const groups = new Map<string, { key: Cell[]; row: Record<string, Cell> }>();
  for (const row of rows) {
    const cells = row as unknown as Record<string, Cell>;
    const key = keyColumns.map((column) => cells[column] ?? null);
    const id = JSON.stringify(key);
    const group = groups.get(id);
    if (!group) {
      groups.set(id, { key, row: Object.fromEntries(columns.map((column) => [column, cells[column] ?? null])) });
      continue;
    }
    for (const column of columns) {
      group.row[column] = combine(layout[column], group.row[column] ?? null, cells[column] ?? null);
    }
  }
  return [...groups.values()].sort((a, b) => compareKeys(a.key, b.key)).map((group) => group.row as unknown as Row);
}

function combine(rule: MergeRule, kept: Cell, next: Cell): Cell {
  if (next === null) return kept;
  if (kept === null) return next;
  switch (rule) {
    case 'key':
    case 'any':
      return kept;
    case 'min':
      return compareCells(next, kept) < 0 ? next : kept;
    case 'max':
      return compareCells(next, kept) > 0 ? next : kept;
  }
}

/**
 * Merges the projections of several batches into one, as the tables will hold them once
 * the engine has merged their parts: use it to coalesce micro-batches before one insert,
 * or to predict what `SELECT … FINAL` returns.
 */
export function mergeProjections(parts: readonly ProjectionRows[]): ProjectionRows {
  const merged = {} as Record<keyof ProjectionRows, unknown[]>;
  for (const table of PROJECTION_TABLES) {
    const rows = parts.flatMap((part) => part[table] as object[]);
    merged[table] = mergeRows(rows, PROJECTION_LAYOUTS[table] as TableLayout<object>);
  }
  return merged as ProjectionRows;
}
