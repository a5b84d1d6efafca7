// The admin API, same origin, with HTTP Basic credentials of a Karaf user with the admin role. The credentials live
// in sessionStorage only: gone when the tab closes, never written to localStorage or a cookie. Every request is
// aborted after 15 s; every failure becomes an Error with the problem body's message.

const KEY = 'nerava.admin.credentials';
export const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network', retryAfter } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export function user() {
  const saved = sessionStorage.getItem(KEY);
  if (!saved) return null;
  try {
    return atob(saved).split(':')[0];
  } catch {
    return null;
  }
}

export function signedIn() {
  return sessionStorage.getItem(KEY) !== null;
}

/** Checks the credentials with a cheap admin read, and keeps them for this tab when they work. */
export async function signIn(name, password) {
  const encoded = btoa(unescape(encodeURIComponent(`${name}:${password}`)));
  await request('GET', '/v1/admin/deployments?limit=1', { credentials: encoded });
  sessionStorage.setItem(KEY, encoded);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

export async function request(method, path, { body, headers = {}, credentials, timeoutMs = TIMEOUT_MS } = {}) {
  const auth = credentials ?? sessionStorage.getItem(KEY);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const all = { Accept: 'application/json', ...headers };
  if (auth) all.Authorization = `Basic ${auth}`;
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
  if (response.status === 401) message = 'Wrong user name or password.';
  if (response.status === 403 && code === 'admin_role_required') message = 'This Karaf user does not have the admin role.';
  if (retry && /^\d+$/.test(retry)) message += ` Try again in ${retry} s.`;
  throw new ApiError(message, { status: response.status, code, retryAfter: retry ? Number(retry) : undefined });
}

function sentence(text) {
  const trimmed = String(text).trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
