const CLICKHOUSE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,9})?$/;

/**
 * ISO 8601 (any offset) → ClickHouse `DateTime64(3, 'UTC')` text `YYYY-MM-DD HH:MM:SS.mmm`.
 * Rows carry this form rather than ISO so that a row read back from either engine
 * compares equal to the row that was inserted, and so that string order is time order.
 * Sub-millisecond digits are dropped, as the column does.
 *
 * @example toClickHouseTime('2026-11-25T11:00:00.5+01:00') // '2026-11-25 10:00:00.500'
 */
export function toClickHouseTime(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new RangeError(`not an ISO 8601 time: ${JSON.stringify(iso)}`);
  const text = new Date(millis).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 23)}`;
}

/**
 * ClickHouse `DateTime64` text in UTC (as both engines print it) → ISO 8601 with `Z`.
 *
 * @example fromClickHouseTime('2026-11-25 10:00:00.500') // '2026-11-25T10:00:00.500Z'
 */
export function fromClickHouseTime(text: string): string {
  const match = CLICKHOUSE_TIME.exec(text);
  if (!match) throw new RangeError(`not a ClickHouse DateTime64 value: ${JSON.stringify(text)}`);
  const fraction = (match[3] ?? '.').slice(1).padEnd(3, '0').slice(0, 3);
  return `${match[1]}T${match[2]}.${fraction}Z`;
}
