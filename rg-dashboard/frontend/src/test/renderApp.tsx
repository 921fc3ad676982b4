import { StrictMode } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { AppRoutes } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { ThemeProvider } from '../ui/theme';

export const ADMIN_ME = {
  id: 1,
  email: 'admin@example.com',
  role: 'admin',
  state: 'active',
  session_created_at: '2026-12-03T07:00:00Z',
  session_expires_at: '2026-12-04T07:00:00Z',
  csrf_token: 'csrf-admin',
  two_factor_enabled: false,
  two_factor_setup_required: false,
};

/** The whole app at `path`, as the browser would load it (the session is checked with /api/auth/me first). */
export function renderApp(path: string) {
  // StrictMode as in main.tsx: effects run twice, which single-use tokens must survive.
  return render(
    <StrictMode>
      <MemoryRouter initialEntries={[path]}>
        <ThemeProvider>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </ThemeProvider>
      </MemoryRouter>
    </StrictMode>,
  );
}
