import { describe, expect, it } from 'vitest';
import { exactTime, formatDifficulty, formatHashrate, formatInt, formatSats, relativeTime } from './format';

describe('number formatting', () => {
  it('separates thousands and gives units', () => {
    expect(formatInt(14_187.4)).toBe('14,187');
    expect(formatSats(20_874_189)).toBe('20,874,189 sat (0.2087 BTC)');
    expect(formatSats(61_013)).toBe('61,013 sat');
    expect(formatHashrate(1.2e15)).toBe('1.20 PH/s');
    expect(formatHashrate(6385.8)).toBe('6.39 kH/s');
  });

  it('never shows a CPU miner’s tiny difficulty as 0', () => {
    expect(formatDifficulty(7.761058249400321e-6)).toBe('0.00000776');
    expect(formatDifficulty(512)).toBe('512');
    expect(formatDifficulty(2.5e12)).toBe('2.50 T');
  });

  it('says when relative to now and keeps the exact instant for the tooltip', () => {
    const now = Date.parse('2026-12-03T14:05:09Z');
    expect(relativeTime(now - 12_000, now)).toBe('12 s ago');
    expect(relativeTime(now + 3_000, now)).toBe('in 3 s');
    expect(exactTime(now)).toContain('(2026-12-03T14:05:09Z)');
  });
});
