import { useCallback, useEffect, useState } from 'react';
import * as auth from '../api/auth';
import { describeError } from '../api/client';
import { useUser } from '../auth/AuthContext';
import { FormError } from '../ui/forms';
import { Time } from '../ui/format';
import { useNow } from '../ui/usePoll';

const TABS: { state: auth.AccountState; label: string }[] = [
  { state: 'pending', label: 'Pending' },
  { state: 'active', label: 'Active' },
  { state: 'disabled', label: 'Disabled' },
  { state: 'unverified', label: 'Unverified' },
  { state: 'rejected', label: 'Rejected' },
];

type Tab = auth.AccountState | 'audit';

export function UsersPage() {
  const [state, setState] = useState<Tab>('pending');
  return (
    <section data-testid="page-users">
      <h1>Users</h1>
      <div className="tabs" role="tablist" aria-label="Account state">
        {TABS.map((tab) => (
          <button
            key={tab.state}
            type="button"
            role="tab"
            aria-selected={state === tab.state}
            className={state === tab.state ? 'tab active' : 'tab'}
            onClick={() => setState(tab.state)}
            data-testid={`users-tab-${tab.state}`}
          >
            {tab.label}
          </button>
        ))}
        <button
          type="button"
          role="tab"
          aria-selected={state === 'audit'}
          className={state === 'audit' ? 'tab active' : 'tab'}
          onClick={() => setState('audit')}
          data-testid="users-tab-audit"
        >
          Audit log
        </button>
      </div>
      {state === 'audit' ? <AuditLog /> : <UserList key={state} state={state} />}
    </section>
  );
}

function UserList({ state }: { state: auth.AccountState }) {
  const [users, setUsers] = useState<auth.Account[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before: number | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await auth.listUsers(state, before);
        setUsers((previous) => (before === null ? page.users : [...previous, ...page.users]));
        setNextBefore(page.next_before);
      } catch (e) {
        setError(describeError(e));
      } finally {
        setLoading(false);
      }
    },
    [state],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // An action moves the account to another state (or changes its role): update or drop its row here.
  const changed = (account: auth.Account) =>
    setUsers((previous) =>
      account.state === state
        ? previous.map((u) => (u.id === account.id ? account : u))
        : previous.filter((u) => u.id !== account.id),
    );

  return (
    <div data-testid={`users-${state}`}>
      <FormError message={error} testId="users-error" />
      {!loading && users.length === 0 && error === null && (
        <p className="muted" data-testid="users-empty">
          No {state} accounts.
        </p>
      )}
      {users.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Registered</th>
              <th>Verified</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow key={user.id} user={user} onChanged={changed} />
            ))}
          </tbody>
        </table>
      )}
      {loading && <p className="muted">Loading…</p>}
      {!loading && nextBefore !== null && (
        <button type="button" className="ghost" onClick={() => void load(nextBefore)} data-testid="users-more">
          Load more
        </button>
      )}
    </div>
  );
}

function UserRow({ user, onChanged }: { user: auth.Account; onChanged: (account: auth.Account) => void }) {
  const me = useUser();
  const [role, setRole] = useState<auth.Role>(user.state === 'pending' ? 'viewer' : user.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const self = user.id === me.id;

  const act = async (action: () => Promise<auth.Account>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const roleSelect = (
    <select
      aria-label={`Role for ${user.email}`}
      value={role}
      onChange={(e) => setRole(e.target.value as auth.Role)}
      disabled={busy || self}
      data-testid={`user-role-${user.id}`}
    >
      {auth.ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );

  return (
    <tr data-testid={`user-row-${user.id}`} data-email={user.email}>
      <td>
        {user.email}
        {self && <span className="muted"> (you)</span>}
      </td>
      <td>{user.state === 'pending' || user.state === 'active' ? roleSelect : user.role}</td>
      <td>{new Date(user.created_at).toLocaleString()}</td>
      <td>{user.verified_at ? new Date(user.verified_at).toLocaleString() : '-'}</td>
      <td>
        <div className="actions">
          {user.state === 'pending' && (
            <>
              <button type="button" disabled={busy} onClick={() => void act(() => auth.approveUser(user.id, role))} data-testid={`approve-${user.id}`}>
                Approve
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => void act(() => auth.rejectUser(user.id))} data-testid={`reject-${user.id}`}>
                Reject
              </button>
            </>
          )}
          {user.state === 'active' && !self && (
            <>
              <button
                type="button"
                disabled={busy || role === user.role}
                onClick={() => void act(() => auth.setUserRole(user.id, role))}
                data-testid={`set-role-${user.id}`}
              >
                Change role
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => void act(() => auth.disableUser(user.id))} data-testid={`disable-${user.id}`}>
                Disable
              </button>
            </>
          )}
          {user.state === 'disabled' && (
            <button type="button" disabled={busy} onClick={() => void act(() => auth.enableUser(user.id))} data-testid={`enable-${user.id}`}>
              Enable
            </button>
          )}
        </div>
        <FormError message={error} testId={`user-error-${user.id}`} />
      </td>
    </tr>
  );
}

/** rg-auth's security events, newest first, 50 at a time. */
function AuditLog() {
  const now = useNow();
  const [entries, setEntries] = useState<auth.AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (before: number | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await auth.auditLog(before);
      setEntries((previous) => (before === null ? page.entries : [...previous, ...page.entries]));
      setNextBefore(page.next_before);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <div data-testid="audit-log">
      <FormError message={error} />
      {entries.length === 0 && !loading && error === null && <p className="muted">No security events yet.</p>}
      {entries.length > 0 && (
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Account</th>
              <th>By</th>
              <th>Client</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row" data-event={entry.event}>
                <td>
                  <Time at={entry.at} now={now} />
                </td>
                <td>
                  <code>{entry.event}</code>
                </td>
                <td>{entry.email ?? (entry.account_id === null ? '' : `#${entry.account_id}`)}</td>
                <td>{entry.actor_id === null ? '' : `#${entry.actor_id}`}</td>
                <td className="mono">{entry.client_ip ?? ''}</td>
                <td>{entry.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loading && <p className="muted">Loading…</p>}
      {nextBefore !== null && !loading && (
        <button type="button" onClick={() => void load(nextBefore)} data-testid="audit-more">
          Older events
        </button>
      )}
    </div>
  );
}
