// The admin API, same origin. Signing in trades the user name and password (HTTP Basic, once) for an admin session
// token; only the token and the user name are kept, in sessionStorage (gone when the tab closes, never in
// localStorage or a cookie), and the password is forgotten at once. Signing out ends the session on the server.
// Every request is aborted after 15 s; every failure becomes an Error with the problem body's message.

const KEY = 'nerava.admin.session';
export const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network', retryAfter } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

function saved() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function user() {
  return saved()?.user ?? null;
}

export function signedIn() {
  return Boolean(saved()?.token);
}

/** Opens an admin session with the credentials and keeps its token (never the password) for this tab. */
export async function signIn(name, password) {
  const basic = `Basic ${btoa(unescape(encodeURIComponent(`${name}:${password}`)))}`;
  const { body } = await request('POST', '/v1/admin/sessions', { authorization: basic });
  sessionStorage.setItem(KEY, JSON.stringify({ token: body.token, user: body.session.user }));
}

/** Forgets the session here, and ends it on the server (best effort: it also ends by itself when idle). */
export async function signOut() {
  const token = saved()?.token;
  sessionStorage.removeItem(KEY);
  if (token) {
    try {
      await request('DELETE', '/v1/admin/sessions/current', { authorization: `Bearer ${token}` });
    } catch {
      // Already ended, or the server is away: nothing is kept here either way.
    }
  }
}

export async function request(method, path, { body, headers = {}, authorization, timeoutMs = TIMEOUT_MS } = {}) {
  const token = saved()?.token;
  const auth = authorization ?? (token ? `Bearer ${token}` : null);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const all = { Accept: 'application/json', ...headers };
  if (auth) all.Authorization = auth;
  if (body !== undefined) all['Content-Type'] = 'application/json';
  let response;
  try {
    // credentials: 'omit' so the browser never caches or offers Basic credentials by itself.
    response = await fetch(path, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal, credentials: 'omit', cache: 'no-store' });
  } catch {
    if (controller.signal.aborted) {
      throw new ApiError(`The server did not answer within ${timeoutMs / 1000} seconds. Try again.`, { code: 'timeout' });
    }
    throw new ApiError('Cannot reach the server. Check the connection and try again.');
  } finally {
    clearTimeout(timer);
  }
  // Read as the driver app's api.js does, deliberately copied: each web bundle ships its own files (docs/web.md).
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.ok) return { status: response.status, body: json, headers: response.headers };
  const code = json?.code ?? `http_${response.status}`;
  const retry = response.headers.get('Retry-After');
  let message = sentence(json?.detail ?? json?.title ?? `The server answered ${response.status}`);
  if (response.status === 401) {
    message = code === 'session_ended' ? 'Your session has ended. Sign in again.' : 'Wrong user name or password.';
  }
  if (response.status === 403 && code === 'admin_role_required') message = 'This Karaf user does not have the admin role.';
  if (retry && /^\d+$/.test(retry)) message += ` Try again in ${retry} s.`;
  throw new ApiError(message, { status: response.status, code, retryAfter: retry ? Number(retry) : undefined });
}

function sentence(text) {
  const trimmed = String(text).trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
