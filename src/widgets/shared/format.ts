/** Number formats shared by every widget: a missing value is a dash, never NaN. */

export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** Shortest readable text of a setting value (0.0001, 0.01, 12). */
export function compact(value: number): string {
  return String(Number(value.toPrecision(3)));
}
