import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const HOST = 'firebaseappcheck.googleapis.com';
export const PROJECT_NUMBER = '123456789012';

/**
 * Google's App Check key set, played on loopback: an HTTPS server with a self-signed
 * certificate for firebaseappcheck.googleapis.com serving a local JWKS, and an agent that
 * takes every connection there and trusts only that certificate. Handed to firebase-admin as
 * its `httpAgent`, its own App Check verifier checks locally signed tokens for real, and
 * nothing leaves the machine.
 */
export async function startAppCheckKeyServer(projectId: string) {
  const dir = mkdtempSync(join(tmpdir(), 'app-check-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${HOST}`,
      '-addext',
      `subjectAltName=DNS:${HOST}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'));
  const key = readFileSync(join(dir, 'key.pem'));
  rmSync(dir, { recursive: true, force: true });

  const kid = 'app-check-key-1';
  const signing = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  let fetches = 0;
  let answer: 'keys' | 'fail' = 'keys';
  const server = createServer({ cert, key }, (req, res) => {
    fetches++;
    if (answer === 'fail' || req.url !== '/v1/jwks') return void res.writeHead(503).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ ca: cert });
  agent.createConnection = (options, callback) =>
    connect({ ...(options as object), host: '127.0.0.1', port, servername: HOST, ca: cert }, callback as () => void);

  const sign = (claims: Record<string, unknown> = {}, key = signing.privateKey) =>
    new SignJWT({
      iss: `https://firebaseappcheck.googleapis.com/${PROJECT_NUMBER}`,
      aud: [`projects/${PROJECT_NUMBER}`, `projects/${projectId}`],
      sub: '1:123456789012:web:abcdef',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .sign(key);
  const attacker = await generateKeyPair('RS256');

  return {
    agent,
    /** A valid App Check token of this project's web app, with these claims changed. */
    token: (claims?: Record<string, unknown>) => sign(claims),
    /** Signed by a key that is not in the key set, under its kid. */
    forged: () => sign({}, attacker.privateKey),
    /** How many times the key set was fetched. */
    fetches: () => fetches,
    /** Makes the key endpoint fail from now on. */
    fail: () => void (answer = 'fail'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
