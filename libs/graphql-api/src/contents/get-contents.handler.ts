import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { TenantReader } from '../common/tenant-reader';
import type { ContentModel } from './content.model';
import { GetContentsQuery } from './get-contents.query';

interface ContentRecord {
  hash: string;
  kind: string;
  mime_type: string | null;
  size_bytes: string | number;
  truncated: number | string;
  body: string;
  first_seen_at: string;
}

function parseBody(text: string, truncated: boolean): unknown {
  if (truncated) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

@QueryHandler(GetContentsQuery)
export class GetContentsHandler implements IQueryHandler<GetContentsQuery, ContentModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, hashes }: GetContentsQuery): Promise<ContentModel[]> {
    if (hashes.length === 0) return [];
    const rows = await this.reader.select<ContentRecord>(
      caller,
      `SELECT hash, kind, mime_type, size_bytes, truncated, body, first_seen_at FROM contents FINAL
       WHERE tenant = {tenant:String} AND hash IN {hashes:Array(String)}`,
      { hashes: [...new Set(hashes)] },
    );
    return rows.map((row) => {
      const truncated = Number(row.truncated) === 1;
      return {
        hash: row.hash,
        kind: row.kind,
        mimeType: row.mime_type,
        sizeBytes: Number(row.size_bytes),
        truncated,
        body: parseBody(row.body, truncated),
        text: row.body,
        firstSeenAt: new Date(fromClickHouseTime(row.first_seen_at)),
      };
    });
  }
}
