import { toClickHouseTime } from '@mcp-ledger/projections';
import { decodeTimeCursor } from './cursor';

/**
 * The optional filters of a read, as fixed SQL fragments with bound parameters: a filter
 * value never becomes SQL text. `sql()` gives the `AND …` tail to put after the tenant
 * predicate.
 */
export class WhereClause {
  private readonly conditions: string[] = [];
  readonly params: Record<string, unknown> = {};

  /** `condition` names its parameter, e.g. `tool_name = {tool:String}` with name `tool`. */
  add(condition: string, name: string, value: unknown): this {
    this.conditions.push(condition);
    this.params[name] = value;
    return this;
  }

  /** `column >= from AND column < to`, each bound only when given. */
  timeRange(column: string, from: Date | null | undefined, to: Date | null | undefined): this {
    if (from) this.add(`${column} >= {from:DateTime64(3, 'UTC')}`, 'from', toClickHouseTime(from.toISOString()));
    if (to) this.add(`${column} < {to:DateTime64(3, 'UTC')}`, 'to', toClickHouseTime(to.toISOString()));
    return this;
  }

  /** Newest-first paging: rows strictly before the `(time, id)` of a cursor this handler issued. */
  before(timeColumn: string, idColumn: string, cursor: string | undefined): this {
    if (!cursor) return this;
    const [time, id] = decodeTimeCursor(cursor, 2);
    this.params['afterId'] = id;
    return this.add(`(${timeColumn}, ${idColumn}) < ({afterTime:DateTime64(3, 'UTC')}, {afterId:String})`, 'afterTime', time);
  }

  sql(): string {
    return this.conditions.map((condition) => `AND ${condition}`).join(' ');
  }
}
