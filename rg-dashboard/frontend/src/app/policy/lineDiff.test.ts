import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, hunks, settingChanges, splitLines, type DiffLine } from './lineDiff';

const sides = (lines: DiffLine[]) => ({
  before: lines.filter((l) => l.kind !== 'add').map((l) => l.text),
  after: lines.filter((l) => l.kind !== 'del').map((l) => l.text),
});

/** An independent LCS length (memoized recursion over suffixes), to check the diff keeps as many lines as possible. */
function lcsLength(a: string[], b: string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(key, value);
    return value;
  };
  return go(0, 0);
}

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('splitLines', () => {
  it('does not count a final newline as a line and reads CRLF like LF', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
  });
});

describe('diffLines', () => {
  it('marks every line unchanged for identical texts', () => {
    const text = '[policy]\nmax_tx_count = 10000\nmin_total_fees = 0\n';
    const lines = diffLines(text, text);
    expect(lines.map((l) => l.kind)).toEqual(['same', 'same', 'same']);
    expect(diffStats(lines)).toEqual({ added: 0, removed: 0 });
  });

  it('shows a changed value as the old line removed, then the new line added, with both line numbers', () => {
    const before = '[policy]\nmax_tx_count = 10000\nmin_total_fees = 0\n';
    const after = '[policy]\nmax_tx_count = 10\nmin_total_fees = 0\n';
    expect(diffLines(before, after)).toEqual([
      { kind: 'same', text: '[policy]', oldLine: 1, newLine: 1 },
      { kind: 'del', text: 'max_tx_count = 10000', oldLine: 2, newLine: null },
      { kind: 'add', text: 'max_tx_count = 10', oldLine: null, newLine: 2 },
      { kind: 'same', text: 'min_total_fees = 0', oldLine: 3, newLine: 3 },
    ]);
  });

  it('numbers lines after an insertion on each side separately', () => {
    const lines = diffLines('a\nb\nc', 'a\n# why\nb\nc');
    expect(lines).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'add', text: '# why', oldLine: null, newLine: 2 },
      { kind: 'same', text: 'b', oldLine: 2, newLine: 3 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 4 },
    ]);
  });

  it('diffs against nothing (no policy loaded) as all added, and to nothing as all removed', () => {
    expect(diffLines('', 'a\nb').map((l) => [l.kind, l.newLine])).toEqual([
      ['add', 1],
      ['add', 2],
    ]);
    expect(diffLines('a\nb', '').map((l) => [l.kind, l.oldLine])).toEqual([
      ['del', 1],
      ['del', 2],
    ]);
  });

  it('keeps a longest common subsequence and rebuilds both texts, for many random edits', () => {
    const next = random(20261203);
    for (let round = 0; round < 300; round++) {
      const pick = () => 'abcd'.charAt(Math.floor(next() * 4));
      const a = Array.from({ length: Math.floor(next() * 12) }, pick);
      const b = Array.from({ length: Math.floor(next() * 12) }, pick);
      const lines = diffLines(a.join('\n'), b.join('\n'));
      expect(sides(lines)).toEqual({ before: a, after: b });
      expect(lines.filter((l) => l.kind === 'same')).toHaveLength(lcsLength(a, b));
    }
  });

  it('still gives a correct diff when the changed middle is too large to compare line by line', () => {
    const a = Array.from({ length: 2100 }, (_, i) => `old_${i} = ${i}`);
    const b = Array.from({ length: 2100 }, (_, i) => `new_${i} = ${i}`);
    const lines = diffLines(['[policy]', ...a, '# end'].join('\n'), ['[policy]', ...b, '# end'].join('\n'));
    expect(sides(lines)).toEqual({ before: ['[policy]', ...a, '# end'], after: ['[policy]', ...b, '# end'] });
    expect(diffStats(lines)).toEqual({ added: 2100, removed: 2100 });
    expect(lines[lines.length - 1]).toEqual({ kind: 'same', text: '# end', oldLine: 2102, newLine: 2102 });
  });
});

describe('hunks', () => {
  const text = (n: number, change: Set<number>) =>
    Array.from({ length: n }, (_, i) => (change.has(i + 1) ? `line ${i + 1} changed` : `line ${i + 1}`)).join('\n');

  it('keeps three lines of context around each change and splits far-apart changes', () => {
    const parts = hunks(diffLines(text(30, new Set()), text(30, new Set([5, 25]))));
    expect(parts).toHaveLength(2);
    expect(parts[0]?.lines.map((l) => l.oldLine ?? l.newLine)).toEqual([2, 3, 4, 5, 5, 6, 7, 8]);
    expect(parts[1]?.lines[0]?.oldLine).toBe(22);
  });

  it('merges changes whose context overlaps into one hunk', () => {
    const parts = hunks(diffLines(text(30, new Set()), text(30, new Set([10, 15]))));
    expect(parts).toHaveLength(1);
    expect(diffStats(parts[0]?.lines ?? [])).toEqual({ added: 2, removed: 2 });
  });

  it('is empty when nothing changed', () => {
    expect(hunks(diffLines('a\nb', 'a\nb'))).toEqual([]);
  });
});

describe('settingChanges', () => {
  it('lists only the keys whose canonical value differs, in the active order', () => {
    const active = '[policy]\nprotocol_version = 2\nmax_tx_count = 10000\nmax_weight_ratio = 0.999\n';
    const draft = '[policy]\nprotocol_version = 2\nmax_tx_count = 10\nmax_weight_ratio = 0.5\n';
    expect(settingChanges(active, draft)).toEqual([
      { key: 'max_tx_count', before: '10000', after: '10' },
      { key: 'max_weight_ratio', before: '0.999', after: '0.5' },
    ]);
  });

  it('treats a key only one side has as set or unset, and no policy as all new', () => {
    expect(settingChanges('', '[policy]\nmax_tx_count = 10\n')).toEqual([
      { key: 'max_tx_count', before: null, after: '10' },
    ]);
    expect(settingChanges('[policy]\nnew_key = 1\n', '[policy]\n')).toEqual([
      { key: 'new_key', before: '1', after: null },
    ]);
  });
});
