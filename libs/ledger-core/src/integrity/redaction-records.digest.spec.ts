import { describe, expect, it } from 'vitest';
import { redactionRecordsDigest, type RedactionRecordRow } from './redaction-records.digest';

const record = (seq: number, id: string, stored: string): RedactionRecordRow => ({
  seq,
  id,
  ledgerRedaction: `{"by":"ledger","redactions":[{"detector":"github_token","path":"/data/arguments/note"}],"stored_hash":"sha256:${stored.repeat(64)}","version":1}`,
});
const records = [record(1, 'e-1', 'a'), record(7, 'e-7', 'b')];

describe('redactionRecordsDigest', () => {
  it("is '' for a prefix without records, and a sha256 reference otherwise, whatever order the rows come in", () => {
    expect(redactionRecordsDigest([])).toBe('');
    expect(redactionRecordsDigest(records)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(redactionRecordsDigest([...records].reverse())).toBe(redactionRecordsDigest(records));
  });

  it('changes when a record is rewritten, moved to another event or seq, dropped or added', () => {
    const digest = redactionRecordsDigest(records);
    const variants = [
      [record(1, 'e-1', 'c'), records[1]!],
      [{ ...records[0]!, id: 'e-2' }, records[1]!],
      [{ ...records[0]!, seq: 2 }, records[1]!],
      [records[1]!],
      [...records, record(3, 'e-3', 'a')],
    ];
    for (const variant of variants) expect(redactionRecordsDigest(variant)).not.toBe(digest);
  });
});
