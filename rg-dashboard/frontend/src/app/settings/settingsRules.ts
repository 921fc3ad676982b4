import type { TemplateSettings, TemplateSettingsUpdate } from '../../api/settings';

// The browser's copy of template-manager's checks (RuntimeSettings.validate and parseNodeUrl), so a bad value is
// flagged at its field before anything is sent. The server checks again and its answer wins: a 400 names the field
// in each problem ("poll_interval_secs must be between 0.05 and 3600.0 seconds"), which fieldOfProblem maps back.

export type DurationField =
  | 'poll_interval_secs'
  | 'longpoll_timeout_secs'
  | 'rpc_timeout_secs'
  | 'refresh_secs'
  | 'verdict_timeout_secs';

export type FieldName = 'rpc_url' | 'rpc_user' | 'rpc_pass' | 'longpoll' | DurationField;

export interface DurationRule {
  name: DurationField;
  label: string;
  min: number;
  max: number;
  hint: string;
}

/** RuntimeSettings.POLL, LONG_POLL_TIMEOUT, RPC_TIMEOUT, REFRESH and VERDICT_TIMEOUT. */
export const DURATION_RULES: readonly DurationRule[] = [
  {
    name: 'poll_interval_secs',
    label: 'Poll interval',
    min: 0.05,
    max: 3600,
    hint: 'Time between plain getblocktemplate calls (the fallback without long polling, and the mempool refresh).',
  },
  {
    name: 'longpoll_timeout_secs',
    label: 'Long-poll timeout',
    min: 1,
    max: 3600,
    hint: 'How long one long poll may stay open before it is issued again.',
  },
  { name: 'rpc_timeout_secs', label: 'RPC timeout', min: 0.1, max: 600, hint: 'Deadline of every other node call.' },
  {
    name: 'refresh_secs',
    label: 'Refresh',
    min: 1,
    max: 3600,
    hint: 'An unchanged template is proposed again once it is this old, so its curtime stays fresh.',
  },
  {
    name: 'verdict_timeout_secs',
    label: 'Verdict timeout',
    min: 0.01,
    max: 600,
    hint: 'How long a proposal waits for the verifier’s verdict.',
  },
];

/** What the form holds: text as typed, so a half-typed number is not lost or coerced. */
export interface SettingsForm {
  rpc_url: string;
  longpoll: boolean;
  poll_interval_secs: string;
  longpoll_timeout_secs: string;
  rpc_timeout_secs: string;
  refresh_secs: string;
  verdict_timeout_secs: string;
  /** Empty: leave the node user as it is. */
  rpc_user: string;
  rpc_pass: string;
  clear_credentials: boolean;
}

export type FieldErrors = Partial<Record<FieldName, string>>;

export function formOf(settings: TemplateSettings): SettingsForm {
  return {
    rpc_url: settings.rpc_url,
    longpoll: settings.longpoll,
    poll_interval_secs: String(settings.poll_interval_secs),
    longpoll_timeout_secs: String(settings.longpoll_timeout_secs),
    rpc_timeout_secs: String(settings.rpc_timeout_secs),
    refresh_secs: String(settings.refresh_secs),
    verdict_timeout_secs: String(settings.verdict_timeout_secs),
    rpc_user: '',
    rpc_pass: '',
    clear_credentials: false,
  };
}

/** A number as the server reads it: finite, and the whole text (no "12abc"). */
function parseSeconds(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** parseNodeUrl's rules: http or https, a host, no credentials, no query or fragment. */
export function urlProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'rpc_url is required';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return 'rpc_url must start with http:// or https://';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'rpc_url is not a valid URL';
  }
  if (url.hostname === '') return 'rpc_url must name a host';
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/]*@/i.test(trimmed)) {
    return 'rpc_url must not contain credentials; set the node user and password instead';
  }
  if (trimmed.includes('?') || trimmed.includes('#')) return 'rpc_url must not have a query or fragment';
  return null;
}

const formatBound = (seconds: number) => seconds.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** "0.05 to 3,600 seconds", for a field's hint. */
export function rangeText(rule: DurationRule): string {
  return `${formatBound(rule.min)} to ${formatBound(rule.max)} seconds`;
}

/** Every problem of the form, by field; empty when the server should accept it. */
export function validateForm(form: SettingsForm): FieldErrors {
  const errors: FieldErrors = {};
  const url = urlProblem(form.rpc_url);
  if (url !== null) errors.rpc_url = url;
  for (const rule of DURATION_RULES) {
    const value = parseSeconds(form[rule.name]);
    if (value === null) {
      errors[rule.name] = `${rule.name} must be a number of seconds`;
    } else if (value < rule.min || value > rule.max) {
      errors[rule.name] = `${rule.name} must be between ${formatBound(rule.min)} and ${formatBound(rule.max)} seconds`;
    }
  }
  return errors;
}

/**
 * The partial update that turns `saved` into `form`: only changed fields, so a save never resets a setting someone
 * else changed meanwhile. Call after validateForm found nothing.
 */
export function updateOf(saved: TemplateSettings, form: SettingsForm): TemplateSettingsUpdate {
  const update: TemplateSettingsUpdate = {};
  if (form.rpc_url.trim() !== saved.rpc_url) update.rpc_url = form.rpc_url.trim();
  if (form.longpoll !== saved.longpoll) update.longpoll = form.longpoll;
  for (const rule of DURATION_RULES) {
    const value = parseSeconds(form[rule.name]);
    if (value !== null && value !== saved[rule.name]) update[rule.name] = value;
  }
  if (form.clear_credentials) {
    update.rpc_user = null;
    update.rpc_pass = null;
  } else {
    if (form.rpc_user !== '') update.rpc_user = form.rpc_user;
    if (form.rpc_pass !== '') update.rpc_pass = form.rpc_pass;
  }
  return update;
}

const FIELD_NAMES: readonly FieldName[] = [
  'rpc_url',
  'rpc_user',
  'rpc_pass',
  'longpoll',
  ...DURATION_RULES.map((rule) => rule.name),
];

/** The field a server problem is about: template-manager starts each problem with the setting's name. */
export function fieldOfProblem(problem: string): FieldName | null {
  const name = /^([a-z_]+)\b/.exec(problem)?.[1];
  return FIELD_NAMES.find((field) => field === name) ?? null;
}
