import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventJsonSchema } from './json-schema';

describe('docs/events.schema.json', () => {
  it('is the schema the code accepts (regenerate: npx mcp-ledger schema > docs/events.schema.json)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'events.schema.json'), 'utf8'));
    expect(published).toEqual(eventJsonSchema());
  });
});
