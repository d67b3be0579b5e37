/** Score sheets for the demo specification, with their totals worked out by hand. */
export const demoItems = [
  'T1-1',
  'T1-2',
  'T1-3',
  'T2-1',
  'T2-2',
  'T2-3',
  'T3-1',
  'T3-2',
  'T3-3',
  'T4-1',
  'T4-2',
] as const;
export const sheet = (values: number[]) => Object.fromEntries(demoItems.map((id, i) => [id, values[i]!]));

// Every task's item maxima add up to its weight, so a sheet's total is the plain sum of its points.
//                   T1-1 T1-2 T1-3 T2-1 T2-2 T2-3 T3-1 T3-2 T3-3 T4-1 T4-2
export const a1 = sheet([4, 7, 6, 13, 12.5, 9, 10, 8.5, 7, 4, 5]); // 86.00
export const a2 = { ...a1, 'T2-2': 11.5 }; // 85.00
export const a3 = { ...a1, 'T3-1': 11 }; // 87.00 → mean 86.00, pass
export const low = sheet([2, 4, 3, 8, 8, 5, 6, 5, 4, 2, 3]); // 50.00, fail
