// Favorites, shared by every screen: one store, changed optimistically and rolled back when the server refuses.
// Kept in localStorage, so they show offline and before the server answered. Signed out, changes are kept locally
// and queued; signing in sends the queue, then the server's list replaces the local one.

import { request, ApiError } from './api.js';
import * as session from './session.js';

const KEY = 'nerava.favorites';
const listeners = new Set();

/** merchant_id -> {merchant_id, name, photo_url, created_at} */
let favorites = new Map();
/** merchant_id -> 'add' | 'remove': changes made while signed out, sent at the next sync. */
let pending = new Map();
let lastSync = { ok: null, error: null };

load();

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY)) ?? {};
    favorites = new Map((saved.favorites ?? []).map((f) => [f.merchant_id, f]));
    pending = new Map(Object.entries(saved.pending ?? {}));
  } catch {
    favorites = new Map();
    pending = new Map();
  }
}

function persist() {
  localStorage.setItem(KEY, JSON.stringify({
    favorites: [...favorites.values()],
    pending: Object.fromEntries(pending),
  }));
}

function changed() {
  persist();
  listeners.forEach((listener) => listener());
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function list() {
  return [...favorites.values()];
}

export function count() {
  return favorites.size;
}

export function has(merchantId) {
  return favorites.has(merchantId);
}

/** Whether the last sync reached the server: {ok: true|false|null, error}. */
export function syncState() {
  return lastSync;
}

/**
 * Likes or unlikes a merchant at once, then tells the server; on failure the change is undone and the error thrown
 * for the caller to show. Signed out, the change is queued for the next sign-in.
 * @param {{id: string, name?: string, photo_url?: string}} merchant
 */
export async function toggle(merchant) {
  const id = merchant.id ?? merchant.merchant_id;
  const before = favorites.get(id);
  const adding = !before;
  if (adding) {
    favorites.set(id, { merchant_id: id, name: merchant.name, photo_url: merchant.photo_url, created_at: new Date().toISOString() });
  } else {
    favorites.delete(id);
  }
  changed();
  if (!session.signedIn()) {
    pending.set(id, adding ? 'add' : 'remove');
    changed();
    return;
  }
  try {
    const path = `/v1/merchants/${encodeURIComponent(id)}/favorite`;
    if (adding) {
      const saved = await request('POST', path, { token: session.token() });
      favorites.set(id, { ...favorites.get(id), ...saved });
    } else {
      await request('DELETE', path, { token: session.token() });
    }
    changed();
  } catch (e) {
    // Roll back: the server did not take the change.
    if (adding) favorites.delete(id); else favorites.set(id, before);
    changed();
    throw e;
  }
}

/**
 * Sends the queued changes and takes the server's list. Offline (or the server failing) the saved list stays and
 * syncState() says so; a refused token signs the driver out.
 */
export async function sync() {
  if (!session.signedIn()) return;
  try {
    for (const [id, op] of [...pending]) {
      try {
        await request(op === 'add' ? 'POST' : 'DELETE', `/v1/merchants/${encodeURIComponent(id)}/favorite`, { token: session.token() });
      } catch (e) {
        if (e instanceof ApiError && (e.offline || e.status === 401 || e.status >= 500)) throw e;
        // 404 merchant_not_found: the merchant left the catalog; drop the change.
      }
      pending.delete(id);
    }
    const answer = await request('GET', '/v1/merchants/favorites', { token: session.token() });
    favorites = new Map(answer.favorites.map((f) => [f.merchant_id, f]));
    lastSync = { ok: true, error: null };
  } catch (e) {
    lastSync = { ok: false, error: e };
    if (e instanceof ApiError && e.status === 401) session.clear();
  }
  changed();
}

/** Forgets everything: on sign-out, the next driver on this device must not see these. */
export function reset() {
  favorites = new Map();
  pending = new Map();
  lastSync = { ok: null, error: null };
  changed();
}
