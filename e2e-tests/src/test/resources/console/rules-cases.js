// The console's pure rules (api-gateway console/rules.js and ladder.js), run inside the served page by
// ConsoleBrowserTest: `rules` and `ladder` are the imported modules; the answer is the list of failures.
const failures = [];
const eq = (name, actual, expected) => {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) failures.push(`${name}: got ${a}, expected ${e}`);
};
eq('fieldKey of an indexed field', rules.fieldKey('destinations[1].target'), 'destinations');
eq('fieldKey of a header', rules.fieldKey('tech_headers.X-A'), 'tech_headers');
eq('fieldErrors by form field', rules.fieldErrors([{ field: 'hostname', reason: 'bad' },
  { field: 'tech_headers.X', reason: 'reserved' }]), { hostname: ['bad'], tech_headers: ['tech_headers.X: reserved'] });
eq('parseHeaders', rules.parseHeaders('X-A: 1\n\nX-B:two'), { headers: { 'X-A': '1', 'X-B': 'two' } });
eq('parseHeaders without a colon', rules.parseHeaders('X-A 1').error, 'line 1: write "Name: value"');
eq('formatHeaders', rules.formatHeaders({ 'X-A': '1', 'X-B': 'two' }), 'X-A: 1\nX-B: two');
eq('destinations tel and sip', rules.parseDestinations('+821012345678\nsip:bob@example.com'),
  { destinations: [{ type: 'tel', target: '+821012345678' }, { type: 'sip', target: 'sip:bob@example.com' }] });
eq('a short number is refused', rules.parseDestinations('+8210').error,
  'line 1 ("+8210") is neither +E.164 nor user@host');
eq('no destination', rules.parseDestinations('  \n').error, 'at least one destination is required');
const ok = rules.testCallRequest({ providerId: 'p', source: '+14155551234', destinations: '+821012345678',
  anonymous: 'auto', mode: 'actions', actions: JSON.stringify(rules.DEFAULT_ACTIONS) });
eq('a valid test call', [ok.valid, ok.body.actions.length, 'flow_id' in ok.body], [true, 3, false]);
const bad = rules.testCallRequest({ providerId: 'p', source: '123', destinations: '', mode: 'flow', flowId: '' });
eq('an invalid test call names its fields', Object.keys(bad.errors).sort(), ['destinations', 'flow_id', 'source']);
const badJson = rules.testCallRequest({ providerId: 'p', source: '+14155551234', destinations: '+821012345678',
  mode: 'actions', actions: '[{"type": "answer"' });
eq('actions that are not JSON', badJson.errors, { actions: 'not valid JSON' });
eq('a deleted provider blocks', rules.testCallBlocker({ tm_delete: '2026-01-01T00:00:00Z' }, ok).includes('deleted'), true);
eq('an invalid form blocks', rules.testCallBlocker({}, bad).startsWith('Fix the form first'), true);
eq('an unhealthy provider does not block', rules.testCallBlocker({ health_status: 'unhealthy' }, ok), null);
eq('each key is new', rules.newIdempotencyKey() !== rules.newIdempotencyKey(), true);
eq('timings', rules.callTimings({ tm_create: '2026-01-01T00:00:00.000000Z', tm_ringing: '2026-01-01T00:00:00.250000Z',
  tm_progressing: '2026-01-01T00:00:02.000000Z', tm_hangup: '2026-01-01T00:00:05.500000Z' }),
  { postDialDelay: 250, timeToAnswer: 2000, duration: 3500 });
eq('timings not reached', rules.callTimings({ tm_create: '2026-01-01T00:00:00Z', tm_ringing: null }).postDialDelay, null);
eq('formatMs', [rules.formatMs(250), rules.formatMs(3500), rules.formatMs(null)], ['250 ms', '3.50 s', '—']);
eq('steps while ringing', rules.callSteps('ringing').map((s) => s.state), ['done', 'current', 'todo', 'todo']);
eq('steps while terminating', rules.callSteps('terminating').map((s) => s.state), ['done', 'done', 'current', 'todo']);
eq('steps after hangup', rules.callSteps('hangup').map((s) => s.state), ['done', 'done', 'done', 'done']);
eq('outcome', rules.callOutcome({ status: 'hangup', hangup_reason: 'busy', sip_status_code: 486, sip_reason: 'Busy Here' }),
  'busy · 486 Busy Here');
eq('outcome while running', rules.callOutcome({ status: 'ringing' }), 'ringing');
eq('label of a request', ladder.arrowLabel('INVITE sip:+1@h SIP/2.0'), 'INVITE');
eq('label of a response', ladder.arrowLabel('SIP/2.0 183 Session Progress'), '183 Session Progress');
const layout = ladder.layoutLadder([
  { direction: 'sent', first_line: 'INVITE sip:a@b SIP/2.0', tm: '2026-01-01T00:00:00.000Z' },
  { direction: 'received', first_line: 'SIP/2.0 200 OK', tm: '2026-01-01T00:00:01.500Z' }], 600, 'carrier');
eq('arrows: direction, label, time, left to right', layout.arrows.map((a) => [a.direction, a.label, a.time, a.x1 < a.x2]),
  [['sent', 'INVITE', '+0.000 s', true], ['received', '200 OK', '+1.500 s', false]]);
eq('arrows go down the page', layout.arrows[1].y > layout.arrows[0].y, true);
eq('the diagram fits its width', layout.columns.every((c) => c.x > 0 && c.x < 600), true);
return failures;
