// The reference driver app: hash routes, one screen at a time, everything against the same-origin REST API.

import { request, ApiError } from './api.js';
import { h, busy } from './dom.js';
import * as session from './session.js';
import * as favorites from './favorites.js';
import * as photos from './photos.js';
import * as location from './location.js';

const screen = document.getElementById('screen');
const messageBox = document.getElementById('message');
const LAST_MERCHANTS = 'nerava.lastMerchants';
let leaveScreen = () => {};

// ---- messages
// showMessage/clearMessage as in the admin console's main.js, deliberately copied: each web bundle ships its own files.

function showMessage(text, kind = 'error') {
  messageBox.textContent = text;
  messageBox.className = `message ${kind}`;
  messageBox.hidden = false;
}

function clearMessage() {
  messageBox.hidden = true;
  messageBox.textContent = '';
}

function showError(error) {
  showMessage(error instanceof Error ? error.message : String(error));
  if (error instanceof ApiError && error.status === 401) {
    session.clear();
  }
}

// ---- routing

const routes = {
  signin: signInScreen,
  merchants: merchantsScreen,
  favorites: favoritesScreen,
  exclusive: exclusiveScreen,
  activate: activateScreen,
  account: accountScreen,
};
const needsSignIn = new Set(['exclusive', 'activate', 'account']);

function navigate(hash) {
  if (window.location.hash === hash) route(); else window.location.hash = hash;
}

function route() {
  const [name, ...rest] = (window.location.hash.replace(/^#\/?/, '') || 'merchants').split('/');
  const target = routes[name] ? name : 'merchants';
  leaveScreen();
  leaveScreen = () => {};
  clearMessage();
  document.querySelectorAll('#tab-bar a').forEach((tab) => {
    tab.classList.toggle('active', tab.dataset.tab === (target === 'activate' ? 'exclusive' : target));
  });
  screen.replaceChildren();
  if (needsSignIn.has(target) && !session.signedIn()) {
    signInScreen(window.location.hash);
    return;
  }
  routes[target](...rest.map(decodeURIComponent));
  screen.focus({ preventScroll: true });
}

// ---- sign-in

function signInScreen(then) {
  const next = typeof then === 'string' && then.startsWith('#/') && !then.startsWith('#/signin') ? then : '#/merchants';
  const phone = h('input', { type: 'tel', name: 'phone', id: 'phone', autocomplete: 'tel', inputmode: 'tel', required: true,
    placeholder: '+1 415 555 0123', maxlength: 40 });
  const send = h('button', { type: 'submit', class: 'primary', id: 'send-code' }, 'Send code');
  const phoneForm = h('form', { class: 'card stack', novalidate: true },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'We text you a code. No password needed.'),
    h('label', { for: 'phone' }, 'Phone number'), phone, send);
  phoneForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage();
    if (!phone.value.trim()) {
      showMessage('Enter your phone number.');
      return;
    }
    try {
      const started = await busy(send, 'Sending code…', () => request('POST', '/v1/auth/otp/start', { body: { phone: phone.value } }));
      codeStep(phone.value, started);
    } catch (e) {
      showError(e);
    }
  });
  screen.append(phoneForm);
  phone.focus();

  function codeStep(number, started) {
    const code = h('input', { type: 'text', name: 'code', id: 'code', autocomplete: 'one-time-code', inputmode: 'numeric',
      pattern: '[0-9]*', maxlength: 8, required: true });
    const verify = h('button', { type: 'submit', class: 'primary', id: 'verify-code' }, 'Verify');
    const resend = h('button', { type: 'button', class: 'link', disabled: true }, 'Send a new code');
    const other = h('button', { type: 'button', class: 'link', onclick: () => route() }, 'Use another number');
    const codeForm = h('form', { class: 'card stack', novalidate: true },
      h('h1', {}, 'Enter the code'),
      h('p', { class: 'muted' }, `We sent a code to ${number}. It is valid for ${Math.round((started?.expires_in ?? 300) / 60)} minutes.`),
      h('label', { for: 'code' }, 'Code'), code, verify, h('div', { class: 'row' }, resend, other));
    let wait = started?.resend_after ?? 30;
    const tick = () => {
      resend.disabled = wait > 0;
      resend.textContent = wait > 0 ? `Send a new code in ${wait} s` : 'Send a new code';
      wait -= 1;
    };
    tick();
    const timer = setInterval(tick, 1000);
    leaveScreen = () => clearInterval(timer);
    resend.addEventListener('click', async () => {
      clearMessage();
      try {
        const again = await busy(resend, 'Sending code…', () => request('POST', '/v1/auth/otp/start', { body: { phone: number } }));
        wait = again?.resend_after ?? 30;
        tick();
        showMessage('A new code is on its way.', 'info');
      } catch (e) {
        showError(e);
      }
    });
    codeForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearMessage();
      try {
        const verified = await busy(verify, 'Checking…', () => request('POST', '/v1/auth/otp/verify', { body: { phone: number, code: code.value.trim() } }));
        session.save(verified);
        await favorites.sync();
        navigate(next);
      } catch (e) {
        showError(e);
      }
    });
    screen.replaceChildren(codeForm);
    code.focus();
  }
}

