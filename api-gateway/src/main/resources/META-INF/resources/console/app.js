// The operator's console: a hand-written ES module front end over the gateway's public API (api-gateway README,
// "Console"). Hash routes keep the page (and the in-memory session) alive while the operator moves around.
import * as api from './api.js';
import * as rules from './rules.js';
import { layoutLadder, renderLadder } from './ladder.js';

const main = document.getElementById('main');
const notice = document.getElementById('notice');
let stopView = () => {};
let wanted = null;
let endedBecause = null;
let noticeIsFresh = false;
let routeGeneration = 0;

// ---- DOM helpers -------------------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === null || v === undefined || v === false) return;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else if (k === 'for') node.htmlFor = v;
    else if (k === 'value') node.value = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  });
  append(node, children);
  return node;
}

function append(node, children) {
  children.flat(Infinity).forEach((c) => {
    if (c === null || c === undefined || c === false) return;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  });
  return node;
}

function page(title, ...content) {
  // a view still loading when the session ended must not cover the login form
  if (!api.currentUser() && title !== 'Log in') return;
  document.title = `${title} · Provider test console`;
  const heading = h('h1', { id: 'page-title', tabindex: '-1' }, title);
  main.replaceChildren(heading, ...content.flat().filter((c) => c));
  heading.focus();
}

// A notice said just before a navigation is shown on the next page; the one after that clears it.
function say(text, kind = 'info') {
  notice.className = `notice ${kind}`;
  notice.textContent = text;
  noticeIsFresh = true;
}

/** Brings a control to the middle of the screen with its label, then focuses it. */
function focusControl(control) {
  control.scrollIntoView({ block: 'center' });
  control.focus({ preventScroll: true });
}

function errorText(e) {
  if (!(e instanceof api.ApiError)) return String(e);
  const id = e.requestId ? ` (request ${e.requestId})` : '';
  return `${e.message}${e.reason ? ` [${e.reason}]` : ''}${id}`;
}

function errorBox(id) {
  return h('div', { id, class: 'error-box', role: 'alert', hidden: true });
}

function showError(box, e) {
  box.textContent = e ? errorText(e) : '';
  box.hidden = !e;
}

function healthLight(provider) {
  const status = provider.health_status || 'unknown';
  return h('span', { class: `health health-${status}` }, h('span', { class: 'light', 'aria-hidden': 'true' }), status);
}

function shortId(id) {
  return String(id || '').slice(0, 8);
}

