// The admin console (/admin) in headless Chromium against the real server and a fake GitHub: sign in with a Karaf
// admin user, switch the OTP provider (with its confirmation) and back, trigger a deployment (with the confirmation
// modal) and see it followed to its outcome, roll back to it, filter the history, read the audit trail and the
// features and the fleet; at desktop and phone sizes.

import { BASE, MOBILE, DESKTOP, watchedContext, shot, assert, equal, run } from './lib.mjs';

const ADMIN = `${BASE}/admin/`;
const USER = process.env.NERAVA_ADMIN_USER;
const PASSWORD = process.env.NERAVA_ADMIN_PASSWORD;

async function signIn(page) {
  await page.goto(ADMIN);
  await page.fill('#admin-user', USER);
  await page.fill('#admin-password', PASSWORD);
  await page.click('#admin-sign-in');
  await page.waitForSelector('#providers table');
}

await run('admin console', async (browser) => {
  const desktop = await watchedContext(browser, DESKTOP);
  const page = await desktop.newPage();

  // A wrong password is refused with a clear message, and nothing is kept.
  await page.goto(ADMIN);
  await page.fill('#admin-user', USER);
  await page.fill('#admin-password', 'not-the-password');
  await page.click('#admin-sign-in');
  await page.waitForSelector('#message:not([hidden])');
  equal(await page.textContent('#message'), 'Wrong user name or password.', 'refused sign-in');
  await shot(page, 'desktop-admin-signin');

  // Signed out, only the sign-in form shows: no tabs, no "Sign out".
  assert(!(await page.isVisible('#tabs')) && !(await page.isVisible('#sign-out')), 'signed out: no tabs, no sign-out');

  await signIn(page);
  // The password is traded for a session token: it is nowhere in the browser's storage.
  const stored = await page.evaluate(() => ({ session: { ...sessionStorage }, local: Object.keys(localStorage) }));
  const kept = JSON.stringify(stored);
  assert(stored.session['nerava.admin.session'] && stored.local.length === 0, `a session in sessionStorage only: ${kept}`);
  assert(!kept.includes(PASSWORD) && !kept.includes(btoa(`${USER}:${PASSWORD}`)), 'the password is not kept');
  const token = JSON.parse(stored.session['nerava.admin.session']).token;

  // OTP providers: console active; switch to twilio_verify after confirming, then back.
  const row = (id) => page.locator(`#providers tr[data-provider="${id}"]`);
  await row('console').locator('.badge.ok', { hasText: 'active' }).waitFor();
  await row('twilio_verify').waitFor();
  await shot(page, 'desktop-admin-providers');
  await row('twilio_verify').locator('[data-use]').click();
  await page.waitForSelector('#confirm[open]');
  assert((await page.textContent('#confirm-title')).includes('twilio_verify'), 'confirmation names the provider');
  await shot(page, 'desktop-admin-provider-confirm');
  await page.click('#confirm-cancel');
  await page.waitForSelector('#confirm:not([open])', { state: 'attached' });
  await row('console').locator('.badge.ok', { hasText: 'active' }).waitFor(); // cancelled: nothing changed
  await row('twilio_verify').locator('[data-use]').click();
  await page.click('#confirm-ok');
  await row('twilio_verify').locator('.badge.ok', { hasText: 'active' }).waitFor();
  assert((await page.textContent('#message')).includes('now twilio_verify (was console)'), 'switch reported');
  await row('console').locator('[data-use]').click();
  await page.click('#confirm-ok');
  await row('console').locator('.badge.ok', { hasText: 'active' }).waitFor();

  // Deployments: a target without a workflow cannot be deployed and says why.
  await page.click('a[data-tab="deployments"]');
  await page.waitForSelector('#deploy-targets button[data-target="backend"]');
  assert(await page.isDisabled('button[data-target="merchant"]'), 'merchant (no workflow) cannot be deployed');
  assert(/Not configured: set workflowMerchant/.test(await page.textContent('[data-target-card="merchant"]')),
    `merchant says why: ${await page.textContent('[data-target-card="merchant"]')}`);
  // Confirm in the modal, GitHub (the fake) accepts, the history links to the run.
  await page.fill('#deploy-ref', 'release/2.4');
  await page.click('button[data-target="backend"]');
  await page.waitForSelector('#confirm[open]');
  equal(await page.textContent('#confirm-title'), 'Deploy backend?', 'deployment confirmation');
  await shot(page, 'desktop-admin-deploy-confirm');
  await page.click('#confirm-ok');
  await page.waitForSelector('#deploy-result .run-link');
  const link = await page.getAttribute('#deployments tbody tr:first-child .run-link', 'href');
  assert(/\/actions\/runs\/\d+$/.test(link), `run link: ${link}`);
  // The server follows the run (completed by the fake) to its outcome; the page shows it without a reload.
  await page.waitForSelector('#deployments tbody tr:first-child .badge[data-status="succeeded"]', { timeout: 30000 });
  assert(/\d+ s/.test(await page.textContent('#deployments tbody tr:first-child td:nth-child(5)')), 'duration shown');
  // Now a rollback to it is offered, behind the same confirmation.
  const back = page.locator('button[data-rollback="backend"]:not([disabled])');
  await back.waitFor({ timeout: 15000 });
  assert((await back.textContent()).startsWith('Roll back to release/2.4 (deployed '), `rollback label: ${await back.textContent()}`);
  await back.click();
  await page.waitForSelector('#confirm[open]');
  equal(await page.textContent('#confirm-title'), 'Roll backend back to release/2.4?', 'rollback confirmation');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => /backend on release\/2\.4/.test(document.querySelector('#deploy-result')?.textContent ?? ''));
  // The history filters by status.
  await page.selectOption('#filter-status', 'succeeded');
  await page.waitForFunction(() => {
    const badges = [...document.querySelectorAll('#deployments tbody .badge')];
    return badges.length > 0 && badges.every((b) => b.dataset.status === 'succeeded');
  });
  await shot(page, 'desktop-admin-deployments');

  // The audit trail has the switches and the deployment, newest first; the filter narrows it.
  await page.click('a[data-tab="audit"]');
  await page.waitForSelector('#audit table');
  const actions = await page.$$eval('#audit tbody tr td:nth-child(3)', (cells) => cells.map((c) => c.textContent));
  assert(actions.includes('otp.provider.use') && actions.includes('deployment.trigger'), `audit actions: ${actions}`);
  await shot(page, 'desktop-admin-audit');
  await page.fill('#audit-action', 'deployment.trigger');
  await page.click('#audit-filter button');
  await page.waitForFunction(() => [...document.querySelectorAll('#audit tbody tr td:nth-child(3)')].every((c) => c.textContent === 'deployment.trigger'));

  // The fleet: this node, up and ready, applying the console provider switched to above.
  await page.click('a[data-tab="fleet"]');
  await page.waitForSelector('#fleet tbody tr');
  const self = await page.$eval('#fleet tbody tr', (row) => ({ state: row.dataset.state, text: row.textContent }));
  equal(self.state, 'up', 'this node is up in the fleet');
  assert(self.text.includes('(this node)') && self.text.includes('ready') && self.text.includes('console'),
    `fleet row: ${self.text}`);
  await shot(page, 'desktop-admin-fleet');

  // The features, with their state.
  await page.click('a[data-tab="features"]');
  await page.waitForSelector('#features tr[data-feature="nerava-driver-web"]');
  equal(await page.textContent('#features tr[data-feature="nerava-admin-ui"] .badge'), 'started', 'admin-ui state');
  await shot(page, 'desktop-admin-features');

  // Sign out forgets the session here and ends it on the server: its token no longer opens anything.
  await page.click('#sign-out');
  await page.waitForSelector('#admin-user');
  equal(await page.evaluate(() => sessionStorage.getItem('nerava.admin.session')), null, 'session forgotten');
  let revoked = 0;
  for (let i = 0; i < 50 && revoked !== 401; i++) {
    revoked = (await fetch(`${BASE}/v1/admin/audit?limit=1`, { headers: { Authorization: `Bearer ${token}` } })).status;
    if (revoked !== 401) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  equal(revoked, 401, 'the signed-out token is refused');
  desktop.check();
  await desktop.close();

  // Phone size: the providers and the deployments.
  const phone = await watchedContext(browser, MOBILE);
  const small = await phone.newPage();
  await signIn(small);
  await shot(small, 'mobile-admin-providers');
  await small.click('a[data-tab="deployments"]');
  await small.waitForSelector('#deployments table');
  await shot(small, 'mobile-admin-deployments');
  phone.check();
  await phone.close();
});