// ---- merchants

function merchantsScreen() {
  const results = h('div', { class: 'results', id: 'merchants' });
  const lat = h('input', { type: 'text', inputmode: 'decimal', id: 'lat', name: 'lat', placeholder: '37.7824' });
  const lng = h('input', { type: 'text', inputmode: 'decimal', id: 'lng', name: 'lng', placeholder: '-122.4026' });
  const here = h('button', { type: 'button', class: 'secondary', id: 'use-location' }, 'Use my location');
  const manual = h('details', { class: 'manual', id: 'manual-position' },
    h('summary', {}, 'Enter a position'),
    h('form', { class: 'row wrap' },
      h('label', {}, 'Latitude', lat), h('label', {}, 'Longitude', lng),
      h('button', { type: 'submit', class: 'secondary', id: 'search-position' }, 'Search')));
  screen.append(h('section', { class: 'stack' },
    h('div', { class: 'row spread' }, h('h1', {}, 'Merchants near you'), here), manual, results));

  const last = location.lastPosition();
  if (last) {
    lat.value = last.lat;
    lng.value = last.lng;
  }
  manual.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      search(location.parseManual(lat.value, lng.value));
    } catch (e) {
      showError(e);
    }
  });
  here.addEventListener('click', () => useBrowserLocation());

  async function useBrowserLocation() {
    clearMessage();
    try {
      const position = await busy(here, 'Locating…', () => location.locate());
      lat.value = position.lat;
      lng.value = position.lng;
      await search(position);
    } catch (e) {
      manual.open = true;
      showMessage(e.message, 'info');
    }
  }

  async function search(position) {
    clearMessage();
    results.replaceChildren(h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' Looking for merchants…'));
    try {
      const answer = await request('GET', `/v1/merchants?lat=${position.lat}&lng=${position.lng}&radius_m=5000&limit=20`);
      localStorage.setItem(LAST_MERCHANTS, JSON.stringify(answer.merchants));
      renderMerchants(answer.merchants);
    } catch (e) {
      const saved = JSON.parse(localStorage.getItem(LAST_MERCHANTS) ?? 'null');
      if (e.offline && saved) {
        showMessage(`${e.message} Showing the merchants from your last search.`, 'info');
        renderMerchants(saved);
      } else {
        results.replaceChildren();
        showError(e);
      }
    }
  }

  function renderMerchants(merchants) {
    if (merchants.length === 0) {
      results.replaceChildren(h('p', { class: 'empty' }, 'No merchants within 5 km. Try another position.'));
      return;
    }
    const stop = carousel(results, merchants);
    leaveScreen = stop;
  }

  if (last) search(last); else useBrowserLocation();
}

