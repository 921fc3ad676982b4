import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { describeError } from '../api/client';
import { ThemeToggle } from '../ui/theme';

const PAGES = [
  { to: '/', label: 'Overview', end: true },
  { to: '/verdicts', label: 'Verdicts' },
  { to: '/templates', label: 'Templates' },
  { to: '/policy', label: 'Policy' },
  { to: '/miners', label: 'Miners' },
  { to: '/blocks', label: 'Blocks' },
  { to: '/settings', label: 'Settings' },
] as const;

/** Everything behind the login: without a session (401 from /api/auth/me) it sends the browser to /login. */
export function RequireSession() {
  const { session, refresh } = useAuth();
  const location = useLocation();
  if (session.status === 'loading') {
    return (
      <p className="centered" data-testid="session-loading">
        Loading…
      </p>
    );
  }
  if (session.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (session.status === 'error') {
    return (
      <main className="centered" data-testid="session-error">
        <p className="error" role="alert">
          Could not check the session: {describeError(session.error)}
        </p>
        <button type="button" onClick={() => void refresh()}>
          Try again
        </button>
      </main>
    );
  }
  return <Shell />;
}

function Shell() {
  const { session } = useAuth();
  if (session.status !== 'authenticated') return null;
  const user = session.user;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">ReserveGrid OS</span>
        <nav className="mainnav" aria-label="Main">
          {PAGES.map((page) => (
            <NavLink key={page.to} to={page.to} end={'end' in page}>
              {page.label}
            </NavLink>
          ))}
          {user.role === 'admin' && <NavLink to="/users">Users</NavLink>}
        </nav>
        <div className="whoami">
          <ThemeToggle />
          <NavLink to="/account" data-testid="account-link" title="Account">
            <span data-testid="user-email">{user.email}</span>{' '}
            <span className={`role role-${user.role}`} data-testid="user-role">
              {user.role}
            </span>
          </NavLink>
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}

export function RequireAdmin({ children }: { children: React.ReactNode }) {
  const { session } = useAuth();
  if (session.status !== 'authenticated' || session.user.role !== 'admin') {
    return (
      <p className="error" role="alert" data-testid="admin-only">
        Only administrators can see this page.
      </p>
    );
  }
  return <>{children}</>;
}
