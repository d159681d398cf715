import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localHosting, type FirebaseConfig } from '../local-hosting.js';

const config = JSON.parse(readFileSync(new URL('../../firebase.json', import.meta.url), 'utf8')) as FirebaseConfig;
const header = (c: FirebaseConfig, key: string) =>
  c.hosting!.headers!.flatMap((rule) => rule.headers).find((h) => h.key === key)?.value ?? '';
const directives = (csp: string) => new Map(csp.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe("the site's security headers (firebase.json)", () => {
  it('deployed: the page may reach its own origin and Google’s Auth and Firestore endpoints, nothing else', () => {
    const csp = directives(header(config, 'Content-Security-Policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'https://identitytoolkit.googleapis.com',
      'https://securetoken.googleapis.com',
      'https://firestore.googleapis.com',
    ]);
    for (const directive of ['script-src', 'style-src', 'worker-src', 'manifest-src'])
      expect(csp.get(directive), directive).toEqual(["'self'"]);
    // Firestore's SDK loads this image after a network error, to tell offline from a server down.
    expect(csp.get('img-src')).toEqual(["'self'", 'https://www.google.com/images/cleardot.gif']);
    for (const directive of ['object-src', 'base-uri', 'form-action', 'frame-ancestors'])
      expect(csp.get(directive), directive).toEqual(["'none'"]);
    expect(header(config, 'X-Content-Type-Options')).toBe('nosniff');
    expect(header(config, 'Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(header(config, 'Permissions-Policy')).toContain('camera=()');
  });

  it('locally: the emulators of the run are added to connect-src, and nothing else changes', () => {
    const local = localHosting({
      ...config,
      emulators: { ...config.emulators, auth: { host: '127.0.0.1', port: 4001 }, firestore: { port: 4002 } },
    });
    const csp = directives(header(local, 'Content-Security-Policy'));
    expect(csp.get('connect-src')!.slice(-2)).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.1:4002']);
    expect(header(local, 'Content-Security-Policy').replace(' http://127.0.0.1:4001 http://127.0.0.1:4002', '')).toBe(
      header(config, 'Content-Security-Policy'),
    );
    expect(local.hosting!.headers!.length).toBe(config.hosting!.headers!.length);
  });

  it('locally with a trace collector: its origin too, and only in that run', () => {
    const emulators = { ...config.emulators, auth: { port: 4001 }, firestore: { port: 4002 } };
    const traced = localHosting({ ...config, emulators }, { collector: 'http://127.0.0.1:4318/v1/traces' });
    expect(directives(header(traced, 'Content-Security-Policy')).get('connect-src')!.slice(-3)).toEqual([
      'http://127.0.0.1:4001',
      'http://127.0.0.1:4002',
      'http://127.0.0.1:4318',
    ]);
    const untraced = localHosting({ ...config, emulators });
    expect(header(untraced, 'Content-Security-Policy')).not.toContain('4318');
    expect(header(config, 'Content-Security-Policy')).not.toContain('127.0.0.1');
  });
});