/** A swipeable carousel of merchant cards; answers a function that detaches it. */
function carousel(container, merchants) {
  const slides = merchants.map((merchant) => merchantCard(merchant, 'li'));
  const track = h('ul', { class: 'track', id: 'carousel-track' }, slides);
  const position = h('span', { class: 'position', 'aria-live': 'polite', id: 'carousel-position' });
  const prev = h('button', { type: 'button', class: 'nav', 'aria-label': 'Previous merchant', id: 'carousel-prev' }, '‹');
  const next = h('button', { type: 'button', class: 'nav', 'aria-label': 'Next merchant', id: 'carousel-next' }, '›');
  container.replaceChildren(h('div', { class: 'carousel', role: 'region', 'aria-roledescription': 'carousel', 'aria-label': 'Merchants' },
    track, h('div', { class: 'row center' }, prev, position, next)));
  let index = -1;

  function select(newIndex) {
    const bounded = Math.max(0, Math.min(merchants.length - 1, newIndex));
    if (bounded === index) return;
    index = bounded;
    position.textContent = `${index + 1} / ${merchants.length}`;
    prev.disabled = index === 0;
    next.disabled = index === merchants.length - 1;
    // This photo, and the next one before the driver swipes to it; both go into their slides once loaded.
    for (const i of [index, index + 1]) {
      if (i < merchants.length) photos.show(slides[i].querySelector('.photo-frame'), merchants[i].photo_url, merchants[i].name);
    }
  }

  function scrollTo(i) {
    const bounded = Math.max(0, Math.min(merchants.length - 1, i));
    track.scrollTo({ left: bounded * track.clientWidth, behavior: 'smooth' });
    select(bounded);
  }

  prev.addEventListener('click', () => scrollTo(index - 1));
  next.addEventListener('click', () => scrollTo(index + 1));
  let settle;
  const onScroll = () => {
    clearTimeout(settle);
    settle = setTimeout(() => select(Math.round(track.scrollLeft / Math.max(1, track.clientWidth))), 80);
  };
  track.addEventListener('scroll', onScroll, { passive: true });
  track.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowRight') scrollTo(index + 1);
    if (event.key === 'ArrowLeft') scrollTo(index - 1);
  });
  track.tabIndex = 0;
  select(0);
  return () => clearTimeout(settle);
}

function heartButton(merchant) {
  const id = merchant.id ?? merchant.merchant_id;
  const button = h('button', { type: 'button', class: 'heart', dataset: { favorite: id } });
  const paint = () => {
    const liked = favorites.has(id);
    button.setAttribute('aria-pressed', String(liked));
    button.setAttribute('aria-label', liked ? `Remove ${merchant.name ?? id} from favorites` : `Add ${merchant.name ?? id} to favorites`);
    button.textContent = liked ? '♥' : '♡';
  };
  paint();
  const unsubscribe = favorites.subscribe(() => (button.isConnected ? paint() : unsubscribe()));
  button.addEventListener('click', async () => {
    try {
      await favorites.toggle(merchant);
    } catch (e) {
      showError(e);
    }
  });
  return button;
}

function merchantCard(merchant, tag) {
  return h(tag, { class: 'slide card', dataset: { merchantId: merchant.id } },
    h('div', { class: 'photo-frame' }),
    h('div', { class: 'row spread' },
      h('div', {}, h('h2', {}, merchant.name), h('p', { class: 'muted' },
        [merchant.category, merchant.distance_m !== undefined ? `${merchant.distance_m} m away` : null].filter(Boolean).join(' · '))),
      heartButton(merchant)),
    h('p', { class: 'offer' }, merchant.offer),
    h('button', { type: 'button', class: 'primary', dataset: { activate: merchant.id },
      onclick: () => navigate(`#/activate/${encodeURIComponent(merchant.id)}`) }, 'Activate exclusive'));
}

// ---- favorites

