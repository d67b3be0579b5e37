/**
 * Resident ID numbers (GB 11643-1999): 17 digits and a check character. Weights
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the weighted sum mod 11 maps to 1 0 X 9 8 7 6 5 4 3 2.
 * Digits 7–14 are the birth date; digit 17 is odd for men, even for women.
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

export function idCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return checkCharacters[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'check_character' | 'birth_date';

export interface IdNumberFacts {
  birthDate: string;
  sex: 'male' | 'female';
}

export function checkIdNumber(
  raw: string,
): { ok: true; facts: IdNumberFacts } | { ok: false; problem: IdNumberProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check_character' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false, problem: 'birth_date' };
  return {
    ok: true,
    facts: {
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/** Builds a valid number from a region code, birth date (YYYYMMDD) and a three-digit sequence. */
export function makeIdNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}
