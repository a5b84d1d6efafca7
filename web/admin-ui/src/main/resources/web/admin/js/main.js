// The admin console: OTP providers, deployments, the fleet, the audit trail and the installed features, through the
// admin API.

import * as api from './api.js';
import { h, busy } from './dom.js';

const screen = document.getElementById('screen');
const messageBox = document.getElementById('message');
const dialog = document.getElementById('confirm');
const TARGETS = ['backend', 'driver', 'admin', 'merchant'];
const PAGE_SIZE = 20;

// ---- messages and confirmation
// showMessage/clearMessage as in the driver app's main.js, deliberately copied: each web bundle ships its own files.

function showMessage(text, kind = 'error') {
  messageBox.textContent = text;
  messageBox.className = `message ${kind}`;
  messageBox.hidden = false;
}

function clearMessage() {
  messageBox.hidden = true;
}

function showError(error) {
  showMessage(error.message ?? String(error));
  if (error instanceof api.ApiError && error.status === 401) {
    api.signOut();
    route();
  }
}

/** Asks in a modal dialog; resolves true when confirmed. */
function confirmAction(title, body, confirmLabel) {
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-body').replaceChildren(...[body].flat());
  document.getElementById('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

// ---- routing

const routes = {
  providers: providersScreen, deployments: deploymentsScreen, fleet: fleetScreen, audit: auditScreen, features: featuresScreen,
};

function route() {
  clearMessage();
  const signedIn = api.signedIn();
  document.getElementById('tabs').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  const who = document.getElementById('who');
  who.hidden = !signedIn;
  who.textContent = signedIn ? api.user() : '';
  screen.replaceChildren();
  if (!signedIn) {
    signInScreen();
    return;
  }
  showSignInHealth();
  const name = window.location.hash.replace(/^#\/?/, '').split('/')[0];
  const target = routes[name] ? name : 'providers';
  document.querySelectorAll('#tabs a').forEach((tab) => tab.classList.toggle('active', tab.dataset.tab === target));
  routes[target]();
}

/** A banner while this node cannot send sign-in codes (otp down in /readyz), with the server's reason and fix. */
function showSignInHealth() {
  const banner = document.getElementById('otp-banner');
  fetch('/readyz', { headers: { Accept: 'application/json' } })
    .then((response) => response.json())
    .then((body) => {
      const otp = body.checks?.otp;
      banner.hidden = !otp || otp.status !== 'down';
      banner.textContent = banner.hidden ? '' : `Drivers cannot sign in on this node: ${otp.detail}`;
    })
    .catch(() => { banner.hidden = true; });
}

// ---- sign-in

function signInScreen() {
  const name = h('input', { id: 'admin-user', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'admin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'admin-sign-in' }, 'Sign in');
  const form = h('form', { class: 'card stack narrow' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'With a Karaf user that has the admin role (etc/users.properties). Kept for this tab only.'),
    h('label', {}, 'User', name), h('label', {}, 'Password', password), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage();
    try {
      await busy(submit, 'Signing in…', () => api.signIn(name.value.trim(), password.value));
      password.value = '';
      route();
    } catch (e) {
      showMessage(e.message);
    }
  });
  screen.append(form);
  name.focus();
}

// ---- OTP providers

function providersScreen() {
  const table = h('div', { id: 'providers' }, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' Checking providers…'));
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'diagnose' }, 'Diagnose again');
  screen.append(h('section', { class: 'stack' },
    h('div', { class: 'row spread' }, h('h1', {}, 'OTP providers'), refresh),
    h('p', { class: 'muted' }, 'Each running provider checks its configuration and reachability; nothing is sent to anybody.'),
    table));
  const load = () => api.request('GET', '/v1/admin/otp/providers').then(({ body }) => render(body.providers)).catch(showError);
  refresh.addEventListener('click', () => busy(refresh, 'Diagnosing…', load));
  load();

  function render(providers) {
    const active = providers.find((p) => p.active);
    table.replaceChildren(h('table', {},
      h('thead', {}, h('tr', {}, ['Provider', 'State', 'Breaker', 'Calls / failures', 'Last error', 'Diagnosis', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, providers.map((p) => h('tr', { dataset: { provider: p.id } },
        h('td', {}, h('strong', {}, p.id), ' ', p.active ? h('span', { class: 'badge ok' }, 'active') : null,
          p.chain_position > 0 ? h('span', { class: 'badge' }, `fallback ${p.chain_position}`) : null,
          h('div', { class: 'muted' }, p.kind ?? '')),
        h('td', {}, h('span', { class: `badge ${p.state === 'bound' ? 'ok' : 'bad'}` }, p.state)),
        h('td', {}, p.circuit ? h('span', { class: `badge ${p.circuit === 'closed' ? 'ok' : 'bad'}` }, p.circuit) : '–'),
        h('td', { class: 'num' }, `${p.calls ?? 0} / ${p.failures ?? 0}`),
        h('td', {}, p.last_error ? [p.last_error, h('div', { class: 'muted' }, formatTime(p.last_error_at))] : '–'),
        h('td', {}, p.diagnosis
          ? [h('span', { class: `badge ${p.diagnosis.healthy ? 'ok' : 'bad'}` }, p.diagnosis.healthy ? 'healthy' : 'unhealthy'), ' ', p.diagnosis.detail]
          : '–'),
        h('td', {}, !p.active && p.state === 'bound'
          ? h('button', { type: 'button', class: 'secondary small', dataset: { use: p.id }, onclick: (e) => use(e.currentTarget, p, active) }, 'Make active')
          : null))))));
  }

  /** The choice reaches the auth feature through the configuration, a moment after the PUT answered. */
  async function untilActive(id) {
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      const { body } = await api.request('GET', '/v1/admin/otp/providers?diagnose=false');
      if (body.providers.some((p) => p.id === id && p.active)) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function use(button, provider, active) {
    const unhealthy = provider.diagnosis && !provider.diagnosis.healthy;
    const ok = await confirmAction(`Switch the active OTP provider to ${provider.id}?`, [
      h('p', {}, `New sign-in codes will be sent by ${provider.id}${active ? ` instead of ${active.id}` : ''}. The choice is saved in etc/org.nerava.auth.cfg and audited.`),
      unhealthy ? h('p', { class: 'warning' }, `Its last check failed: ${provider.diagnosis.detail}`) : null,
    ].filter(Boolean), `Use ${provider.id}`);
    if (!ok) return;
    clearMessage();
    try {
      const { body } = await busy(button, 'Switching…', () => api.request('PUT', '/v1/admin/otp/provider', { body: { provider: provider.id } }));
      showMessage(`The active OTP provider is now ${body.provider} (was ${body.previous ?? 'none'}).`, 'info');
      await untilActive(body.provider);
      await load();
    } catch (e) {
      showError(e);
    }
  }
}

// ---- deployments

const FOLLOWED = ['dispatching', 'dispatched', 'queued', 'in_progress'];
const STATUSES = [...FOLLOWED, 'succeeded', 'failed', 'cancelled', 'timed_out'];
const LIVE_REFRESH_MS = 3000;

function deploymentsScreen() {
  const ref = h('input', { id: 'deploy-ref', name: 'ref', placeholder: 'main', spellcheck: 'false' });
  const targets = h('div', { class: 'targets', id: 'deploy-targets' });
  const result = h('div', { id: 'deploy-result' });
  const byTarget = h('select', { id: 'filter-target' }, h('option', { value: '' }, 'all targets'),
    TARGETS.map((t) => h('option', { value: t }, t)));
  const byStatus = h('select', { id: 'filter-status' }, h('option', { value: '' }, 'all statuses'),
    STATUSES.map((s) => h('option', { value: s }, s.replace('_', ' '))));
  const history = h('div', { id: 'deployments' });
  const pager = pagerControls(() => loadHistory());
  let refresh = null;
  screen.append(h('section', { class: 'stack' },
    h('h1', {}, 'Deployments'),
    h('div', { class: 'card stack' },
      h('p', { class: 'muted' }, 'Dispatches the GitHub Actions workflow configured for the target, on this branch or tag (the configured default when empty), then follows the run to its outcome.'),
      h('label', { class: 'inline' }, 'Branch or tag', ref),
      targets, result),
    h('div', { class: 'row wrap' }, h('h2', {}, 'History'), h('label', { class: 'inline' }, 'Target', byTarget),
      h('label', { class: 'inline' }, 'Status', byStatus)),
    history, pager.element));
  [byTarget, byStatus].forEach((select) => select.addEventListener('change', () => { pager.reset(); loadHistory(); }));
  loadTargets();
  loadHistory();

  function loadTargets() {
    return api.request('GET', '/v1/admin/deployments/targets').then(({ body }) => {
      targets.replaceChildren(...body.targets.map((t) => {
        const deploy = h('button', { type: 'button', class: 'primary', dataset: { target: t.target } }, `Deploy ${t.target}`);
        const back = h('button', { type: 'button', class: 'secondary', dataset: { rollback: t.target } },
          t.rollback_ref ? `Roll back to ${t.rollback_ref} (deployed ${formatTime(t.rollback_deployed_at)})` : 'Roll back');
        deploy.disabled = !t.configured;
        back.disabled = !t.configured || !t.rollback_ref;
        const why = !t.configured ? `Not configured: set ${t.missing.join(', ')}.`
          : !t.rollback_ref ? 'No deployment has succeeded yet: nothing to roll back to.' : '';
        deploy.addEventListener('click', () => trigger(deploy, t));
        back.addEventListener('click', () => rollback(back, t));
        return h('div', { class: 'target row wrap', dataset: { targetCard: t.target } }, deploy, back,
          why ? h('span', { class: 'muted small-text' }, why) : null);
      }));
    }).catch(showError);
  }

  async function trigger(button, t) {
    const branch = ref.value.trim() || t.default_ref;
    // One key per confirmed intent: a retried request after a timeout is answered with the first deployment.
    const key = idempotencyKey();
    const ok = await confirmAction(`Deploy ${t.target}?`, [
      h('p', {}, 'Runs the ', h('strong', {}, t.target), ' deployment workflow on ', h('code', {}, branch), '.'),
      h('p', { class: 'muted' }, 'The server follows the run to its outcome. This is recorded in the audit trail.'),
    ], `Deploy ${t.target}`);
    if (!ok) return;
    await dispatch(button, '/v1/admin/deployments/trigger', { target: t.target, ref: branch }, key);
  }

  async function rollback(button, t) {
    const key = idempotencyKey();
    const ok = await confirmAction(`Roll ${t.target} back to ${t.rollback_ref}?`, [
      h('p', {}, 'Runs the ', h('strong', {}, t.target), ' deployment workflow on ', h('code', {}, t.rollback_ref),
        `, its last deployment that succeeded (${formatTime(t.rollback_deployed_at)}).`),
      h('p', { class: 'muted' }, 'The server follows the run to its outcome. This is recorded in the audit trail.'),
    ], `Roll back ${t.target}`);
    if (!ok) return;
    await dispatch(button, '/v1/admin/deployments/rollback', { target: t.target }, key);
  }

  async function dispatch(button, path, body, key) {
    clearMessage();
    try {
      const answer = await busy(button, 'Dispatching…', () => api.request('POST', path,
        { body, headers: { 'Idempotency-Key': key } }));
      const d = answer.body;
      result.replaceChildren(h('p', { class: 'message info' }, `${d.target} on ${d.ref}: ${d.status}. `, runLink(d)));
    } catch (e) {
      result.replaceChildren();
      showError(e);
    }
    pager.reset();
    loadTargets();
    loadHistory();
  }

  function loadHistory() {
    clearTimeout(refresh);
    const filters = (byTarget.value ? `&target=${byTarget.value}` : '') + (byStatus.value ? `&status=${byStatus.value}` : '');
    return api.request('GET', `/v1/admin/deployments?limit=${PAGE_SIZE}&offset=${pager.offset()}${filters}`).then(({ body }) => {
      pager.update(body.deployments.length, body.total);
      if (body.deployments.length === 0) {
        history.replaceChildren(h('p', { class: 'muted' }, 'No deployments yet.'));
        return;
      }
      history.replaceChildren(h('table', {},
        h('thead', {}, h('tr', {}, ['Requested', 'Target', 'Ref', 'Status', 'Duration', 'By', 'Run'].map((t) => h('th', {}, t)))),
        h('tbody', {}, body.deployments.map((d) => h('tr', { dataset: { deployment: d.id, status: d.status } },
          h('td', {}, formatTime(d.requested_at)), h('td', {}, d.target), h('td', {}, h('code', {}, d.ref)),
          h('td', {}, statusBadge(d.status), verificationBadge(d.verification),
            d.error ? h('div', { class: 'muted small-text' }, d.error)
              : d.conclusion && d.status !== 'succeeded' ? h('div', { class: 'muted small-text' }, d.conclusion) : null),
          h('td', { class: 'num' }, d.duration_s == null ? '–' : formatDuration(d.duration_s)),
          h('td', {}, d.requested_by), h('td', {}, runLink(d)))))));
      // Live while a run on this page is still going, and while this screen is shown.
      if (body.deployments.some((d) => FOLLOWED.includes(d.status) || d.verification === 'pending')) {
        refresh = setTimeout(() => {
          if (!history.isConnected) return;
          loadTargets(); // an outcome may make a rollback possible
          loadHistory();
        }, LIVE_REFRESH_MS);
      }
    }).catch(showError);
  }
}

function statusBadge(status) {
  const kind = status === 'succeeded' ? 'ok' : status === 'failed' || status === 'timed_out' ? 'bad'
    : status === 'cancelled' ? 'warn' : 'live';
  return h('span', { class: `badge ${kind}`, dataset: { status } }, status.replace('_', ' '));
}

// After a run succeeded: what the target's verify URL said (nothing shown when it has none).
function verificationBadge(verification) {
  if (!verification || verification === 'skipped') return null;
  const kind = verification === 'passed' ? 'ok' : verification === 'failed' ? 'bad' : 'live';
  return h('span', { class: `badge ${kind}`, dataset: { verification } }, `verification ${verification}`);
}

function formatDuration(seconds) {
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function runLink(deployment) {
  if (!deployment.html_url || !/^https?:\/\//.test(deployment.html_url)) return h('span', { class: 'muted' }, 'no run link');
  return h('a', { href: deployment.html_url, target: '_blank', rel: 'noopener noreferrer', class: 'run-link' },
    deployment.run_id ? `Run ${deployment.run_id}` : 'Run');
}

// ---- audit

function auditScreen() {
  const actor = h('input', { id: 'audit-actor', placeholder: 'admin:ops', spellcheck: 'false' });
  const action = h('input', { id: 'audit-action', placeholder: 'deployment.trigger', spellcheck: 'false' });
  const entries = h('div', { id: 'audit' });
  const pager = pagerControls(() => load());
  const filter = h('form', { class: 'row wrap end-items', id: 'audit-filter' }, h('label', {}, 'Actor', actor), h('label', {}, 'Action', action),
    h('button', { type: 'submit', class: 'secondary' }, 'Filter'));
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    pager.reset();
    load();
  });
  screen.append(h('section', { class: 'stack' }, h('h1', {}, 'Audit trail'), filter, entries, pager.element));
  load();

  function load() {
    const query = new URLSearchParams({ limit: PAGE_SIZE, offset: pager.offset() });
    if (actor.value.trim()) query.set('actor', actor.value.trim());
    if (action.value.trim()) query.set('action', action.value.trim());
    return api.request('GET', `/v1/admin/audit?${query}`).then(({ body }) => {
      // The audit answer has no total: a full page means there may be a next one.
      pager.update(body.entries.length, body.entries.length === PAGE_SIZE ? undefined : pager.offset() + body.entries.length);
      entries.replaceChildren(body.entries.length === 0 ? h('p', { class: 'muted' }, 'No entries.') : h('table', {},
        h('thead', {}, h('tr', {}, ['When', 'Actor', 'Action', 'Target', 'Outcome', 'Detail'].map((t) => h('th', {}, t)))),
        h('tbody', {}, body.entries.map((e) => h('tr', {},
          h('td', { class: 'nowrap' }, formatTime(e.at)), h('td', {}, e.actor), h('td', {}, h('code', {}, e.action)),
          h('td', {}, e.target ?? ''),
          h('td', {}, h('span', { class: `badge ${e.outcome === 'SUCCESS' ? 'ok' : 'bad'}` }, e.outcome)),
          h('td', { class: 'detail' }, e.detail ?? ''))))));
    }).catch(showError);
  }
}

// ---- fleet

// The nodes sharing this database, as each last recorded itself (every 10 s): the provider each applies
// shows a switch reaching every node; a stale node stopped recording itself (stopped hard, hung or cut off).
function fleetScreen() {
  const list = h('div', { id: 'fleet' }, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' Loading nodes…'));
  const reload = h('button', { type: 'button', class: 'secondary small', id: 'fleet-reload' }, 'Reload');
  reload.addEventListener('click', () => load());
  screen.append(h('section', { class: 'stack' }, h('div', { class: 'row center' }, h('h1', {}, 'Fleet'), reload),
    h('p', { class: 'muted' }, 'Nodes unseen for 30 s are stale; they are forgotten after a day.'), list));
  load();

  function load() {
    return api.request('GET', '/v1/admin/nodes').then(({ body }) => {
      const providers = new Set(body.nodes.filter((n) => n.state === 'up').map((n) => n.otp_providers[0] ?? ''));
      list.replaceChildren(
        providers.size > 1 ? h('p', { class: 'message error' }, 'The nodes that are up do not apply the same OTP provider.') : '',
        h('table', {},
          h('thead', {}, h('tr', {}, ['Node', 'Host', 'Version', 'State', 'Ready', 'OTP providers', 'Started', 'Last seen', 'Features']
            .map((t) => h('th', {}, t)))),
          h('tbody', {}, body.nodes.map((n) => h('tr', { dataset: { node: n.id, state: n.state } },
            h('td', {}, h('code', {}, n.id), n.self ? h('span', { class: 'muted' }, ' (this node)') : ''),
            h('td', {}, `${n.host}:${n.http_port}`), h('td', {}, n.version),
            h('td', {}, h('span', { class: `badge ${n.state === 'up' ? 'ok' : n.state === 'stale' ? 'bad' : 'warn'}` }, n.state)),
            h('td', {}, h('span', { class: `badge ${n.ready ? 'ok' : 'bad'}` }, n.ready ? 'ready' : 'not ready')),
            h('td', {}, n.otp_providers.length === 0 ? h('span', { class: 'muted' }, 'none') : n.otp_providers.join(' → ')),
            h('td', { class: 'nowrap' }, formatTime(n.started_at)), h('td', { class: 'nowrap' }, formatTime(n.last_seen_at)),
            h('td', { class: 'detail' }, n.features.join(', ')))))));
    }).catch(showError);
  }
}

// ---- features

function featuresScreen() {
  const list = h('div', { id: 'features' });
  screen.append(h('section', { class: 'stack' }, h('h1', {}, 'Nerava features'),
    h('p', { class: 'muted' }, 'Install and remove them from the Karaf shell: feature:install -r / feature:uninstall -r.'), list));
  api.request('GET', '/v1/admin/features').then(({ body }) => {
    list.replaceChildren(h('table', {},
      h('thead', {}, h('tr', {}, ['Feature', 'Version', 'State', 'Description'].map((t) => h('th', {}, t)))),
      h('tbody', {}, body.features.map((f) => h('tr', { dataset: { feature: f.name } },
        h('td', {}, h('strong', {}, f.name)), h('td', {}, f.version),
        h('td', {}, h('span', { class: `badge ${f.state === 'started' ? 'ok' : f.installed ? 'warn' : ''}` }, f.state)),
        h('td', {}, f.description ?? ''))))));
  }).catch(showError);
}

// ---- helpers

/** Previous / next buttons over a list paged by offset. */
function pagerControls(reload) {
  let offset = 0;
  const prev = h('button', { type: 'button', class: 'secondary small', 'data-page': 'prev' }, '‹ Newer');
  const next = h('button', { type: 'button', class: 'secondary small', 'data-page': 'next' }, 'Older ›');
  const where = h('span', { class: 'muted' });
  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE_SIZE);
    reload();
  });
  next.addEventListener('click', () => {
    offset += PAGE_SIZE;
    reload();
  });
  return {
    element: h('div', { class: 'row center pager' }, prev, where, next),
    offset: () => offset,
    reset: () => {
      offset = 0;
    },
    update(count, total) {
      prev.disabled = offset === 0;
      next.disabled = total !== undefined ? offset + count >= total : count < PAGE_SIZE;
      where.textContent = count === 0 ? '' : `${offset + 1}–${offset + count}${total !== undefined ? ` of ${total}` : ''}`;
    },
  };
}

/** A random key; crypto.randomUUID exists only in secure contexts (https, localhost), getRandomValues everywhere. */
function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });
}

document.getElementById('sign-out').addEventListener('click', () => {
  api.signOut();
  window.location.hash = '';
  route();
});
window.addEventListener('hashchange', route);
route();
