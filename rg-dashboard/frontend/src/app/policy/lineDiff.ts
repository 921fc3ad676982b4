// A line diff of a policy draft against the active policy. Policy files are a few dozen lines, so a plain
// longest-common-subsequence table is fast and gives the smallest diff; the common head and tail are trimmed first,
// so a one-line edit of a long file only compares that line. The table is bounded (MAX_CELLS): a middle larger than
// that (thousands of lines changed at once) is shown as "all removed, all added", still a correct diff.

export type DiffKind = 'same' | 'add' | 'del';

export interface DiffLine {
  kind: DiffKind;
  text: string;
  /** 1-based line in the active policy; null for an added line. */
  oldLine: number | null;
  /** 1-based line in the draft; null for a removed line. */
  newLine: number | null;
}

export interface DiffStats {
  added: number;
  removed: number;
}

export interface Hunk {
  lines: DiffLine[];
}

const MAX_CELLS = 4_000_000;

/** Splits text into lines the way an editor numbers them; a final newline does not start another line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line of both texts, in order: unchanged, removed from `before`, or added in `after`. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i] as string, oldLine: i + 1, newLine: i + 1 });
  middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head, head, out);
  for (let k = 0; k < tail; k++) {
    const i = a.length - tail + k;
    const j = b.length - tail + k;
    out.push({ kind: 'same', text: a[i] as string, oldLine: i + 1, newLine: j + 1 });
  }
  return out;
}

function middle(a: string[], b: string[], oldOffset: number, newOffset: number, out: DiffLine[]): void {
  const n = a.length;
  const m = b.length;
  const removeAll = () => a.forEach((text, i) => out.push({ kind: 'del', text, oldLine: oldOffset + i + 1, newLine: null }));
  const addAll = () => b.forEach((text, j) => out.push({ kind: 'add', text, oldLine: null, newLine: newOffset + j + 1 }));
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    removeAll();
    addAll();
    return;
  }
  // lcs[i * (m + 1) + j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] as string, oldLine: oldOffset + i + 1, newLine: newOffset + j + 1 });
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) {
      // Removals before additions, so a changed line reads "- old" then "+ new".
      out.push({ kind: 'del', text: a[i] as string, oldLine: oldOffset + i + 1, newLine: null });
      i++;
    } else {
      out.push({ kind: 'add', text: b[j] as string, oldLine: null, newLine: newOffset + j + 1 });
      j++;
    }
  }
  for (; i < n; i++) out.push({ kind: 'del', text: a[i] as string, oldLine: oldOffset + i + 1, newLine: null });
  for (; j < m; j++) out.push({ kind: 'add', text: b[j] as string, oldLine: null, newLine: newOffset + j + 1 });
}

export function diffStats(lines: DiffLine[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'add') added++;
    else if (line.kind === 'del') removed++;
  }
  return { added, removed };
}

/** The changed lines with `context` unchanged lines around them, as separate hunks (unified-diff style). */
export function hunks(lines: DiffLine[], context = 3): Hunk[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true;
  });
  const result: Hunk[] = [];
  let current: DiffLine[] | null = null;
  for (let index = 0; index < lines.length; index++) {
    if (!keep[index]) {
      current = null;
      continue;
    }
    if (current === null) {
      current = [];
      result.push({ lines: current });
    }
    current.push(lines[index] as DiffLine);
  }
  return result;
}

export interface SettingChange {
  key: string;
  before: string | null;
  after: string | null;
}

/**
 * What a draft changes in effect: the verifier's canonical TOML has one `key = value` line per key, so comparing the
 * canonical texts key by key gives "max_tx_count: 10000 -> 10" however the draft was written (comments, order,
 * keys left to their defaults).
 */
export function settingChanges(activeCanonical: string, draftCanonical: string): SettingChange[] {
  const before = canonicalValues(activeCanonical);
  const after = canonicalValues(draftCanonical);
  const keys = [...before.keys(), ...[...after.keys()].filter((key) => !before.has(key))];
  return keys
    .map((key) => ({ key, before: before.get(key) ?? null, after: after.get(key) ?? null }))
    .filter((change) => change.before !== change.after);
}

function canonicalValues(toml: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of splitLines(toml)) {
    const match = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values.set(match[1] as string, match[2] as string);
  }
  return values;
}