function favoritesScreen() {
  const list = h('ul', { class: 'favorites', id: 'favorites-list' });
  const note = h('p', { class: 'muted', id: 'favorites-note' });
  screen.append(h('section', { class: 'stack' }, h('h1', {}, 'Favorites'), note, list));
  const render = () => {
    const items = favorites.list();
    const state = favorites.syncState();
    note.textContent = !session.signedIn()
      ? 'Saved on this device. Sign in to keep them on your account.'
      : state.ok === false ? `Showing favorites saved on this device. ${state.error?.message ?? ''}` : '';
    if (items.length === 0) {
      list.replaceChildren(h('li', { class: 'empty' }, 'No favorites yet. Tap ♡ on a merchant.'));
      return;
    }
    list.replaceChildren(...items.map((favorite) => {
      const frame = h('div', { class: 'thumb' });
      photos.show(frame, favorite.photo_url, favorite.name ?? favorite.merchant_id);
      return h('li', { class: 'card row', dataset: { merchantId: favorite.merchant_id } },
        frame, h('span', { class: 'grow' }, favorite.name ?? favorite.merchant_id),
        heartButton({ id: favorite.merchant_id, name: favorite.name, photo_url: favorite.photo_url }));
    }));
  };
  render();
  const unsubscribe = favorites.subscribe(render);
  leaveScreen = unsubscribe;
  favorites.sync();
}

// ---- exclusives

function activateScreen(merchantId) {
  const title = h('h1', {}, 'Activate exclusive');
  const about = h('p', { class: 'muted' }, 'Exclusives activate at the charger, within a short walk of it.');
  const lat = h('input', { type: 'text', inputmode: 'decimal', id: 'activate-lat', name: 'lat' });
  const lng = h('input', { type: 'text', inputmode: 'decimal', id: 'activate-lng', name: 'lng' });
  const last = location.lastPosition();
  if (last) {
    lat.value = last.lat;
    lng.value = last.lng;
  }
  const here = h('button', { type: 'button', class: 'primary', id: 'activate-here' }, 'Activate at my location');
  const manualButton = h('button', { type: 'submit', class: 'secondary', id: 'activate-manual' }, 'Activate at this position');
  const manual = h('form', { class: 'stack', id: 'activate-form' },
    h('p', { class: 'muted' }, 'No location from this device? Enter where you are:'),
    h('div', { class: 'row wrap' }, h('label', {}, 'Latitude', lat), h('label', {}, 'Longitude', lng)), manualButton);
  screen.append(h('section', { class: 'card stack' }, title, about, here, manual));

  let merchant = null;
  request('GET', `/v1/merchants/${encodeURIComponent(merchantId)}`).then((m) => {
    merchant = m;
    title.textContent = `Activate at ${m.name}`;
    about.textContent = m.offer;
  }).catch(showError);

  async function activate(button, position) {
    if (!merchant) merchant = await request('GET', `/v1/merchants/${encodeURIComponent(merchantId)}`);
    await busy(button, 'Activating…', () => request('POST', '/v1/exclusive/activate', {
      token: session.token(),
      body: { merchant_id: merchant.id, charger_id: merchant.charger_id, lat: position.lat, lng: position.lng },
    }));
    navigate('#/exclusive');
  }

  here.addEventListener('click', async () => {
    clearMessage();
    let position;
    try {
      position = await busy(here, 'Locating…', () => location.locate());
    } catch (e) {
      showMessage(e.message, 'info');
      lat.focus();
      return;
    }
    try {
      await activate(here, position);
    } catch (e) {
      showError(e);
    }
  });
  manual.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage();
    try {
      await activate(manualButton, location.parseManual(lat.value, lng.value));
    } catch (e) {
      showError(e);
    }
  });
}

