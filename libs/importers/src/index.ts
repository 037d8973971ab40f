/**
 * @mcp-ledger/importers — pure converters from foreign trace formats to ledger events.
 * Readers of files live in the tools and apps that use these; nothing here does I/O.
 *
 * @example
 * const read = readInjectionTraceLine(line);
 * if (read.ok) await send(injectionTraceToEvents(read.trace, { tenant: 'eval' }));
 */
export { contentRefOf, textToolResult } from './content-ref';
export { deterministicEventId } from './deterministic-id';
export { injectionTraceToEvents, type ImportTraceOptions } from './injection-trace.importer';
export {
  InjectionTrace,
  InjectionTraceEvent,
  readInjectionTraceLine,
  splitJsonLines,
  type ReadTraceResult,
} from './injection-trace.schema';
