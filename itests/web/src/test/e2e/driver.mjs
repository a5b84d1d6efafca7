// The driver web app (/app) in headless Chromium against the real server: sign-in through the console provider,
// the merchant carousel with its photos, favorites (optimistic, rolled back, kept across reloads), an exclusive
// activated and completed, the account page and sign-out; at phone and desktop sizes.

import { BASE, MOBILE, DESKTOP, watchedContext, shot, consoleCode, codesSoFar, assert, equal, run } from './lib.mjs';

const APP = `${BASE}/app/`;
// At the SoMa charger of the shipped catalog (etc/nerava-merchants.json): within its activation radius.
const AT_CHARGER = { latitude: 37.78235, longitude: -122.40255 };
const BROKEN_PHOTO = 'm_golden_hour_bakery';

/** Counts each merchant photo's requests; the server serves them (etc/nerava-merchant-photos), but one is made to fail. */
async function photoServer(context) {
  const counts = new Map();
  await context.route('**/v1/merchants/photos/*', (route) => {
    const url = route.request().url();
    counts.set(url, (counts.get(url) ?? 0) + 1);
    const id = url.split('/').pop().replace('.svg', '');
    if (id === BROKEN_PHOTO) return route.fulfill({ status: 404, body: 'gone' });
    return route.continue();
  });
  return counts;
}

async function signIn(page, phone, { screenshots } = {}) {
  await page.goto(`${APP}#/signin`);
  await page.fill('#phone', phone);
  if (screenshots) await shot(page, `${screenshots}-signin`);
  const before = codesSoFar(phone);
  await page.click('#send-code');
  await page.waitForSelector('#code');
  const code = await consoleCode(phone, before);
  await page.fill('#code', code);
  if (screenshots) await shot(page, `${screenshots}-code`);
  await page.click('#verify-code');
  await page.waitForSelector('#carousel-track .slide, #manual-position');
}

async function slideOf(page, merchantId) {
  return page.locator(`#carousel-track .slide[data-merchant-id="${merchantId}"]`);
}