function confirmDialog(text, okLabel) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  dialog.returnValue = 'cancel';
  dialog.showModal();
  document.getElementById('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

/** A labelled form field with its hint and the place where the server's reason for that field appears. */
function field(prefix, spec, value) {
  const id = `${prefix}-${spec.name}`;
  const described = [spec.hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const common = { id, name: spec.name, 'aria-describedby': described, required: spec.required };
  let control;
  if (spec.options) {
    control = h('select', common, spec.options.map((o) => h('option', { value: o[0] }, o[1])));
    control.value = value ?? spec.options[0][0];
  } else if (spec.multiline) {
    control = h('textarea', { ...common, rows: spec.rows || 3, spellcheck: 'false' });
    control.value = value ?? '';
  } else {
    control = h('input', { ...common, type: spec.type || 'text', autocomplete: spec.autocomplete || 'off',
      placeholder: spec.placeholder, spellcheck: 'false' });
    control.value = value ?? '';
  }
  return h('div', { class: 'field', 'data-field': spec.name },
    h('label', { for: id }, spec.label, spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    spec.hint ? h('p', { class: 'hint', id: `${id}-hint` }, spec.hint) : null,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

/** Shows reasons next to their fields ({field: [texts]}), clears the others; answers the first invalid control. */
function showFieldErrors(form, byField) {
  let first = null;
  form.querySelectorAll('.field[data-field]').forEach((f) => {
    const reasons = byField[f.dataset.field];
    const error = f.querySelector('.field-error');
    const control = f.querySelector('input, select, textarea');
    error.textContent = reasons ? [].concat(reasons).join('; ') : '';
    error.hidden = !reasons;
    if (reasons) {
      control.setAttribute('aria-invalid', 'true');
      first = first || control;
    } else {
      control.removeAttribute('aria-invalid');
    }
  });
  return first;
}

// ---- routing -----------------------------------------------------------------------------------------------

const routes = [
  [/^#\/providers$/, () => providersView()],
  [/^#\/providers\/new$/, () => providerFormView(null)],
  [/^#\/providers\/([0-9a-f-]{36})\/edit$/, (m) => providerFormView(m[1])],
  [/^#\/providers\/([0-9a-f-]{36})\/test$/, (m) => testCallView(m[1])],
  [/^#\/providercalls(?:\?provider_id=([0-9a-f-]{36}))?$/, (m) => providerCallsView(m[1] || '')],
  [/^#\/providercalls\/([0-9a-f-]{36})$/, (m) => providerCallView(m[1])],
  [/^#\/calls\/([0-9a-f-]{36})$/, (m) => callView(m[1])],
];

function route() {
  stopView();
  stopView = () => {};
  const generation = ++routeGeneration;
  if (!noticeIsFresh) notice.textContent = '';
  noticeIsFresh = false;
  const hash = location.hash || '#/providers';
  const user = api.currentUser();
  document.getElementById('nav').hidden = !user;
  document.getElementById('who').hidden = !user;
  if (!user) {
    wanted = hash;
    loginView();
    return;
  }
  document.getElementById('who-name').textContent = user;
  document.querySelectorAll('#nav a').forEach((a) => {
    if (hash.startsWith(`#/${a.dataset.section}`)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  for (const [pattern, view] of routes) {
    const m = hash.match(pattern);
    if (m) {
      // the failure of a view the operator has already left (or that ended the session) is not shown
      view(m).catch((e) => generation === routeGeneration
        && page('Something went wrong', h('p', { class: 'error-box', role: 'alert' }, errorText(e))));
      return;
    }
  }
  page('Not found', h('p', {}, 'This page does not exist. '), h('a', { href: '#/providers' }, 'Go to the providers'));
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

api.onSessionEnd((reason) => {
  endedBecause = reason;
  say(reason === 'expired' ? 'Your session expired: log in again.' : 'You are logged out.', reason === 'expired' ? 'warn' : 'info');
  route();
});

// ---- login -------------------------------------------------------------------------------------------------

function loginView() {
  const error = errorBox('login-error');
  const form = h('form', { id: 'login-form', class: 'card narrow', novalidate: true },
    field('login', { name: 'username', label: 'Username', required: true, autocomplete: 'username' }),
    field('login', { name: 'password', label: 'Password', required: true, type: 'password',
      autocomplete: 'current-password' }),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'login-submit' }, 'Log in')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await api.login(form.elements.username.value, form.elements.password.value);
      endedBecause = null;
      say('');
      const target = wanted && wanted !== '#/login' ? wanted : '#/providers';
      wanted = null;
      go(target);
    } catch (err) {
      showError(error, err);
      form.elements.password.focus();
    } finally {
      button.disabled = false;
    }
  });
  page('Log in', endedBecause === 'expired' ? h('p', { class: 'warn-box' }, 'Your session expired.') : null, form);
  form.elements.username.focus();
}

// ---- providers ---------------------------------------------------------------------------------------------

async function providersView() {
  const filter = field('providers', { name: 'health', label: 'Health', options: [['', 'All'],
    ['healthy', 'Healthy'], ['unhealthy', 'Unhealthy'], ['unknown', 'Unknown']] });
  const error = errorBox('providers-error');
  const body = h('tbody');
  const table = h('table', { id: 'providers-table', class: 'responsive' },
    h('caption', { class: 'visually-hidden' }, 'Providers'),
    h('thead', {}, h('tr', {}, ['Name', 'Hostname', 'Transport', 'Prefix / postfix', 'Health', 'Actions']
      .map((c) => h('th', { scope: 'col' }, c)))),
    body);
  const empty = h('p', { class: 'empty', hidden: true });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  let next = '';

  async function load(append) {
    showError(error, null);
    try {
      const answer = await api.get('/v1.0/providers', { health_status: filter.querySelector('select').value,
        page_size: 50, page_token: append ? next : '' });
      if (!append) body.replaceChildren();
      answer.result.forEach((p) => body.appendChild(providerRow(p, () => load(false))));
      next = answer.next_page_token || '';
      more.hidden = !next;
      const none = body.children.length === 0;
      table.hidden = none;
      empty.hidden = !none;
      empty.replaceChildren(filter.querySelector('select').value
        ? 'No provider has this health right now.'
        : append ? '' : h('span', {}, 'No providers yet. ', h('a', { href: '#/providers/new' }, 'Create the first one'), '.'));
    } catch (e) {
      showError(error, e);
    }
  }
  filter.querySelector('select').addEventListener('change', () => load(false));
  more.addEventListener('click', () => load(true));
  page('Providers',
    h('div', { class: 'toolbar' }, filter, h('a', { href: '#/providers/new', class: 'button', id: 'new-provider' },
      'New provider')),
    error, h('div', { class: 'table-wrap' }, table), empty, more);
  await load(false);
}

function providerRow(p, reload) {
  const cell = (label, ...content) => h('td', { 'data-label': label }, content);
  const checked = p.health_checked_at ? `checked ${rules.formatTime(p.health_checked_at)}` : 'not checked yet';
  const rtt = p.health_rtt_ms != null ? ` · RTT ${Math.round(p.health_rtt_ms)} ms` : '';
  const name = p.name || p.hostname;
  const del = h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${name}` }, 'Delete');
  del.addEventListener('click', async () => {
    if (!(await confirmDialog(`Delete the provider "${name}"? It leaves the lists and no new call can use it; `
        + 'calls already placed go on.', 'Delete provider'))) {
      del.focus();
      return;
    }
    try {
      await api.del(`/v1.0/providers/${p.id}`);
      say(`Provider "${name}" deleted.`);
      reload();
    } catch (e) {
      say(errorText(e), 'error');
    }
  });
  return h('tr', { 'data-provider-id': p.id, 'data-name': name },
    cell('Name', h('strong', {}, name)),
    cell('Hostname', h('code', {}, p.hostname)),
    cell('Transport', p.transport || 'udp'),
    cell('Prefix / postfix', h('code', {}, `${p.tech_prefix || '—'} / ${p.tech_postfix || '—'}`)),
    cell('Health', healthLight(p), h('div', { class: 'small-print' }, checked + rtt,
      p.health_reason ? ` · ${p.health_reason}` : '')),
    cell('Actions', h('div', { class: 'row-actions' },
      h('a', { href: `#/providers/${p.id}/test`, class: 'button small', 'aria-label': `Test call through ${name}` },
        'Test call'),
      h('a', { href: `#/providers/${p.id}/edit`, class: 'button secondary small', 'aria-label': `Edit ${name}` },
        'Edit'),
      h('a', { href: `#/providercalls?provider_id=${p.id}`, class: 'button secondary small',
        'aria-label': `Calls placed through ${name}` }, 'History'),
      del)));
}

const PROVIDER_FIELDS = [
  { name: 'name', label: 'Name', hint: 'Up to 255 characters.' },
  { name: 'hostname', label: 'Hostname', required: true, placeholder: 'sip.carrier.example:5060',
    hint: 'A DNS name, IPv4 or [IPv6], optionally :port. No scheme, user or path.' },
  { name: 'transport', label: 'Transport', options: [['udp', 'UDP'], ['tcp', 'TCP']] },
  { name: 'tech_prefix', label: 'Tech prefix', hint: 'Dialed before the number: digits, letters, + * # - . _' },
  { name: 'tech_postfix', label: 'Tech postfix', hint: 'Dialed after the number.' },
  { name: 'codecs', label: 'Codecs', placeholder: 'PCMU,PCMA', hint: 'PCMU and/or PCMA; empty for the default.' },
  { name: 'tech_headers', label: 'Extra headers', multiline: true, hint: 'One "Name: value" per line.' },
  { name: 'detail', label: 'Detail', multiline: true, hint: 'Notes for operators, up to 2048 characters.' },
];

async function providerFormView(id) {
  const provider = id ? await api.get(`/v1.0/providers/${id}`) : null;
  const values = provider ? { ...provider, tech_headers: rules.formatHeaders(provider.tech_headers) } : {};
  const error = errorBox('provider-error');
  const form = h('form', { id: 'provider-form', class: 'card', novalidate: true },
    PROVIDER_FIELDS.map((f) => field('pf', f, values[f.name])),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'provider-submit' }, provider ? 'Save changes' : 'Create provider'),
      h('a', { href: '#/providers', class: 'button secondary' }, 'Cancel')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(error, null);
    const headers = rules.parseHeaders(form.elements.tech_headers.value);
    if (headers.error) {
      focusControl(showFieldErrors(form, { tech_headers: [headers.error] }));
      return;
    }
    const body = { type: 'sip' };
    ['name', 'hostname', 'transport', 'tech_prefix', 'tech_postfix', 'codecs', 'detail']
      .forEach((n) => { body[n] = form.elements[n].value.trim(); });
    body.tech_headers = headers.headers;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const saved = provider ? await api.put(`/v1.0/providers/${id}`, body) : await api.post('/v1.0/providers', body);
      showFieldErrors(form, {});
      say(`Provider "${saved.name || saved.hostname}" ${provider ? 'saved' : 'created'}.`);
      go('#/providers');
    } catch (err) {
      const byField = rules.fieldErrors(err.details);
      const first = showFieldErrors(form, byField);
      showError(error, err);
      if (first) focusControl(first);
      else error.scrollIntoView({ block: 'center' });
    } finally {
      button.disabled = false;
    }
  });
  const title = provider ? `Edit ${provider.name || provider.hostname}` : 'New provider';
  page(title,
    provider && provider.tm_delete ? h('p', { class: 'warn-box' }, 'This provider is deleted.') : null,
    form,
    provider ? invitePreview(provider.id, () => ({})) : null);
}

/** The INVITE an exchange through this provider would start with, as it would go on the wire. */
function invitePreview(providerId, defaults) {
  const out = h('pre', { id: 'preview-wire', class: 'wire', hidden: true, 'aria-live': 'polite' });
  const error = errorBox('preview-error');
  const form = h('form', { id: 'preview-form', class: 'card', novalidate: true },
    h('h2', {}, 'INVITE preview'),
    h('p', { class: 'hint' }, 'What the INVITE would carry, computed by the dialer\'s own planner; nothing is dialed.'),
    h('div', { class: 'grid' },
      field('pv', { name: 'destination', label: 'Destination', placeholder: '+821012345678' }),
      field('pv', { name: 'source', label: 'Source', placeholder: '+14155551234' }, '+14155551234'),
      field('pv', { name: 'anonymous', label: 'Anonymous', options: [['auto', 'auto'], ['no', 'no'], ['yes', 'yes']] })),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary', id: 'preview-submit' },
      'Preview INVITE')),
    out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const d = defaults();
    if (d.destination && !form.elements.destination.value) form.elements.destination.value = d.destination;
    if (d.source) form.elements.source.value = d.source;
    if (d.anonymous) form.elements.anonymous.value = d.anonymous;
    const destinations = rules.parseDestinations(form.elements.destination.value);
    if (destinations.error) {
      showFieldErrors(form, { destination: [destinations.error] });
      return;
    }
    try {
      const preview = await api.post(`/v1.0/providers/${providerId}/preview`, {
        destination: destinations.destinations[0],
        source: { type: 'tel', target: form.elements.source.value.trim() },
        anonymous: form.elements.anonymous.value,
      });
      showFieldErrors(form, rules.fieldErrors(null));
      showError(error, null);
      const headers = Array.isArray(preview.headers)
        ? preview.headers.map((x) => (typeof x === 'string' ? x : `${x.name}: ${x.value}`))
        : Object.entries(preview.headers || {}).map(([k, v]) => `${k}: ${v}`);
      out.textContent = [`INVITE ${preview.request_uri} SIP/2.0`, `From: ${preview.from}`, `To: ${preview.to}`,
        ...headers].join('\r\n').replace(/\r/g, '');
      out.hidden = false;
    } catch (err) {
      const byField = rules.fieldErrors(err.details);
      showFieldErrors(form, byField);
      showError(error, err);
      out.hidden = true;
    }
  });
  return form;
}

// ---- test call ---------------------------------------------------------------------------------------------

async function testCallView(providerId) {
  const provider = await api.get(`/v1.0/providers/${providerId}`);
  let flows = [];
  try {
    flows = (await api.get('/v1.0/flows', { page_size: 100 })).result.filter((f) => f.persist !== false);
  } catch (e) {
    flows = [];
  }
  const name = provider.name || provider.hostname;
  let key = rules.newIdempotencyKey();
  let inFlight = false;
  const form = h('form', { id: 'testcall-form', class: 'card', novalidate: true },
    field('tc', { name: 'source', label: 'Source (caller)', required: true, hint: '+E.164', autocomplete: 'off' },
      '+14155551234'),
    field('tc', { name: 'destinations', label: 'Destinations', required: true, multiline: true, rows: 3,
      placeholder: '+821012345678',
      hint: 'One per line: +E.164, or user@host (only the user part is used; the call goes to this provider).' }),
    field('tc', { name: 'anonymous', label: 'Anonymous caller', options: [['auto', 'auto'], ['no', 'no'],
      ['yes', 'yes (needs a +E.164 source)']] }),
    h('fieldset', { class: 'field' },
      h('legend', {}, 'What the call does'),
      h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'mode', value: 'actions', id: 'tc-mode-actions',
        checked: true }), ' These actions'),
      h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'mode', value: 'flow', id: 'tc-mode-flow',
        disabled: flows.length === 0 }), flows.length ? ' A saved flow' : ' A saved flow (none exist)')),
    field('tc', { name: 'actions', label: 'Actions (JSON)', multiline: true, rows: 7,
      hint: 'Default: answer, say a sentence, hang up.' }, JSON.stringify(rules.DEFAULT_ACTIONS, null, 2)),
    field('tc', { name: 'flow_id', label: 'Flow', options: [['', flows.length ? 'Choose a flow' : 'No saved flows'],
      ...flows.map((f) => [f.id, f.name || f.id])] }),
    errorBox('testcall-error'),
    h('p', { id: 'testcall-blocker', class: 'blocker', 'aria-live': 'polite' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'testcall-submit', 'aria-describedby': 'testcall-blocker' }, 'Place test call'),
      h('a', { href: '#/providers', class: 'button secondary' }, 'Back')));
  const warning = provider.health_status === 'unhealthy' && !provider.tm_delete
    ? h('p', { class: 'warn-box', id: 'testcall-unhealthy', role: 'status' },
      `This provider is unhealthy${provider.health_reason ? ` (${provider.health_reason})` : ''}, last checked `
      + `${rules.formatTime(provider.health_checked_at)}. The call will still be placed.`)
    : null;
  const submit = form.querySelector('#testcall-submit');
  const blocker = form.querySelector('#testcall-blocker');
  const error = form.querySelector('#testcall-error');

  const values = () => ({ providerId, source: form.elements.source.value, destinations: form.elements.destinations.value,
    anonymous: form.elements.anonymous.value, mode: form.elements.mode.value, actions: form.elements.actions.value, flowId: form.elements.flow_id.value });
  function refresh() {
    const validation = rules.testCallRequest(values());
    const reason = rules.testCallBlocker(provider, validation);
    submit.disabled = inFlight || reason !== null;
    blocker.textContent = reason || (warning ? 'Ready (the provider is unhealthy: expect a failure).' : 'Ready.');
    form.dataset.idempotencyKey = key;
    form.querySelector('[data-field=actions]').hidden = form.elements.mode.value !== 'actions';
    form.querySelector('[data-field=flow_id]').hidden = form.elements.mode.value !== 'flow';
    return validation;
  }
  // Every change makes a new submission: the same key with another body would be refused (422), and a retry of
  // the same body keeps its key, so a double click or a retry after a timeout places one call.
  form.addEventListener('input', () => {
    key = rules.newIdempotencyKey();
    refresh();
  });
  form.addEventListener('change', refresh);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const validation = refresh();
    if (submit.disabled) return;
    showFieldErrors(form, {});
    showError(error, null);
    inFlight = true;
    submit.disabled = true;
    submit.textContent = 'Placing…';
    try {
      const record = await api.post('/v1.0/providercalls', validation.body, { 'Idempotency-Key': key });
      const warnings = (record.warnings || []).join(' ');
      say(`Test call placed${warnings ? `: ${warnings}` : '.'}`, warnings ? 'warn' : 'info');
      go(record.call_ids.length === 1 && record.groupcall_ids.length === 0
        ? `#/calls/${record.call_ids[0]}` : `#/providercalls/${record.id}`);
    } catch (err) {
      const first = showFieldErrors(form, rules.fieldErrors(err.details));
      showError(error, err);
      if (first) focusControl(first);
      else error.scrollIntoView({ block: 'center' });
      submit.textContent = 'Place test call';
      inFlight = false;
      refresh();
    }
  });
  page(`Test call through ${name}`,
    h('p', { class: 'summary' }, h('code', {}, provider.hostname), ` · ${provider.transport || 'udp'} · `,
      healthLight(provider)),
    provider.tm_delete ? h('p', { class: 'warn-box' }, 'This provider is deleted.') : null,
    warning, form,
    invitePreview(providerId, () => {
      const d = rules.parseDestinations(form.elements.destinations.value);
      return { destination: d.destinations ? d.destinations[0].target : '', source: form.elements.source.value,
        anonymous: form.elements.anonymous.value };
    }));
  refresh();
}

