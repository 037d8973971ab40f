import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid } from './checksums';

describe('luhnValid', () => {
  it.each(['4111111111111111', '5500005555555559', '378282246310005', '6011111111111117', '79927398713'])('accepts %s', (n) => {
    expect(luhnValid(n)).toBe(true);
  });
  it.each(['4111111111111112', '5500005555555558', '79927398710', '', '4111-1111-1111-1111', 'abcd'])('rejects %j', (n) => {
    expect(luhnValid(n)).toBe(false);
  });
});

describe('ibanValid', () => {
  it.each(['DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'CH9300762011623852957', 'gb82west12345698765432'])('accepts %s', (iban) => {
    expect(ibanValid(iban)).toBe(true);
  });
  it.each(['DE89370400440532013001', 'GB82WEST1234569876543X', 'XX00', 'DE8937040044'])('rejects %s', (iban) => {
    expect(ibanValid(iban)).toBe(false);
  });
});
