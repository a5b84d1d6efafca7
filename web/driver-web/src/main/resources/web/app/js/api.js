// The Nerava REST API, same origin. Every request is aborted after 15 s, and every failure becomes an ApiError whose
// message a driver can read: the problem body's detail, the time to wait when rate limited, or what went wrong on
// the way.

export const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  /**
   * @param {string} message what to show
   * @param {{status?: number, code?: string, retryAfter?: number, offline?: boolean}} info
   */
  constructor(message, { status = 0, code = 'network', retryAfter, offline = false } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    // True when the server was not reached (offline, timeout): callers keep their saved data on screen.
    this.offline = offline;
  }
}

/** Seconds from a Retry-After header (seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(header, now = Date.now()) {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** "in 16 s", "in 2 min", "at 14:05" for a wait of this many seconds. */
export function whenToRetry(seconds, now = new Date()) {
  if (seconds < 60) return `in ${seconds} s`;
  if (seconds < 3600) return `in ${Math.ceil(seconds / 60)} min`;
  const at = new Date(now.getTime() + seconds * 1000);
  return `at ${at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** How long a request waits, retrying in the background, while the server is starting or a feature is swapped. */
export const UPDATE_PATIENCE_MS = 60000;
/** The server's answers that mean "being updated, nothing was done": safe to send again, whatever the method. */
const UPDATING = new Set(['starting', 'feature_unavailable']);
let updating = 0;

/** Tells the page (event `nerava:updating`, detail true/false) while any request waits for the server's update. */
function setUpdating(delta) {
  const before = updating > 0;
  updating += delta;
  if (before !== updating > 0) {
    window.dispatchEvent(new CustomEvent('nerava:updating', { detail: updating > 0 }));
  }
}

/**
 * Sends a request and answers the parsed JSON body (null for 204). While the server answers 503 `starting` or
 * `feature_unavailable` with Retry-After (a boot or a hot swap: the request was not handled), it is sent again after
 * the wait the server asks for, for up to a minute, and the page shows that Nerava is updating.
 * @param {string} method
 * @param {string} path e.g. '/v1/account'
 * @param {{body?: object, token?: string, timeoutMs?: number, patienceMs?: number}} options
 */
export async function request(method, path, { patienceMs = UPDATE_PATIENCE_MS, ...options } = {}) {
  const giveUpAt = Date.now() + patienceMs;
  let waiting = false;
  try {
    for (;;) {
      try {
        return await requestOnce(method, path, options);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 503 || !UPDATING.has(e.code) || e.retryAfter === undefined) throw e;
        const waitMs = Math.min(Math.max(e.retryAfter, 1), 10) * 1000;
        if (Date.now() + waitMs > giveUpAt) {
          throw new ApiError('Nerava is being updated. Please try again in a moment.',
            { status: 503, code: e.code, retryAfter: e.retryAfter });
        }
        if (!waiting) {
          waiting = true;
          setUpdating(1);
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  } finally {
    if (waiting) setUpdating(-1);
  }
}

async function requestOnce(method, path, { body, token, timeoutMs = TIMEOUT_MS } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    if (controller.signal.aborted) {
      throw new ApiError(`The server did not answer within ${timeoutMs / 1000} seconds. Check your connection and try again.`,
        { code: 'timeout', offline: true });
    }
    throw new ApiError('Cannot reach Nerava. Check your connection and try again.', { code: 'network', offline: true });
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return null;
  // Read as the admin console's api.js does, deliberately copied: each web bundle ships its own files (docs/web.md).
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.ok) return json;
  throw problemError(response, json);
}

function problemError(response, problem) {
  const status = response.status;
  const code = (problem && problem.code) || `http_${status}`;
  let message = sentence((problem && (problem.detail || problem.title)) || `The server answered ${status}`);
  const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
  if (status === 429 && retryAfter !== undefined) {
    message = `${message} Try again ${whenToRetry(retryAfter)}.`;
  } else if (status === 401 && (code === 'invalid_token' || code === 'missing_token')) {
    message = 'Your session has ended. Please sign in again.';
  }
  return new ApiError(message, { status, code, retryAfter });
}

/** "a code was just sent" -> "A code was just sent." */
export function sentence(text) {
  const trimmed = String(text).trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
