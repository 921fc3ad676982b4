import { ApiError, request } from './client';

// template-manager's runtime settings (/api/templates/settings -> template-manager /api/settings) and the gateway's
// mode (/api/gateway/stats -> sv2-gateway /api/stats).
export const SETTINGS_PATHS = {
  templateSettings: '/api/templates/settings',
  gatewayStats: '/api/gateway/stats',
} as const;

/** template-manager GET /api/settings (SettingsController). Credentials are write-only: only whether they are set. */
export interface TemplateSettings {
  rpc_url: string;
  rpc_user_set: boolean;
  rpc_pass_set: boolean;
  poll_interval_secs: number;
  longpoll: boolean;
  longpoll_timeout_secs: number;
  rpc_timeout_secs: number;
  refresh_secs: number;
  verdict_timeout_secs: number;
  /** Start-up values (environment), shown but not editable. */
  read_only: Record<string, string | number | boolean | null>;
}

/** A partial PUT: only the fields sent change. rpc_user / rpc_pass: a string sets, null or "" clears. */
export interface TemplateSettingsUpdate {
  rpc_url?: string;
  rpc_user?: string | null;
  rpc_pass?: string | null;
  poll_interval_secs?: number;
  longpoll?: boolean;
  longpoll_timeout_secs?: number;
  rpc_timeout_secs?: number;
  refresh_secs?: number;
  verdict_timeout_secs?: number;
}

/** The members of sv2-gateway GET /api/stats this page shows. `mode_settings` is absent on older gateways. */
export interface GatewayModeStats {
  mode: string;
  mode_settings?: Record<string, unknown> | null;
}

export const templateSettings = (signal?: AbortSignal) =>
  request<TemplateSettings>(SETTINGS_PATHS.templateSettings, { signal });

export const saveTemplateSettings = (update: TemplateSettingsUpdate) =>
  request<TemplateSettings>(SETTINGS_PATHS.templateSettings, { method: 'PUT', json: update });

export const gatewayModeStats = (signal?: AbortSignal) =>
  request<GatewayModeStats>(SETTINGS_PATHS.gatewayStats, { signal });

/** The problems of a 400 invalid_settings answer ("poll_interval_secs must be between ..."), else null. */
export function settingsProblemsOf(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_settings') return null;
  const body = error.body;
  if (typeof body !== 'object' || body === null || !('problems' in body) || !Array.isArray(body.problems)) return [];
  return body.problems.filter((problem): problem is string => typeof problem === 'string');
}
