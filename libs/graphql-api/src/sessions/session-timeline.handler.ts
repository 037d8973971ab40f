import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { badInput } from '../common/api-errors';
import { MAX_PAGE_SIZE } from '../common/page.model';
import { TenantReader } from '../common/tenant-reader';
import type { LedgerEventModel } from './session.model';
import { SessionTimelineQuery } from './session-timeline.query';

interface EventRecord {
  id: string;
  type: string;
  seq: string | number;
  time: string;
  hash: string;
  prev_hash: string;
  payload: string;
}

@QueryHandler(SessionTimelineQuery)
export class SessionTimelineHandler implements IQueryHandler<SessionTimelineQuery, LedgerEventModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, sessionId, first, afterSeq }: SessionTimelineQuery): Promise<LedgerEventModel[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    // The bloom filter on session_id skips granules of other sessions.
    const rows = await this.reader.select<EventRecord>(
      caller,
      `SELECT id, type, seq, time, hash, prev_hash, payload FROM events FINAL
       WHERE tenant = {tenant:String} AND session_id = {sessionId:String} AND seq > {afterSeq:Int64}
       ORDER BY seq, id LIMIT {limit:UInt32}`,
      { sessionId, afterSeq: afterSeq ?? -1, limit: first },
    );
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      seq: Number(row.seq),
      time: new Date(fromClickHouseTime(row.time)),
      hash: row.hash,
      prevHash: row.prev_hash === '' ? null : row.prev_hash,
      event: JSON.parse(row.payload),
    }));
  }
}
