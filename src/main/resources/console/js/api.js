// The console's only way to the server: the Tencent-compatible API at POST /, signed with TC3 in the page.
// The credential lives in sessionStorage (gone when the tab closes), never in localStorage or a cookie.
import { sign } from './tc3.js';

const KEY = 'liverec.credential';
export const VERSION = '2018-08-01';

export class ApiError extends Error {
  constructor(code, message, requestId, action) {
    super(message);
    this.code = code;
    this.requestId = requestId;
    this.action = action;
  }
}

/** Codes that mean the stored credential no longer works (disabled, deleted or wrong key). */
const LOST = new Set(['AuthFailure.SecretIdNotFound', 'AuthFailure.InvalidSecretId', 'AuthFailure.SignatureFailure']);

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch {
    return null;
  }
}

export function saveSession(s) {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Calls one action; resolves to Response (minus nothing) or rejects with ApiError(Code, Message, RequestId). */
export async function call(action, params = {}, given = null) {
  const cred = given || session();
  if (!cred) throw new ApiError('AuthFailure.NotSignedIn', 'Sign in first.', '', action);
  const payload = JSON.stringify(params);
  const timestamp = Math.floor(Date.now() / 1000);
  const contentType = 'application/json';
  const { authorization } = await sign({
    secretId: cred.secretId, secretKey: cred.secretKey, service: 'live', host: location.host,
    contentType, payload, timestamp,
  });
  const headers = {
    'Content-Type': contentType, Authorization: authorization, 'X-TC-Action': action,
    'X-TC-Version': VERSION, 'X-TC-Timestamp': String(timestamp), 'X-TC-Language': 'en-US',
  };
  if (cred.region) headers['X-TC-Region'] = cred.region;
  let res;
  try {
    res = await fetch('/', { method: 'POST', headers, body: payload, cache: 'no-store' });
  } catch (e) {
    throw new ApiError('ClientError.NetworkError', `The server could not be reached: ${e.message}`, '', action);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError('ClientError.HttpStatusCodeError', `HTTP ${res.status} ${res.statusText} (not an API response)`, '', action);
  }
  const r = body && body.Response;
  if (!r) throw new ApiError('ClientError.ParseError', 'The response has no Response object.', '', action);
  if (r.Error) {
    const err = new ApiError(r.Error.Code, r.Error.Message, r.RequestId, action);
    // the signed-in credential was disabled or deleted meanwhile: the shell goes back to sign-in
    if (LOST.has(err.code) && !given) window.dispatchEvent(new CustomEvent('liverec:signed-out', { detail: err }));
    throw err;
  }
  return r;
}

/** Like call(), but answers null instead of failing when the server does not know the action (optional features). */
export async function callOptional(action, params = {}) {
  try {
    return await call(action, params);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'InvalidAction') return null;
    throw e;
  }
}
