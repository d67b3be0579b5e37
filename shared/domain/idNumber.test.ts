import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, makeIdNumber } from './idNumber';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard’s example and reads birth date and sex', () => {
    // The example number of GB 11643-1999 §8.
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      facts: { birthDate: '1949-12-31', sex: 'female' },
    });
  });
  it('refuses a wrong check character, a bad date and a bad format', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'check_character' });
    expect(checkIdNumber(makeIdNumber('371002', '19900230', 12))).toEqual({ ok: false, problem: 'birth_date' });
    expect(checkIdNumber('37100219900307')).toEqual({ ok: false, problem: 'format' });
  });
  it('accepts every number it makes (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (date, seq) => {
          const birth = date.toISOString().slice(0, 10).replaceAll('-', '');
          const result = checkIdNumber(makeIdNumber('371002', birth, seq));
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.facts.sex).toBe(seq % 2 === 1 ? 'male' : 'female');
        },
      ),
    );
  });
});
