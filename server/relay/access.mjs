// Who may connect: the request's Origin against the allow-list (same origin by default, never
// `*` unless configured), and the console's token against the authentication hook. The built-in
// hook verifies JWTs with `jose` (a shared HS256 secret or a JWKS file): the `scope` claim
// (space-separated, or an array in `scp`) carries `live:read` and `live:dispatch`, separate
// rights. A deployment may pass its own `authenticate(token, req)` instead (its SSO's check).
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';

/** @typedef {{ subject: string, read: boolean, dispatch: boolean }} Grant */

/** Everyone may do everything: a relay on loopback without configured authentication (the demo). */
export const OPEN_GRANT = Object.freeze({ subject: 'anonymous', read: true, dispatch: true });

/**
 * The token a request carries: `Authorization: Bearer`, the WebSocket subprotocol `bearer.<token>`
 * (browsers cannot set headers on a WebSocket), the `gm_live_token` cookie, or `access_token` in
 * the URL (EventSource cannot set headers either: keep such tokens short-lived).
 * @param {import('node:http').IncomingMessage} req @param {URL} url
 */
export function tokenOf(req, url) {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  for (const protocol of String(req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const p = protocol.trim();
    if (p.startsWith('bearer.')) return p.slice(7);
  }
  const cookie = /(?:^|;\s*)gm_live_token=([^;]+)/.exec(req.headers.cookie ?? '');
  if (cookie) return decodeURIComponent(cookie[1]);
  return url.searchParams.get('access_token') ?? undefined;
}

/**
 * The built-in JWT check.
 * @param {{ secretFile?: string, jwksFile?: string, issuer?: string, audience?: string }} options
 * @returns {(token: string | undefined) => Promise<Grant | undefined>}
 */
export function jwtAuthenticator({ secretFile, jwksFile, issuer, audience }) {
  const key = jwksFile ? createLocalJWKSet(JSON.parse(readFileSync(jwksFile, 'utf8'))) : new TextEncoder().encode(readFileSync(secretFile, 'utf8').trim());
  if (!jwksFile && key.length < 32) throw new Error(`${secretFile}: an HS256 secret needs at least 32 bytes`);
  return async (token) => {
    if (!token || token.length > 8192) return undefined;
    try {
      const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: jwksFile ? undefined : ['HS256'] });
      const scopes = new Set(Array.isArray(payload.scp) ? payload.scp : String(payload.scope ?? '').split(' '));
      return { subject: String(payload.sub ?? 'unknown'), read: scopes.has('live:read'), dispatch: scopes.has('live:dispatch') };
    } catch {
      return undefined;
    }
  };
}

/**
 * Whether a request's Origin may read: no Origin (not a browser: the token decides), the relay's
 * own origin (the Host it was reached at, e.g. through the page's reverse proxy), or one listed.
 * @param {import('node:http').IncomingMessage} req @param {string[]} allowed
 */
export function originAllowed(req, allowed) {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
