// Readable numbers for every page: units, thousands separators, relative times with the exact time on hover.
// Pages format through these helpers only, so one page never shows "1234567" where another shows "1,234,567".

import { formatAge } from './usePoll';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 1234567 -> "1,234,567". */
export function formatInt(value: number): string {
  return integer.format(value);
}

/** At most two decimals, with separators. */
export function formatDecimal(value: number, digits = 2): string {
  return digits === 2
    ? decimal.format(value)
    : new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value);
}

/** Satoshis with separators; above 0.01 BTC the BTC value too, since operators think in both. */
export function formatSats(value: number): string {
  const sats = `${integer.format(value)} sat`;
  return Math.abs(value) >= 1_000_000 ? `${sats} (${(value / 100_000_000).toFixed(4)} BTC)` : sats;
}

/** A fraction in [0, 1] as a percentage: 0.9731 -> "97.3%". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

const HASHRATE_UNITS = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s', 'EH/s'];

/** Hashes per second with an SI unit: 1.2e15 -> "1.20 PH/s". */
export function formatHashrate(hashesPerSecond: number): string {
  let value = hashesPerSecond;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < HASHRATE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)} ${HASHRATE_UNITS[unit]}`;
}

/** Share difficulty: small values with decimals, large with SI suffixes (2.5e12 -> "2.50 T"). */
export function formatDifficulty(difficulty: number): string {
  // Test miners and CPUs work at difficulties far below 1 (7.76e-6): three significant digits, never "0".
  if (difficulty > 0 && difficulty < 0.01) return difficulty.toPrecision(3);
  if (difficulty < 1000) return decimal.format(difficulty);
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let value = difficulty;
  let unit = 0;
  while (value >= 1000 && unit < suffixes.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${suffixes[unit]}`;
}

/** Bytes or weight units with separators and a unit: "3,992,000 WU". */
export function formatWeight(weightUnits: number): string {
  return `${integer.format(weightUnits)} WU`;
}

/** The exact local time for a tooltip, with the UTC instant, e.g. "2026-12-03 14:05:09 (2026-12-03T14:05:09Z)". */
export function exactTime(epochMs: number): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}`;
  return `${local} (${date.toISOString().replace('.000Z', 'Z')})`;
}

/** "12 s ago" (or "in 3 s" for a clock ahead of ours). */
export function relativeTime(epochMs: number, now: number): string {
  const delta = now - epochMs;
  return delta >= 0 ? `${formatAge(delta)} ago` : `in ${formatAge(-delta)}`;
}

/** Accepts epoch ms, or an ISO-8601 string as the Java services write instants. */
export function toEpochMs(time: number | string): number {
  return typeof time === 'number' ? time : Date.parse(time);
}

/** A relative time whose hover shows the exact time: the one way pages show "when". */
export function Time({ at, now }: { at: number | string; now: number }) {
  const ms = toEpochMs(at);
  if (Number.isNaN(ms)) return <span className="muted">unknown</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={exactTime(ms)}>
      {relativeTime(ms, now)}
    </time>
  );
}
