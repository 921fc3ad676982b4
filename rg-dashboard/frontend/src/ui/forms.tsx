import { useCallback, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../api/client';

/** Runs one submission at a time and keeps its error message; `busy` disables the submit button. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (action: () => Promise<void>): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

export function FormError({ message, testId = 'form-error' }: { message: string | null; testId?: string }) {
  if (message === null) return null;
  return (
    <p className="error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

export function Notice({ children, testId = 'form-notice' }: { children: ReactNode; testId?: string }) {
  return (
    <p className="notice" role="status" data-testid={testId}>
      {children}
    </p>
  );
}

interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  hint?: string;
  autoFocus?: boolean;
}

export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete={props.autoComplete}
        required={props.required ?? true}
        minLength={props.minLength}
        maxLength={props.maxLength}
        autoFocus={props.autoFocus}
        data-testid={id}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && (
        <small id={`${id}-hint`} className="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export const PASSWORD_HINT = '12 to 128 characters; common passwords are refused.';

/** The checks the browser can make before asking rg-auth (which checks again, and also refuses common ones). */
export function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < 12) return 'The password must be at least 12 characters.';
  if (password.length > 128) return 'The password must be at most 128 characters.';
  if (password !== confirm) return 'The two passwords differ.';
  return null;
}
