import { useImperativeHandle, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import type { PolicyProblem } from '../../api/policy';

// A plain <textarea> with a line-number gutter: typing, paste, undo, IME and Playwright's fill() all work as in any
// text field, and the bundle carries no editor library. Lines never wrap (wrap="off"), so gutter row N is line N;
// the gutter follows the textarea's scroll position.

export interface PolicyEditorHandle {
  /** Focuses the editor with the caret at the start of `line` (1-based) and scrolls it into view. */
  goToLine: (line: number) => void;
}

interface Props {
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  problems: PolicyProblem[];
  handle?: Ref<PolicyEditorHandle>;
  describedBy?: string;
}

const FALLBACK_LINE_HEIGHT_PX = 20;

/** Offset of the first character of `line` (1-based) in `text`; past the end it is the text's length. */
export function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** 1-based line of a caret offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) line++;
  }
  return line;
}

export function PolicyEditor({ value, onChange, readOnly, problems, handle, describedBy }: Props) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [caretLine, setCaretLine] = useState(1);

  const lineCount = useMemo(() => {
    let count = 1;
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 10) count++;
    return count;
  }, [value]);

  const problemsByLine = useMemo(() => {
    const byLine = new Map<number, string[]>();
    for (const problem of problems) {
      if (problem.line < 1) continue;
      const messages = byLine.get(problem.line) ?? [];
      messages.push(problem.key === '' ? problem.message : `${problem.key}: ${problem.message}`);
      byLine.set(problem.line, messages);
    }
    return byLine;
  }, [problems]);

  useImperativeHandle(
    handle,
    () => ({
      goToLine(line: number) {
        const element = textarea.current;
        if (element === null) return;
        const start = lineStart(element.value, line);
        element.focus();
        element.setSelectionRange(start, start);
        const lineHeight = Number.parseFloat(getComputedStyle(element).lineHeight) || FALLBACK_LINE_HEIGHT_PX;
        element.scrollTop = Math.max(0, (line - 1) * lineHeight - element.clientHeight / 3);
        if (gutter.current !== null) gutter.current.scrollTop = element.scrollTop;
        setCaretLine(lineAt(element.value, start));
      },
    }),
    [],
  );

  const trackCaret = () => {
    const element = textarea.current;
    if (element !== null) setCaretLine(lineAt(element.value, element.selectionStart));
  };

  const rows: ReactNode[] = [];
  for (let line = 1; line <= lineCount; line++) {
    const messages = problemsByLine.get(line);
    const classes = ['gutter-line'];
    if (messages !== undefined) classes.push('gutter-problem');
    if (line === caretLine) classes.push('gutter-caret');
    rows.push(
      <div
        key={line}
        className={classes.join(' ')}
        data-line={line}
        data-testid={messages !== undefined ? 'policy-gutter-problem' : undefined}
        title={messages?.join('\n')}
      >
        {line}
      </div>,
    );
  }

  return (
    <div className={readOnly ? 'code-editor readonly' : 'code-editor'}>
      <div className="code-gutter" ref={gutter} aria-hidden="true">
        {rows}
      </div>
      <textarea
        ref={textarea}
        className="code-text"
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setCaretLine(lineAt(e.target.value, e.target.selectionStart));
        }}
        onSelect={trackCaret}
        onScroll={(e) => {
          if (gutter.current !== null) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        readOnly={readOnly}
        wrap="off"
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        aria-label="Policy (TOML)"
        aria-invalid={problems.length > 0}
        aria-describedby={describedBy}
        data-testid="policy-editor"
      />
    </div>
  );
}
