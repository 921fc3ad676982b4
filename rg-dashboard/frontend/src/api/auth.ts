import { request, setCsrfToken } from './client';

// rg-auth through the dashboard (/api/auth/** is proxied as is). JSON is snake_case.

export type Role = 'admin' | 'operator' | 'viewer';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];
export type AccountState = 'pending' | 'active' | 'disabled' | 'unverified' | 'rejected';

export interface Me {
  id: number;
  email: string;
  role: Role;
  state: AccountState;
  session_created_at: string;
  session_expires_at: string;
  csrf_token: string;
  two_factor_enabled: boolean;
  two_factor_setup_required: boolean;
}

export interface Account {
  id: number;
  email: string;
  state: AccountState;
  role: Role;
  created_at: string;
  verified_at: string | null;
  approved_at: string | null;
  two_factor_enabled: boolean;
}

export interface Accepted {
  status: string;
  message: string;
}

export interface LoginResult {
  token: string;
  csrf_token: string;
  expires_at: string;
  user: Account;
}

export interface Credentials {
  email: string;
  password: string;
  totp?: string;
  recovery_code?: string;
}

export async function me(signal?: AbortSignal): Promise<Me> {
  const result = await request<Me>('/api/auth/me', { signal });
  setCsrfToken(result.csrf_token);
  return result;
}

export async function login(credentials: Credentials): Promise<LoginResult> {
  const result = await request<LoginResult>('/api/auth/login', { method: 'POST', json: credentials });
  setCsrfToken(result.csrf_token);
  return result;
}

export async function logout(everywhere: boolean): Promise<void> {
  try {
    await request(everywhere ? '/api/auth/logout-all' : '/api/auth/logout', { method: 'POST', json: {} });
  } finally {
    setCsrfToken(null);
  }
}

export const register = (email: string, password: string) =>
  request<Accepted>('/api/auth/register', { method: 'POST', json: { email, password } });

export const verify = (token: string) =>
  request<{ state: AccountState; message: string }>('/api/auth/verify', { method: 'POST', json: { token } });

export const resend = (email: string) =>
  request<Accepted>('/api/auth/resend', { method: 'POST', json: { email } });

export const forgot = (email: string) =>
  request<Accepted>('/api/auth/forgot', { method: 'POST', json: { email } });

export const reset = (token: string, password: string) =>
  request<{ status: string }>('/api/auth/reset', { method: 'POST', json: { token, password } });

export const changePassword = (current: string, next: string) =>
  request<{ status: string }>('/api/auth/password', { method: 'POST', json: { current, new: next } });

export interface UserPage {
  users: Account[];
  next_before: number | null;
}

export const listUsers = (state: AccountState, before?: number | null, limit = 50) => {
  const query = new URLSearchParams({ state, limit: String(limit) });
  if (before != null) {
    query.set('before', String(before));
  }
  return request<UserPage>(`/api/auth/admin/users?${query.toString()}`);
};

export const approveUser = (id: number, role: Role) =>
  request<Account>(`/api/auth/admin/users/${id}/approve`, { method: 'POST', json: { role } });
export const rejectUser = (id: number) =>
  request<Account>(`/api/auth/admin/users/${id}/reject`, { method: 'POST', json: {} });
export const disableUser = (id: number) =>
  request<Account>(`/api/auth/admin/users/${id}/disable`, { method: 'POST', json: {} });
export const enableUser = (id: number) =>
  request<Account>(`/api/auth/admin/users/${id}/enable`, { method: 'POST', json: {} });
export const setUserRole = (id: number, role: Role) =>
  request<Account>(`/api/auth/admin/users/${id}/role`, { method: 'POST', json: { role } });

/** One row of rg-auth's audit log (AuditEntry). */
export interface AuditEntry {
  id: number;
  at: string;
  event: string;
  actor_id: number | null;
  account_id: number | null;
  email: string | null;
  client_ip: string | null;
  detail: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  next_before: number | null;
}

/** Newest first; `before` pages back from an entry id. */
export const auditLog = (before: number | null, limit = 50) => {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before !== null) query.set('before', String(before));
  return request<AuditPage>(`/api/auth/admin/audit?${query.toString()}`);
};
