/** SPEC §5 rounding: money to 2 places, rates, ratios and hours to 4; never NaN, never -0. */
function roundTo(value: number, places: number): number {
  const factor = 10 ** places;
  // Rounds half away from zero on the decimal value, not on its binary approximation.
  const rounded = (Math.sign(value) * Math.round(Number(`${Math.abs(value)}e${places}`))) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function money(value: number | null | undefined): number {
  return value == null || !Number.isFinite(value) ? 0 : roundTo(value, 2);
}

export function moneyOrNull(value: number | null | undefined): number | null {
  return value == null || !Number.isFinite(value) ? null : roundTo(value, 2);
}

export function ratio(value: number | null | undefined): number | null {
  return value == null || !Number.isFinite(value) ? null : roundTo(value, 4);
}

export function count(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}