await run('driver web app', async (browser) => {
  // ---- phone size, with the browser's geolocation at the charger
  const phone = await watchedContext(browser, { ...MOBILE, permissions: ['geolocation'], geolocation: AT_CHARGER });
  const photoRequests = await photoServer(phone);
  const page = await phone.newPage();

  // The carousel before signing in: the app asks the browser where it is.
  await page.goto(APP);
  await page.waitForSelector('#carousel-track .slide');
  const merchantIds = await page.$$eval('#carousel-track .slide', (slides) => slides.map((s) => s.dataset.merchantId));
  assert(merchantIds.length >= 3, `merchants near the charger: ${merchantIds}`);
  equal(await page.textContent('#carousel-position'), `1 / ${merchantIds.length}`, 'carousel position');
  // The first photo is shown and the second already loaded, before any swipe.
  await page.waitForSelector('#carousel-track .slide:nth-child(1) .photo-frame img');
  await page.waitForSelector('#carousel-track .slide:nth-child(2) .photo-frame img');
  const photoOf = (id) => `${BASE}/v1/merchants/photos/${id}.svg`;
  equal(photoRequests.get(photoOf(merchantIds[1])), 1, 'next photo preloaded once');
  assert(!photoRequests.has(photoOf(merchantIds[merchantIds.length - 1])) || merchantIds.length <= 2, 'far photos are not loaded up front');
  await shot(page, 'mobile-merchants');

  // Through every slide and back: each photo is requested once, the broken one shows the fallback picture.
  for (let i = 1; i < merchantIds.length; i++) {
    await page.click('#carousel-next');
    await page.waitForFunction((n) => document.querySelector('#carousel-position').textContent.startsWith(`${n} /`), i + 1);
  }
  for (let i = merchantIds.length - 1; i > 0; i--) await page.click('#carousel-prev');
  await page.waitForFunction(() => document.querySelector('#carousel-position').textContent.startsWith('1 /'));
  // A swipe is a horizontal scroll of the track: the carousel follows it.
  await page.$eval('#carousel-track', (track) => track.scrollTo({ left: track.clientWidth * 2, behavior: 'instant' }));
  await page.waitForFunction(() => document.querySelector('#carousel-position').textContent.startsWith('3 /'));
  await page.$eval('#carousel-track', (track) => track.scrollTo({ left: 0, behavior: 'instant' }));
  await page.waitForFunction(() => document.querySelector('#carousel-position').textContent.startsWith('1 /'));
  for (const id of merchantIds) equal(photoRequests.get(photoOf(id)), 1, `requests of the photo of ${id}`);
  const broken = await slideOf(page, BROKEN_PHOTO);
  if (merchantIds.includes(BROKEN_PHOTO)) {
    await broken.locator('img[data-fallback="true"]').waitFor();
    assert((await broken.locator('img').getAttribute('src')).endsWith('/img/merchant-fallback.svg'), 'fallback image');
  }

  // Sign in with the console provider: the code comes from the server's log.
  await signIn(page, '+14155550142', { screenshots: 'mobile' });
  assert(await page.evaluate(() => localStorage.getItem('nerava.session') !== null), 'session kept');

  // Favorite a merchant: the heart fills at once, the server has it, the tab shows the count.
  const favorite = merchantIds[0];
  const saved = page.waitForResponse((r) => r.url().endsWith(`/v1/merchants/${favorite}/favorite`) && r.request().method() === 'POST');
  await (await slideOf(page, favorite)).locator('button.heart').click();
  equal(await (await slideOf(page, favorite)).locator('button.heart').getAttribute('aria-pressed'), 'true', 'heart filled at once');
  equal((await saved).status(), 201, 'favorite saved on the server');
  equal(await page.textContent('#favorites-count'), '1', 'favorites count in the tab bar');

  // A refused favorite is rolled back and the problem's message shown.
  const refused = merchantIds[1];
  await phone.route(`**/v1/merchants/${refused}/favorite`, (route) => route.fulfill({
    status: 503, contentType: 'application/problem+json', headers: { 'Retry-After': '5' },
    body: JSON.stringify({ status: 503, code: 'database_unavailable', title: 'Service unavailable', detail: 'the database did not answer' }),
  }));
  await (await slideOf(page, refused)).locator('button.heart').click();
  await page.waitForSelector('#message:not([hidden])');
  equal(await page.textContent('#message'), 'The database did not answer.', 'problem detail shown');
  await page.waitForFunction((id) => document.querySelector(`.slide[data-merchant-id="${id}"] button.heart`).getAttribute('aria-pressed') === 'false', refused);
  equal(await page.textContent('#favorites-count'), '1', 'rolled back');
  await phone.unroute(`**/v1/merchants/${refused}/favorite`);

  // The carousel came back after signing in, without reloading its photos: still one request per photo.
  for (const [url, count] of photoRequests) equal(count, 1, `requests of ${url} in this page session`);

  // Reload: still a favorite, also once the device's copy is gone (it comes back from the server).
  await page.goto(`${APP}#/favorites`);
  await page.reload();
  await page.waitForSelector(`#favorites-list li[data-merchant-id="${favorite}"]`);
  await page.evaluate(() => localStorage.removeItem('nerava.favorites'));
  await page.reload();
  await page.waitForSelector(`#favorites-list li[data-merchant-id="${favorite}"]`);
  await shot(page, 'mobile-favorites');

  // Offline: the server cannot be reached; the saved favorites stay on screen.
  await page.goto(`${APP}#/favorites`);
  await phone.route('**/v1/merchants/favorites', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await page.waitForSelector(`#favorites-list li[data-merchant-id="${favorite}"]`);
  await page.waitForFunction(() => document.querySelector('#favorites-note').textContent.includes('saved on this device'));
  await phone.unroute('**/v1/merchants/favorites');

  // A hot swap of the favorites feature, as the server answers it: 503 feature_unavailable with Retry-After twice,
  // then served. The app retries by itself and says "Updating", never the server's words or an error.
  let swapped = 0;
  await phone.route('**/v1/merchants/favorites', async (route) => {
    if (swapped++ < 2) {
      await route.fulfill({ status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'application/problem+json' },
        body: JSON.stringify({ type: 'urn:nerava:problem:feature_unavailable', title: 'Service Unavailable', status: 503,
          code: 'feature_unavailable', detail: 'this part of Nerava is being updated' }) });
    } else {
      await route.continue();
    }
  });
  await page.goto(`${APP}#/merchants`);
  await page.goto(`${APP}#/favorites`);
  await page.reload();
  await page.waitForSelector('#updating-badge:not([hidden])');
  equal(await page.textContent('#updating-badge'), 'Updating — back in a moment', 'updating badge');
  await shot(page, 'mobile-updating');
  await page.waitForSelector('#updating-badge', { state: 'hidden', timeout: 10000 });
  await page.waitForSelector(`#favorites-list li[data-merchant-id="${favorite}"]`);
  assert(swapped >= 3, `retried after the 503s (${swapped} requests)`);
  assert(!(await page.isVisible('#message')) || !(await page.textContent('#message')).includes('being updated'),
    'no error shown for the update');
  await phone.unroute('**/v1/merchants/favorites');

  // Activate an exclusive where the browser says we are, watch the countdown, complete it.
  await page.goto(`${APP}#/activate/${favorite}`);
  await page.click('#activate-here');
  await page.waitForSelector('#countdown');
  assert(/^\d+:\d\d left$/.test(await page.textContent('#countdown')), 'countdown shown');
  const first = await page.textContent('#countdown');
  await page.waitForFunction((t) => document.querySelector('#countdown').textContent !== t, first, { timeout: 5000 });
  await shot(page, 'mobile-exclusive');
  await page.click('#complete');
  await page.waitForSelector('#completed');
  await shot(page, 'mobile-exclusive-completed');

  // The account: masked phone, favorites count; then sign out.
  await page.goto(`${APP}#/account`);
  await page.waitForSelector('#phone-masked');
  equal(await page.textContent('#phone-masked'), '***-***-0142', 'masked phone');
  equal(await page.textContent('#account-favorites'), '1', 'favorites count');
  await shot(page, 'mobile-account');
  await page.click('#sign-out');
  await page.waitForSelector('#phone');
  assert(await page.evaluate(() => localStorage.getItem('nerava.session') === null && localStorage.getItem('nerava.favorites') !== null
    && JSON.parse(localStorage.getItem('nerava.favorites')).favorites.length === 0), 'signed out, favorites forgotten');

  phone.check();
  await phone.close();

  // ---- the 15-second client timeout and the rate limit, on a fake clock
  const slow = await watchedContext(browser, MOBILE);
  const slowPage = await slow.newPage();
  await slowPage.clock.install();
  await slow.route('**/v1/auth/otp/start', () => { /* never answers */ });
  await slowPage.goto(`${APP}#/signin`);
  await slowPage.fill('#phone', '+14155550143');
  await slowPage.click('#send-code');
  await slowPage.waitForSelector('#send-code[aria-busy="true"]');
  assert((await slowPage.textContent('#send-code')).includes('Sending code…'), 'spinner label');
  await shot(slowPage, 'mobile-sending-code');
  await slowPage.clock.runFor(15_100);
  await slowPage.waitForSelector('#message:not([hidden])');
  equal(await slowPage.textContent('#message'), 'The server did not answer within 15 seconds. Check your connection and try again.', 'timeout message');
  assert(!(await slowPage.isDisabled('#send-code')), 'the button works again');
  await slow.unroute('**/v1/auth/otp/start');
  // The first send of a number goes through; the second right after is refused by the server's cooldown.
  await slowPage.click('#send-code');
  await slowPage.waitForSelector('#code');
  await slowPage.goto(`${APP}#/signin`);
  await slowPage.reload();
  await slowPage.fill('#phone', '+14155550143');
  await slowPage.click('#send-code');
  await slowPage.waitForSelector('#message:not([hidden])');
  const limited = await slowPage.textContent('#message');
  assert(/wait before asking for another/i.test(limited) && /Try again in \d+ s\./.test(limited), `rate limit message: ${limited}`);
  await shot(slowPage, 'mobile-rate-limited');
  slow.check();
  await slow.close();

  // ---- desktop, no geolocation: the manual position for the carousel and for the activation
  const desktop = await watchedContext(browser, DESKTOP);
  await photoServer(desktop);
  const wide = await desktop.newPage();
  await signIn(wide, '+14155550144', { screenshots: 'desktop' });
  await wide.goto(`${APP}#/merchants`);
  await wide.waitForSelector('#manual-position[open]');
  await wide.fill('#lat', String(AT_CHARGER.latitude));
  await wide.fill('#lng', String(AT_CHARGER.longitude));
  await wide.click('#search-position');
  await wide.waitForSelector('#carousel-track .slide:nth-child(1) .photo-frame img');
  await shot(wide, 'desktop-merchants');
  const target = await wide.getAttribute('#carousel-track .slide:nth-child(1)', 'data-merchant-id');
  await wide.click(`#carousel-track .slide[data-merchant-id="${target}"] [data-activate]`);
  await wide.waitForSelector('#activate-form');
  equal(await wide.inputValue('#activate-lat'), String(AT_CHARGER.latitude), 'manual form remembers the position');
  await wide.click('#activate-manual');
  await wide.waitForSelector('#countdown');
  await shot(wide, 'desktop-exclusive');
  await wide.click('#complete');
  await wide.waitForSelector('#completed');
  await wide.goto(`${APP}#/account`);
  await wide.waitForSelector('#phone-masked');
  equal(await wide.textContent('#phone-masked'), '***-***-0144', 'masked phone');
  await shot(wide, 'desktop-account');
  desktop.check();
  await desktop.close();
});