// ---- live call ---------------------------------------------------------------------------------------------

async function callView(callId) {
  let stopped = false;
  let timer = null;
  let selected = null;
  let trace = [];
  let ended = false;
  let carrierLabel = null;
  let polledAfterHangup = 0;
  stopView = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const steps = h('ol', { class: 'steps', id: 'call-steps', 'aria-label': 'Call progress' });
  const facts = h('dl', { class: 'facts', id: 'call-facts' });
  const live = h('p', { class: 'live', id: 'call-live', role: 'status' });
  const hangup = h('button', { type: 'button', class: 'danger', id: 'call-hangup' }, 'Hang up');
  const error = errorBox('call-error');
  const ladder = h('div', { id: 'ladder', class: 'ladder-wrap' });
  const raw = h('pre', { id: 'raw-message', class: 'wire', tabindex: '0', 'aria-label': 'Raw SIP message',
    'aria-live': 'polite' }, 'Select an arrow to see the message as it went on the wire.');
  hangup.addEventListener('click', async () => {
    hangup.disabled = true;
    try {
      await api.post(`/v1.0/calls/${callId}/hangup`);
      say('Hangup requested.');
    } catch (e) {
      showError(error, e);
      hangup.disabled = false;
    }
  });

  function drawLadder() {
    const width = Math.max(300, Math.min(ladder.clientWidth || 640, 900));
    const focused = document.activeElement && document.activeElement.closest
      && document.activeElement.closest('#ladder .arrow');
    const focusedIndex = focused ? Number(focused.dataset.index) : null;
    ladder.replaceChildren(trace.length
      ? renderLadder(layoutLadder(trace, width, carrierLabel), selected, select)
      : h('p', { class: 'empty' }, ended
        ? 'No SIP message stored: the call sent none, or its trace was deleted after the retention period.'
        : 'No SIP message yet.'));
    if (focusedIndex !== null) ladder.querySelector(`.arrow[data-index="${focusedIndex}"]`)?.focus();
  }
  function select(index) {
    selected = index;
    const m = trace[index];
    raw.textContent = `${m.direction === 'sent' ? 'Sent to' : 'Received from'} ${m.remote_addr || 'the carrier'} at `
      + `${m.tm}\n\n${String(m.raw || m.first_line).replace(/\r/g, '')}`;
    drawLadder();
  }

  function showCall(call) {
    steps.replaceChildren(...rules.callSteps(call.status).map((s) => h('li', {
      class: s.state, 'aria-current': s.state === 'current' ? 'step' : null }, s.step)));
    steps.dataset.status = call.status;
    const t = rules.callTimings(call);
    const rtp = call.rtp_stats || {};
    const pairs = [
      ['Status', call.status],
      ['Hangup reason', call.hangup_reason || '—'],
      ['Hangup by', call.hangup_by || '—'],
      ['Provider\'s answer', call.sip_status_code ? `${call.sip_status_code} ${call.sip_reason || ''}` : '—'],
      ['Cause', call.hangup_cause || '—'],
      ['From → to', `${call.source?.target || '?'} → ${call.destination?.target || '?'}`],
      ['Post-dial delay', rules.formatMs(t.postDialDelay)],
      ['Time to answer', rules.formatMs(t.timeToAnswer)],
      ['Duration', rules.formatMs(t.duration)],
      ['RTP sent / received', `${rtp.packets_sent ?? '—'} / ${rtp.packets_received ?? '—'}`],
      ['RTP lost / jitter', `${rtp.packets_lost ?? '—'} / ${rtp.jitter_ms != null ? `${rtp.jitter_ms} ms` : '—'}`],
    ];
    facts.replaceChildren(...pairs.flatMap(([k, v]) => [h('dt', {}, k),
      h('dd', { 'data-fact': k.toLowerCase().replace(/[^a-z]+/g, '-') }, v)]));
    hangup.disabled = call.status === 'hangup';
    live.textContent = call.status === 'hangup' ? 'Ended.' : 'Live: updated every second.';
  }

  async function tick() {
    try {
      const [call, messages] = await Promise.all([api.get(`/v1.0/calls/${callId}`),
        api.get(`/v1.0/calls/${callId}/sip-messages`)]);
      if (stopped) return;
      if (carrierLabel === null) {
        carrierLabel = 'carrier';
        if (call.provider_id) {
          try {
            const p = await api.get(`/v1.0/providers/${call.provider_id}`);
            carrierLabel = `carrier: ${p.name || p.hostname}`;
          } catch (e) {
            carrierLabel = 'carrier';
          }
        }
        const link = document.getElementById('call-provider-link');
        if (link && call.provider_id) {
          link.href = `#/providercalls?provider_id=${call.provider_id}`;
          link.hidden = false;
        }
      }
      showCall(call);
      const changed = messages.result.length !== trace.length || ended !== (call.status === 'hangup');
      trace = messages.result;
      ended = call.status === 'hangup';
      if (changed) drawLadder();
      showError(error, null);
      // a few polls after the hangup: the last messages of the trace (the BYE's 200) may trail the status
      if (call.status === 'hangup') polledAfterHangup++;
    } catch (e) {
      if (stopped) return;
      showError(error, e);
    }
    if (!stopped && polledAfterHangup < 3) timer = setTimeout(tick, 1000);
  }

  page(`Call ${shortId(callId)}`,
    h('div', { class: 'toolbar start' }, live, hangup,
      h('a', { href: '#', id: 'call-provider-link', class: 'button secondary', hidden: true }, 'Calls of this provider')),
    error, steps, facts,
    h('section', { class: 'card', 'aria-labelledby': 'ladder-title' },
      h('h2', { id: 'ladder-title' }, 'SIP ladder'),
      h('p', { class: 'hint' }, 'Click an arrow, or focus it and press Enter, to see the raw message.'),
      ladder, raw));
  const onResize = () => trace.length && drawLadder();
  window.addEventListener('resize', onResize);
  const stop = stopView;
  stopView = () => {
    stop();
    window.removeEventListener('resize', onResize);
  };
  await tick();
}

