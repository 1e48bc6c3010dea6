import type { ServerResponse } from 'node:http';

/**
 * Headers every response carries. Script sources are restricted by the hashed policy Astro writes into each page
 * (experimental.csp); this header adds what a meta tag cannot say (frame-ancestors) and what holds everywhere.
 */
export const baseContentSecurityPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

/** Sets the security headers on a response before anything else writes to it. */
export function applySecurityHeaders(response: ServerResponse, publicOrigin: string): void {
  response.setHeader('Content-Security-Policy', baseContentSecurityPolicy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
  if (publicOrigin.startsWith('https:')) response.setHeader('Strict-Transport-Security', 'max-age=15552000');
}
