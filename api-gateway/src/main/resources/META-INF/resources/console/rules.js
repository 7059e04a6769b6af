// Small pure rules of the console (no DOM, no network), exercised one by one in the browser by the end-to-end
// tests (ConsoleBrowserTest, "rules").

/** The call statuses in the order a call moves through them (README, "What to read on the Call"). */
export const CALL_STEPS = ['dialing', 'ringing', 'progressing', 'hangup'];

/** E.164 as the platform checks it (common-model E164): "+" and 7 to 15 digits. */
export function isE164(text) {
  return /^\+[0-9]{7,15}$/.test(text);
}

/** "destinations[1].target" → "destinations", "tech_headers.X-A" → "tech_headers": the form field a detail names. */
export function fieldKey(detailField) {
  return String(detailField || '').split(/[.[]/)[0];
}

/** The envelope's details grouped by form field: {hostname: ["hostname: must not contain a scheme"], …}. */
export function fieldErrors(details) {
  const byField = {};
  (details || []).forEach((d) => {
    const key = fieldKey(d.field);
    const text = d.field === key ? d.reason : `${d.field}: ${d.reason}`;
    (byField[key] = byField[key] || []).push(text);
  });
  return byField;
}

/** "Name: value" lines → {Name: value}; a line without a colon is an error naming its line number. */
export function parseHeaders(text) {
  const headers = {};
  const lines = String(text || '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `line ${i + 1}: write "Name: value"` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { headers };
}

export function formatHeaders(headers) {
  return Object.entries(headers || {}).map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** One destination per line: "+E164" is a tel destination, "user@host" or "sip:user@host" a sip one. */
export function parseDestinations(text) {
  const destinations = [];
  const lines = String(text || '').split('\n').map((l) => l.trim()).filter((l) => l);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isE164(line)) {
      destinations.push({ type: 'tel', target: line });
    } else if (/^(sip:)?[^@\s:]+@[^@\s]+$/.test(line)) {
      destinations.push({ type: 'sip', target: line });
    } else {
      return { error: `line ${i + 1} ("${line}") is neither +E.164 nor user@host` };
    }
  }
  if (destinations.length === 0) return { error: 'at least one destination is required' };
  if (destinations.length > 100) return { error: 'at most 100 destinations' };
  return { destinations };
}

/** The default test: answer, say a sentence, hang up. */
export const DEFAULT_ACTIONS = [
  { type: 'answer' },
  { type: 'talk', option: { text: 'This is a provider verification call.', language: 'en-US' } },
  { type: 'hangup' },
];

/**
 * The test-call form's values → the providercalls request body, or the reasons it cannot be sent, by field.
 * form: {providerId, source, destinations (text), anonymous, mode ('actions'|'flow'), actions (JSON text), flowId}
 */
export function testCallRequest(form) {
  const errors = {};
  const body = { provider_id: form.providerId, anonymous: form.anonymous || 'auto' };
  const source = String(form.source || '').trim();
  if (!isE164(source)) errors.source = 'the source must be +E.164 (e.g. +14155551234)';
  body.source = { type: 'tel', target: source };
  const parsed = parseDestinations(form.destinations);
  if (parsed.error) errors.destinations = parsed.error;
  body.destinations = parsed.destinations || [];
  if (form.mode === 'flow') {
    if (!form.flowId) errors.flow_id = 'choose a flow';
    body.flow_id = form.flowId;
  } else {
    try {
      const actions = JSON.parse(form.actions);
      if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => a && typeof a.type === 'string')) {
        errors.actions = 'a JSON list of actions, each with a "type"';
      }
      body.actions = actions;
    } catch (e) {
      errors.actions = 'not valid JSON';
    }
  }
  return { errors, body, valid: Object.keys(errors).length === 0 };
}

/** Why the test-call button is disabled, or null when it may be pressed. */
export function testCallBlocker(provider, validation) {
  if (!provider) return 'The provider could not be read.';
  if (provider.tm_delete) return 'This provider is deleted: calls cannot be placed through it.';
  if (!validation.valid) return `Fix the form first: ${Object.values(validation.errors)[0]}.`;
  return null;
}

/** A fresh Idempotency-Key (crypto.getRandomValues works on plain http too, unlike randomUUID). */
export function newIdempotencyKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return 'console-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function between(from, to) {
  if (!from || !to) return null;
  return Date.parse(to) - Date.parse(from);
}

/**
 * A call's timings in milliseconds (null when not reached): post-dial delay (created → ringing), time to answer
 * (created → answered) and duration (answered → hangup).
 */
export function callTimings(call) {
  return {
    postDialDelay: between(call.tm_create, call.tm_ringing),
    timeToAnswer: between(call.tm_create, call.tm_progressing),
    duration: between(call.tm_progressing, call.tm_hangup),
  };
}

export function formatMs(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** "2026-04-21T23:15:00.123456Z" → a short local time, or "never". */
export function formatTime(iso) {
  if (!iso) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** The steps of the status line with each one's state: done, current or todo (ended calls are all done). */
export function callSteps(status) {
  const at = CALL_STEPS.indexOf(status === 'terminating' || status === 'canceling' ? 'progressing' : status);
  return CALL_STEPS.map((step, i) => ({
    step,
    state: status === 'hangup' || i < at ? 'done' : i === at ? 'current' : 'todo',
  }));
}

/** A one-line outcome of a call: "normal · 200 OK" or the status while it runs. */
export function callOutcome(call) {
  if (!call) return 'unknown';
  if (call.status !== 'hangup') return call.status;
  const sip = call.sip_status_code ? ` · ${call.sip_status_code} ${call.sip_reason || ''}`.trimEnd() : '';
  return `${call.hangup_reason || 'ended'}${sip}`;
}
