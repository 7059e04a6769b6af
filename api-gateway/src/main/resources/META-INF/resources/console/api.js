// The gateway's public API as the console uses it. The session (username and bearer token) lives only in this
// module's memory: never in localStorage, a cookie or a URL, so a reload or a closed tab ends it.

let session = null;
let expiryTimer = null;
const listeners = new Set();

/** An error answered by the API: the typed envelope {status, reason, message, request_id, details?}. */
export class ApiError extends Error {
  constructor(httpStatus, envelope) {
    super(envelope.message || `HTTP ${httpStatus}`);
    this.httpStatus = httpStatus;
    this.status = envelope.status || '';
    this.reason = envelope.reason || '';
    this.requestId = envelope.request_id || '';
    this.details = Array.isArray(envelope.details) ? envelope.details : [];
  }
}

/** Called with a reason ('logout' or 'expired') whenever the session ends. */
export function onSessionEnd(listener) {
  listeners.add(listener);
}

export function currentUser() {
  return session ? session.username : null;
}

export async function login(username, password) {
  const answer = await send('POST', '/auth/login', { username, password }, {}, false);
  session = { username: answer.username, token: answer.token };
  scheduleExpiry(answer.token);
  return answer;
}

export function logout() {
  end('logout');
}

function end(reason) {
  if (!session) return;
  session = null;
  clearTimeout(expiryTimer);
  listeners.forEach((l) => l(reason));
}

// The token's own expiry (the JWT "exp" claim) ends the session on time, so the operator is not left looking at
// a page whose next action would fail; a token without a readable "exp" is left to the first 401.
function scheduleExpiry(token) {
  clearTimeout(expiryTimer);
  const exp = expiryOf(token);
  if (exp) {
    expiryTimer = setTimeout(() => end('expired'), Math.max(0, exp * 1000 - Date.now()));
  }
}

export function expiryOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(atob(payload)).exp;
    return typeof exp === 'number' ? exp : null;
  } catch (e) {
    return null;
  }
}

export const get = (path, query) => send('GET', withQuery(path, query));
export const post = (path, body, headers) => send('POST', path, body, headers);
export const put = (path, body) => send('PUT', path, body);
export const del = (path) => send('DELETE', path);

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  Object.entries(query).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') params.set(k, v);
  });
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method, path, body, headers = {}, authenticated = true) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (authenticated) {
    if (!session) throw new ApiError(401, { reason: 'AUTHENTICATION_REQUIRED', message: 'Please log in.' });
    init.headers.Authorization = `Bearer ${session.token}`;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { reason: 'NETWORK', message: 'The gateway could not be reached.' });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const envelope = (json && json.error) || { message: `HTTP ${response.status}` };
    if (response.status === 401 && authenticated) end('expired');
    throw new ApiError(response.status, envelope);
  }
  return json;
}
