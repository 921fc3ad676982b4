import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as auth from '../api/auth';
import { ApiError, onUnauthorized, setCsrfToken } from '../api/client';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; user: auth.Me }
  /** /api/auth/me failed for another reason than 401: the app cannot tell, so it says so instead of guessing. */
  | { status: 'error'; error: ApiError | Error };

interface AuthApi {
  session: SessionState;
  refresh: () => Promise<void>;
  login: (credentials: auth.Credentials) => Promise<void>;
  logout: (everywhere: boolean) => Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const user = await auth.me();
      setSession({ status: 'authenticated', user });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        setSession({ status: 'anonymous' });
      } else {
        setSession({ status: 'error', error: error as Error });
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any request that finds the session gone sends the app back to the login page.
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        setSession({ status: 'anonymous' });
      }),
    [],
  );

  const login = useCallback(
    async (credentials: auth.Credentials) => {
      await auth.login(credentials);
      await refresh();
    },
    [refresh],
  );

  const logout = useCallback(async (everywhere: boolean) => {
    try {
      await auth.logout(everywhere);
    } finally {
      setSession({ status: 'anonymous' });
    }
  }, []);

  const value = useMemo(() => ({ session, refresh, login, logout }), [session, refresh, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const value = useContext(AuthContext);
  if (value === null) {
    throw new Error('useAuth outside AuthProvider');
  }
  return value;
}

export function useUser(): auth.Me {
  const { session } = useAuth();
  if (session.status !== 'authenticated') {
    throw new Error('useUser outside an authenticated page');
  }
  return session.user;
}