function exclusiveScreen() {
  const body = h('section', { class: 'card stack', id: 'exclusive' }, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' Loading…'));
  screen.append(h('h1', {}, 'Exclusive'), body);
  let timer;
  leaveScreen = () => clearInterval(timer);

  request('GET', '/v1/exclusive/active', { token: session.token() }).then(async (active) => {
    let merchant = null;
    try {
      merchant = await request('GET', `/v1/merchants/${encodeURIComponent(active.merchant_id)}`);
    } catch {
      merchant = null; // the name is a nicety; the session is what matters
    }
    const countdown = h('p', { class: 'countdown', id: 'countdown', 'aria-live': 'off' });
    const complete = h('button', { type: 'button', class: 'primary', id: 'complete' }, 'Complete visit');
    const tick = () => {
      const left = Math.max(0, Math.floor((Date.parse(active.expires_at) - Date.now()) / 1000));
      countdown.textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left` : 'Expired';
      complete.disabled = left === 0;
      if (left === 0) clearInterval(timer);
    };
    tick();
    timer = setInterval(tick, 1000);
    complete.addEventListener('click', async () => {
      clearMessage();
      try {
        const done = await busy(complete, 'Completing…', () => request('POST', `/v1/exclusive/${encodeURIComponent(active.id)}/complete`, { token: session.token() }));
        clearInterval(timer);
        body.replaceChildren(
          h('h2', { id: 'completed' }, 'Visit completed'),
          h('p', {}, `Your reward at ${merchant?.name ?? done.session.merchant_id} is recorded.`),
          h('p', { class: 'muted' }, `Reward ${done.reward.id}`),
          h('a', { href: '#/merchants', class: 'button secondary' }, 'Back to merchants'));
      } catch (e) {
        showError(e);
      }
    });
    body.replaceChildren(
      h('h2', {}, merchant?.name ?? active.merchant_id),
      merchant ? h('p', { class: 'offer' }, merchant.offer) : null,
      h('p', { class: 'muted' }, `Active since ${new Date(active.activated_at).toLocaleTimeString()}`),
      countdown, complete);
  }).catch((e) => {
    if (e instanceof ApiError && e.code === 'no_active_session') {
      body.replaceChildren(h('p', { id: 'no-exclusive' }, 'No active exclusive. Pick a merchant and press “Activate exclusive”.'),
        h('a', { href: '#/merchants', class: 'button secondary' }, 'See merchants'));
    } else {
      body.replaceChildren();
      showError(e);
    }
  });
}

// ---- account

function accountScreen() {
  const body = h('dl', { class: 'card facts', id: 'account' });
  const signOut = h('button', { type: 'button', class: 'secondary danger', id: 'sign-out' }, 'Sign out');
  screen.append(h('section', { class: 'stack' }, h('h1', {}, 'Account'), body, signOut));
  request('GET', '/v1/account', { token: session.token() }).then((account) => {
    body.replaceChildren(
      h('dt', {}, 'Phone'), h('dd', { id: 'phone-masked' }, account.phone_masked),
      h('dt', {}, 'Favorites'), h('dd', { id: 'account-favorites' }, String(account.favorites_count ?? favorites.count())));
  }).catch((e) => {
    showError(e);
    if (e instanceof ApiError && e.status === 401) route();
  });
  signOut.addEventListener('click', async () => {
    try {
      await busy(signOut, 'Signing out…', () => request('POST', '/v1/auth/logout', { token: session.token() }));
    } catch {
      // Offline or already revoked: forget the token here anyway; it expires on the server.
    }
    session.clear();
    favorites.reset();
    navigate('#/signin');
  });
}

// ---- shell

function paintCount() {
  const count = favorites.count();
  document.getElementById('favorites-count').textContent = count > 0 ? String(count) : '';
}

function paintOnline() {
  document.getElementById('offline-badge').hidden = navigator.onLine;
}

favorites.subscribe(paintCount);
session.onChange((isSignedIn) => {
  if (!isSignedIn) favorites.reset();
});
window.addEventListener('hashchange', route);
window.addEventListener('online', () => {
  paintOnline();
  favorites.sync();
});
window.addEventListener('offline', paintOnline);
// A request waiting out a boot or a hot swap (api.js): say so instead of the server's words.
window.addEventListener('nerava:updating', (event) => {
  document.getElementById('updating-badge').hidden = !event.detail;
});
paintCount();
paintOnline();
route();
favorites.sync();
