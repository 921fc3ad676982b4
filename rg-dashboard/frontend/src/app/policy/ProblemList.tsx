import type { PolicyProblem } from '../../api/policy';

interface Props {
  id: string;
  problems: PolicyProblem[];
  onGoToLine: (line: number) => void;
}

/** The verifier's problems with a draft, each at its key and line; choosing one moves the editor's caret there. */
export function ProblemList({ id, problems, onGoToLine }: Props) {
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="problem-list" aria-label="Problems in the draft">
      {problems.map((problem, index) => (
        <li
          key={`${problem.line}-${problem.key}-${index}`}
          data-testid="policy-problem"
          data-line={problem.line}
          data-key={problem.key}
        >
          {problem.line > 0 ? (
            <button type="button" className="problem-link" onClick={() => onGoToLine(problem.line)}>
              <span className="problem-where">Line {problem.line}</span>
              {problem.key !== '' && <code className="problem-key">{problem.key}</code>}
              <span className="problem-message">{problem.message}</span>
            </button>
          ) : (
            <span className="problem-link">
              <span className="problem-where">File</span>
              {problem.key !== '' && <code className="problem-key">{problem.key}</code>}
              <span className="problem-message">{problem.message}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
