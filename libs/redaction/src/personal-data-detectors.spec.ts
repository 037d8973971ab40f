import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA_DETECTORS } from './personal-data-detectors';
import { createRedactor } from './redactor';

const cases: { name: string; value: string; expected: string; nearMiss: string }[] = [
  { name: 'email', value: 'mail ada@example.org now', expected: 'mail [REDACTED:email] now', nearMiss: 'ada at example dot org, @handle' },
  { name: 'phone', value: 'call +41 44 668 18 00 today', expected: 'call [REDACTED:phone] today', nearMiss: 'version 2026-11-25, ip 192.168.100.200' },
  { name: 'payment_card', value: 'card 4111 1111 1111 1111 ok', expected: 'card [REDACTED:payment_card] ok', nearMiss: 'card 4111 1111 1111 1112 fails Luhn' },
  { name: 'us_ssn', value: 'ssn 123-45-6789.', expected: 'ssn [REDACTED:us_ssn].', nearMiss: 'ssn 000-12-3456 and 123-45-67890' },
  { name: 'iban', value: 'pay to GB82 WEST 1234 5698 7654 32 please', expected: 'pay to [REDACTED:iban] please', nearMiss: 'pay to GB82 WEST 1234 5698 7654 33 please' },
];

describe('personal-data detectors', () => {
  it('are off by default', () => {
    const redactor = createRedactor();
    for (const { value } of cases) expect(redactor.text(value)).toBe(value);
  });

  it.each(cases)('$name (enabled by name): masks the value and leaves a near miss alone', ({ name, value, expected, nearMiss }) => {
    const seen: string[] = [];
    const redactor = createRedactor({ config: { enable: [name] }, onRedaction: (n) => seen.push(n) });
    expect(redactor.text(value)).toBe(expected);
    expect(seen).toEqual([name]);
    expect(redactor.text(nearMiss)).toBe(nearMiss);
    expect(seen).toEqual([name]);
  });

  it('has a case for every detector, and `personal_data` enables them all', () => {
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(PERSONAL_DATA_DETECTORS.map((d) => d.name)));
    const redactor = createRedactor({ config: { enable: ['personal_data'] } });
    for (const { value, expected } of cases) expect(redactor.text(value)).toBe(expected);
  });
});
