import { Query } from '@nestjs/cqrs';
import type { ExportParams } from './export-params';
import type { ExportPosition } from './export-cursor';

/** One page of a tenant's export, in ingest order. */
export interface ExportPage {
  /** NDJSON lines, each a whole record. */
  lines: string[];
  /** Resume here: the position of the last event of this page (the request's own when empty). */
  next: ExportPosition;
  /** The page was full: ask again with `next` right away. */
  hasMore: boolean;
  events: number;
  findings: number;
}

export class ExportPageQuery extends Query<ExportPage> {
  constructor(
    readonly tenant: string,
    readonly params: ExportParams,
  ) {
    super();
  }
}
