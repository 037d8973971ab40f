import { compileGlob, matchAnyGlob, type Glob } from './glob';

/**
 * Host allow-lists. The value is parsed with the WHATWG URL parser — the same one
 * `fetch` uses — so `https://api.acme.example@evil.example/` yields `evil.example`, IDNs
 * become punycode and a trailing dot is dropped before the comparison. A bare host name
 * (`api.acme.example`, `api.acme.example:8443`) is accepted too, as tools often take one.
 */
export function hostOf(value: string): string | undefined {
  // `https:///etc/passwd` would parse with host `etc`: a path is not a host.
  if (/^[\\/]/.test(value)) return undefined;
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(candidate)) return undefined;
  const host = new URL(candidate).hostname.toLowerCase().replace(/\.$/, '');
  return host === '' ? undefined : host;
}

export function compileHostGlobs(hosts: readonly string[]): Glob[] {
  return hosts.map((h) => compileGlob(h.toLowerCase().replace(/\.$/, '')));
}

export function hostAllowed(globs: readonly Glob[], value: string): boolean {
  const host = hostOf(value);
  return host !== undefined && matchAnyGlob(globs, host);
}