// ---- history -----------------------------------------------------------------------------------------------

async function callsOutcomes(ids) {
  return Promise.all((ids || []).map((id) => api.get(`/v1.0/calls/${id}`).catch(() => null)));
}

function outcomeChips(ids, calls) {
  return h('ul', { class: 'chips' }, (ids || []).map((id, i) => h('li', {},
    h('a', { href: `#/calls/${id}`, class: `chip ${calls[i] ? calls[i].hangup_reason || calls[i].status : ''}` },
      rules.callOutcome(calls[i])))));
}

async function providerCallsView(providerId) {
  const providers = (await api.get('/v1.0/providers', { page_size: 100 })).result;
  const names = Object.fromEntries(providers.map((p) => [p.id, p.name || p.hostname]));
  const filter = field('pc', { name: 'provider', label: 'Provider', options: [['', 'All providers'],
    ...providers.map((p) => [p.id, names[p.id]])] }, providerId);
  filter.querySelector('select').addEventListener('change', (e) => {
    go(e.target.value ? `#/providercalls?provider_id=${e.target.value}` : '#/providercalls');
  });
  const answer = await api.get('/v1.0/providercalls', { provider_id: providerId, page_size: 20 });
  const outcomes = await Promise.all(answer.result.map((r) => callsOutcomes(r.call_ids)));
  const cell = (label, ...content) => h('td', { 'data-label': label }, content);
  const rows = answer.result.map((r, i) => h('tr', { 'data-providercall-id': r.id },
    cell('Created', h('a', { href: `#/providercalls/${r.id}` }, rules.formatTime(r.tm_create))),
    cell('Provider', names[r.provider_id] || shortId(r.provider_id)),
    cell('Destinations', (r.destinations || []).map((d) => d.target).join(', ')),
    cell('Status', r.status, (r.warnings || []).length ? h('div', { class: 'small-print' }, r.warnings.join(' ')) : null),
    cell('Calls', outcomeChips(r.call_ids, outcomes[i]))));
  page('Test calls', h('div', { class: 'toolbar' }, filter),
    rows.length
      ? h('div', { class: 'table-wrap' }, h('table', { id: 'providercalls-table', class: 'responsive' },
        h('caption', { class: 'visually-hidden' }, 'Test calls, newest first'),
        h('thead', {}, h('tr', {}, ['Created', 'Provider', 'Destinations', 'Status', 'Calls']
          .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows)))
      : h('p', { class: 'empty' }, 'No test calls yet. Place one from a provider\'s "Test call" button.'));
}

async function providerCallView(id) {
  const record = await api.get(`/v1.0/providercalls/${id}`);
  const calls = await callsOutcomes(record.call_ids);
  const byCall = Object.fromEntries((record.call_ids || []).map((c, i) => [c, calls[i]]));
  page(`Test call ${shortId(id)}`,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Status'), h('dd', {}, record.status),
      h('dt', {}, 'Created'), h('dd', {}, rules.formatTime(record.tm_create)),
      h('dt', {}, 'Source'), h('dd', {}, record.source?.target || '—'),
      h('dt', {}, 'Anonymous'), h('dd', {}, record.anonymous),
      h('dt', {}, 'Warnings'), h('dd', {}, (record.warnings || []).join(' ') || 'none')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'outcomes-table' },
      h('caption', {}, 'Each destination'),
      h('thead', {}, h('tr', {}, ['Destination', 'Call', 'Outcome'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, (record.outcomes || []).map((o) => h('tr', {},
        h('td', { 'data-label': 'Destination' }, `${o.destination?.type || ''} ${o.destination?.target || ''}`),
        h('td', { 'data-label': 'Call' }, o.call_id ? h('a', { href: `#/calls/${o.call_id}` }, shortId(o.call_id))
          : o.groupcall_id ? `groupcall ${shortId(o.groupcall_id)}` : '—'),
        h('td', { 'data-label': 'Outcome' }, o.error ? `${o.error.reason}: ${o.error.message}`
          : rules.callOutcome(byCall[o.call_id]))))))),
    h('p', {}, h('a', { href: `#/providercalls?provider_id=${record.provider_id}` }, 'All test calls of this provider')));
}

// ---- start -------------------------------------------------------------------------------------------------

document.getElementById('logout').addEventListener('click', () => {
  api.logout();
  location.hash = '#/providers';
});
// A fault of the console itself is shown, not swallowed: the operator (and the browser tests) can see it.
window.addEventListener('error', (e) => say(`The console failed: ${e.message}`, 'error'));
window.addEventListener('unhandledrejection', (e) => say(`The console failed: ${e.reason}`, 'error'));
window.addEventListener('hashchange', route);
route();
