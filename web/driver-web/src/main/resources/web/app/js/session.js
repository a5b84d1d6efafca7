// The driver's session: the bearer token from /v1/auth/otp/verify, kept in localStorage so the app stays signed in
// across reloads (the token is the only credential; it is revoked by signing out).

const KEY = 'nerava.session';
const listeners = new Set();

export function token() {
  return current()?.token ?? null;
}

export function current() {
  try {
    return JSON.parse(localStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function signedIn() {
  return token() !== null;
}

/** Saves the answer of /v1/auth/otp/verify. */
export function save(verified) {
  localStorage.setItem(KEY, JSON.stringify({
    token: verified.access_token,
    public_id: verified.user?.public_id,
    expires_at: Date.now() + (verified.expires_in ?? 0) * 1000,
  }));
  listeners.forEach((listener) => listener(true));
}

export function clear() {
  localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(false));
}

/** Calls the listener with true on sign-in and false on sign-out. */
export function onChange(listener) {
  listeners.add(listener);
}
