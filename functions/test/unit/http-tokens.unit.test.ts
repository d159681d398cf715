/* eslint-disable max-lines -- the table of token attacks (attack group A (docs/security.md)), one case each, beside the key server they share. */
import { createHmac, generateKeyPairSync, createSign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteKeySet } from '@firebase-event-store/functions/http';
import { createInMemoryEventStore, SubjectId } from '@firebase-event-store/kernel';
import { startHttpHarness } from '../support/http-harness.js';
import { PROJECT, S, T, validClaims } from '@firebase-event-store/testing';

/** attack group A (docs/security.md): every bad token is a 401 (or 403, 431, 503 where stated) that writes nothing. */
type Harness = Awaited<ReturnType<typeof startHttpHarness>>;
let h: Harness;
beforeAll(async () => void (h = await startHttpHarness(createInMemoryEventStore())));
afterAll(() => h.close());

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const body = { aggregateId: 'calc-1', number1: 1, number2: 2 };

const post = (authorization?: string | string[], path = '/commands/AddNumbers') => {
  const req = request(h.server).post(path).type('json');
  // An array sends one header line per value (node:http's setHeader).
  if (authorization !== undefined) req.set('Authorization', authorization as string);
  return req.send(body);
};

/** The status, a problem document without internals, and no event written anywhere. */
async function expectRefused(authorization: string | string[] | undefined, status = 401, tenants = ['t1', 't2']) {
  const before = await Promise.all(tenants.map((t) => h.eventsIn(t)));
  const res = await post(authorization);
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, requestId: expect.any(String) });
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+|stack|jose|JWS|JWT[A-Z]/);
  if (status === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  expect(await Promise.all(tenants.map((t) => h.eventsIn(t)))).toEqual(before);
  return res;
}

const accepted = async (authorization: string) => {
  const res = await post(authorization);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('HTTP tokens (unit): attack A (docs/security.md)', () => {
  it('accepts a valid token, with the scheme in any case', async () => {
    const token = await h.tokens.idToken();
    await accepted(`Bearer ${token}`);
    await accepted(`bearer ${token}`);
    await accepted(`BEARER ${token}`);
  });

  describe('A1 header', () => {
    it.each([
      ['no header', undefined],
      ['Basic', 'Basic dXNlcjpwYXNz'],
      ['Bearer alone', 'Bearer'],
      ['Bearer and a space', 'Bearer '],
      ['two spaces', 'Bearer  x.y.z'],
    ])('%s -> 401', async (_name, value) => void (await expectRefused(value)));

    it('two Authorization headers -> 401, even if both are valid', async () => {
      const token = await h.tokens.idToken();
      const seen: string[][] = [];
      h.server.once('request', (req: IncomingMessage) => seen.push(req.headersDistinct.authorization ?? []));
      await expectRefused([`Bearer ${token}`, `Bearer ${token}`]);
      expect(seen).toEqual([[`Bearer ${token}`, `Bearer ${token}`]]); // two header lines really arrived
    });

    it('a token followed by other characters -> 401; trailing spaces are trimmed by HTTP itself', async () => {
      const token = await h.tokens.idToken();
      await expectRefused(`Bearer ${token} x`);
      await expectRefused(`Bearer ${token}\u00a0`);
      // RFC 9110: optional whitespace around a field value is not part of it. Node removes it
      // before any code sees the header, so this is the same request as the valid token.
      await accepted(`Bearer ${token}   `);
    });
  });

  describe('A2 structure', () => {
    it.each([
      ['abc', 'abc'],
      ['a.b', 'a.b'],
      ['a.b.c.d', 'a.b.c.d'],
      ['a five-part JWE', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`],
      ['characters outside base64url', 'a$b.c!d.e'],
    ])('%s -> 401', async (_name, token) => void (await expectRefused(`Bearer ${token}`)));

    it('a header or payload that is not JSON, or a payload that is an array or a string -> 401', async () => {
      await expectRefused(`Bearer ${b64('not json')}.${b64(validClaims())}.sig`);
      await expectRefused(`Bearer ${h.tokens.raw({ alg: 'RS256', kid: h.tokens.kid }, 'not json')}`);
      await expectRefused(`Bearer ${h.tokens.raw({ alg: 'RS256', kid: h.tokens.kid }, '[1,2]')}`);
      await expectRefused(`Bearer ${h.tokens.raw({ alg: 'RS256', kid: h.tokens.kid }, '"a string"')}`);
    });
  });

  describe('A3 algorithm', () => {
    it.each(['none', 'None', 'NONE', 'nOnE'])('alg %s, with and without a signature -> 401', async (alg) => {
      const unsigned = `${b64({ alg, typ: 'JWT', kid: h.tokens.kid })}.${b64(validClaims())}`;
      await expectRefused(`Bearer ${unsigned}.`);
      await expectRefused(`Bearer ${unsigned}.${b64('signature')}`);
    });

    it('HS256 signed with the public key PEM as the secret -> 401', async () => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: h.tokens.kid })}.${b64(validClaims())}`;
      const mac = createHmac('sha256', h.tokens.publicPem).update(input).digest('base64url');
      await expectRefused(`Bearer ${input}.${mac}`);
    });

    it.each([
      ['RS512', 'rsa', 'RSA-SHA512', {}],
      ['PS256', 'rsa', 'RSA-SHA256', { padding: 6, saltLength: 32 }],
      ['ES256', 'ec', 'SHA256', { dsaEncoding: 'ieee-p1363' }],
    ] as const)('%s signed with an attacker key -> 401', async (alg, type, digest, signOptions) => {
      const { privateKey } =
        type === 'rsa'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const input = `${b64({ alg, typ: 'JWT', kid: h.tokens.kid })}.${b64(validClaims())}`;
      const signature = createSign(digest)
        .update(input)
        .sign({ key: privateKey, ...signOptions })
        .toString('base64url');
      await expectRefused(`Bearer ${input}.${signature}`);
    });
  });

  describe('A4 kid', () => {
    it.each([
      ['missing', undefined],
      ['unknown', 'no-such-key'],
      ['a path', '../../dev/null'],
      ['a shell fragment', '$(rm -rf /)'],
      ['an SQL fragment', "' OR 1=1; --"],
      ['10 KB long', 'k'.repeat(10_000)],
      ['a number', 42],
      ['__proto__', '__proto__'],
    ])('%s -> 401', async (_name, kid) => {
      await expectRefused(`Bearer ${await h.tokens.idToken({}, { kid })}`);
    });
  });

  describe('A5 key injection', () => {
    it.each([
      ['jku', { jku: 'https://attacker.example/keys.json' }],
      ['x5u', { x5u: 'https://attacker.example/cert.pem' }],
      ['x5c', { x5c: ['MIIBkTCB+wIJAL'] }],
    ])('%s -> 401, even when the signature is the trusted key', async (_name, header) => {
      await expectRefused(`Bearer ${await h.tokens.idToken({}, header)}`);
      await expectRefused(`Bearer ${await h.tokens.attackerToken({}, header)}`);
    });

    it('crit with an unknown header -> 401, even when the signature is the trusted key', async () => {
      const header = { alg: 'RS256', typ: 'JWT', kid: h.tokens.kid, crit: ['x-unknown'], 'x-unknown': true };
      await expectRefused(`Bearer ${h.tokens.raw(header, JSON.stringify(validClaims()))}`);
    });

    it("an embedded jwk with the attacker's key -> 401", async () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = publicKey.export({ format: 'jwk' });
      await expectRefused(`Bearer ${await h.tokens.attackerToken({}, { jwk })}`);
    });
  });

  describe('A6 signature', () => {
    it('one bit flipped, stripped, an attacker key under the real kid, a swapped tenant -> 401', async () => {
      const token = await h.tokens.idToken();
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const bytes = Buffer.from(signature, 'base64url');
      bytes[10] = bytes[10]! ^ 0x01;
      await expectRefused(`Bearer ${header}.${payload}.${bytes.toString('base64url')}`);
      await expectRefused(`Bearer ${header}.${payload}.`);
      await expectRefused(`Bearer ${await h.tokens.attackerToken()}`);
      await expectRefused(`Bearer ${header}.${b64(validClaims({ tenant: 't2' }))}.${signature}`);
    });
  });

  describe('A7-A8 audience and issuer', () => {
    it.each([
      ['aud of another project', { aud: 'demo-other-project' }],
      ['aud an array containing the project', { aud: [PROJECT, 'demo-other'] }],
      ['aud missing', { aud: undefined }],
      ['aud with a trailing space', { aud: `${PROJECT} ` }],
      ['aud in another case', { aud: PROJECT.toUpperCase() }],
      ['iss of another project', { iss: 'https://securetoken.google.com/demo-other-project' }],
      ['iss of session cookies', { iss: `https://session.firebase.google.com/${PROJECT}` }],
      ['iss of Google accounts', { iss: 'https://accounts.google.com' }],
      ['iss with a trailing slash', { iss: `https://securetoken.google.com/${PROJECT}/` }],
      ['iss over http', { iss: `http://securetoken.google.com/${PROJECT}` }],
    ])('%s -> 401', async (_name, claims) => {
      await expectRefused(`Bearer ${await h.tokens.idToken(claims)}`);
    });
  });

  describe('A9 time', () => {
    it('exp = T-S-1 -> 401; exp = T-S+1 -> accepted', async () => {
      await expectRefused(`Bearer ${await h.tokens.idToken({ exp: T - S - 1 })}`);
      await accepted(`Bearer ${await h.tokens.idToken({ exp: T - S + 1 })}`);
    });

    it.each([
      ['exp missing', { exp: undefined }],
      ['exp a string', { exp: String(T + 3600) }],
      ['exp not a number', { exp: 'NaN' }],
      ['exp null', { exp: null }],
      ['iat later than T+S', { iat: T + S + 1 }],
      ['auth_time later than T+S', { auth_time: T + S + 1 }],
      ['iat missing', { iat: undefined }],
      ['auth_time missing', { auth_time: undefined }],
      ['auth_time a string', { auth_time: String(T) }],
      ['nbf in the future', { nbf: T + S + 1 }],
    ])('%s -> 401', async (_name, claims) => {
      await expectRefused(`Bearer ${await h.tokens.idToken(claims)}`);
    });
  });

  describe('A10 sub', () => {
    it.each([
      ['missing', { sub: undefined }],
      ['empty', { sub: '' }],
      ['a number', { sub: 42 }],
      ['129 characters', { sub: 'u'.repeat(129) }],
    ])('%s -> 401', async (_name, claims) => {
      await expectRefused(`Bearer ${await h.tokens.idToken(claims)}`);
    });

    it('128 characters is accepted', async () => {
      await accepted(`Bearer ${await h.tokens.idToken({ sub: 'u'.repeat(128) })}`);
    });
  });

  describe('A10 sub: one rule for every id (attack F2 (docs/security.md))', () => {
    it.each([
      ['a control character', 'user\u0001x'],
      ['a DEL', 'user\u007fx'],
      ['a right-to-left override', 'user\u202Eevil'],
      ['a bidirectional isolate', '\u2067user'],
      ['a left-to-right mark', 'user\u200E'],
      ['a zero-width space', 'us\u200Ber'],
      ['a zero-width joiner', 'us\u200Der'],
      ['a byte-order mark', '\uFEFFuser'],
      ['a soft hyphen', 'us\u00ADer'],
      ['a no-break space', 'user\u00A0x'],
      ['a line separator', 'user\u2028x'],
      ['a lone surrogate', 'user\uD800'],
      ['a decomposed accent (not NFC)', 'rene\u0301'],
    ])('a sub with %s -> 401, and the forget route refuses the same id', async (_name, sub) => {
      await expectRefused(`Bearer ${await h.tokens.idToken({ sub, user_id: sub })}`);
      expect(SubjectId.safeParse(sub).success).toBe(false);
    });

    it('letters of any script, in NFC, are accepted, as the forget route takes them', async () => {
      await accepted(`Bearer ${await h.tokens.idToken({ sub: 'rené-Ελένη-山田' })}`);
      expect(SubjectId.safeParse('rené-Ελένη-山田').success).toBe(true);
    });
  });

  describe('A11 token kind and lifetime, as Firebase issues ID tokens', () => {
    it.each([
      ['typ missing', { typ: undefined }],
      ['typ at+jwt', { typ: 'at+jwt' }],
      ['typ JWS', { typ: 'JWS' }],
      ['typ a number', { typ: 1 }],
    ])('%s -> 401', async (_name, header) => {
      await expectRefused(`Bearer ${await h.tokens.idToken({}, header)}`);
    });

    it('a lifetime over an hour (exp - iat) -> 401; exactly an hour is accepted', async () => {
      await expectRefused(`Bearer ${await h.tokens.idToken({ iat: T - 60, exp: T - 60 + 3601 })}`);
      await expectRefused(`Bearer ${await h.tokens.idToken({ iat: T - 60, exp: T + 86_400 * 365 })}`);
      await accepted(`Bearer ${await h.tokens.idToken({ iat: T - 60, exp: T - 60 + 3600 })}`);
    });

    it.each([
      ['firebase missing', { firebase: undefined }],
      ['firebase not an object', { firebase: 'password' }],
      ['sign_in_provider missing', { firebase: { identities: {} } }],
      ['sign_in_provider empty', { firebase: { identities: {}, sign_in_provider: '' } }],
      ['sign_in_provider a number', { firebase: { identities: {}, sign_in_provider: 1 } }],
    ])('%s -> 401', async (_name, claims) => {
      await expectRefused(`Bearer ${await h.tokens.idToken(claims)}`);
    });

    it('every sign-in provider Firebase names is accepted, anonymous and custom included', async () => {
      for (const provider of ['password', 'google.com', 'phone', 'anonymous', 'custom']) {
        await accepted(
          `Bearer ${await h.tokens.idToken({ firebase: { identities: {}, sign_in_provider: provider } })}`,
        );
      }
    });
  });

  describe('A11 other token kinds', () => {
    it('a Firebase custom token, a Google OAuth ID token, a session cookie -> 401', async () => {
      const serviceAccount = 'firebase-adminsdk@demo-event-store.iam.gserviceaccount.com';
      const custom = {
        iss: serviceAccount,
        sub: serviceAccount,
        aud: 'https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit',
        uid: 'user-1',
        claims: { tenant: 't1', roles: ['user'] },
        auth_time: undefined,
      };
      await expectRefused(`Bearer ${await h.tokens.attackerToken(custom, { kid: 'service-account-key' })}`);
      await expectRefused(`Bearer ${await h.tokens.idToken(custom)}`);
      const oauth = {
        iss: 'https://accounts.google.com',
        aud: '1234.apps.googleusercontent.com',
        email: 'a@example.com',
      };
      await expectRefused(`Bearer ${await h.tokens.idToken(oauth)}`);
      const cookie = { iss: `https://session.firebase.google.com/${PROJECT}` };
      await expectRefused(`Bearer ${await h.tokens.idToken(cookie)}`);
    });
  });

  describe('A12 claims of a valid token -> 403', () => {
    it.each([
      ['tenant missing', { tenant: undefined }],
      ['tenant empty', { tenant: '' }],
      ['tenant an array', { tenant: ['t1'] }],
      ['tenant with unsafe characters', { tenant: '../t2' }],
      ['tenant with a space', { tenant: 't 1' }],
      ['roles not an array', { roles: 'admin' }],
      ['roles not strings', { roles: [1, 2] }],
    ])('%s -> 403', async (_name, claims) => {
      await expectRefused(`Bearer ${await h.tokens.idToken(claims)}`, 403);
    });

    it('a role the command does not allow -> 403', async () => {
      const token = await h.tokens.idToken({ roles: ['user'] });
      const before = await h.eventsIn('t1');
      await request(h.server)
        .post('/commands/Increment')
        .auth(token, { type: 'bearer' })
        .send({ aggregateId: 'r', by: 1 });
      const res = await request(h.server)
        .post('/commands/Reset')
        .auth(token, { type: 'bearer' })
        .send({ aggregateId: 'r' });
      expect(res.status).toBe(403);
      expect(await h.eventsIn('t1')).toBe(before + 1);
    });

    it('never obeys a tenant named in the body or the URL', async () => {
      const token = await h.tokens.idToken();
      const inBody = await request(h.server)
        .post('/commands/AddNumbers')
        .auth(token, { type: 'bearer' })
        .send({ ...body, aggregateId: 'elsewhere', tenant: 't2' });
      expect(inBody.status).toBe(400);
      expect(inBody.body.errors).toContainEqual(expect.objectContaining({ pointer: '/tenant' }));
      const inUrl = await request(h.server)
        .post('/commands/AddNumbers?tenant=t2')
        .auth(token, { type: 'bearer' })
        .send({ ...body, aggregateId: 'elsewhere' });
      // A parameter the route does not know is refused, not ignored (attack F3 (docs/security.md)).
      expect([inUrl.status, inUrl.body.errors]).toEqual([400, [expect.objectContaining({ pointer: '/tenant' })]]);
      expect(await h.store.streamVersion({ tenant: 't2', type: 'Calculator', id: 'elsewhere' })).toBe(0);
      expect(await h.store.streamVersion({ tenant: 't1', type: 'Calculator', id: 'elsewhere' })).toBe(0);
    });
  });

  describe('A13 emulator tokens', () => {
    it('an unsigned Auth-emulator token outside the emulator -> 401', async () => {
      await expectRefused(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.`);
    });
  });

  describe('A14 size and the key endpoint', () => {
    it('a 20 KB token -> 431 or 401, never 500', async () => {
      const res = await post(`Bearer ${'a'.repeat(20_000)}.b.c`);
      expect([401, 431]).toContain(res.status);
    });

    describe('with the key set fetched over HTTP', () => {
      let keyServer: Server;
      let fetches = 0;
      let mode: 'ok' | 'fail' | 'slow' = 'ok';
      let jwks = '';
      const held: ServerResponse[] = [];

      beforeAll(async () => {
        const { exportJWK, generateKeyPair } = await import('jose');
        const pair = await generateKeyPair('RS256');
        jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'remote', alg: 'RS256' }] });
        keyServer = createServer((_req, res) => {
          fetches++;
          if (mode === 'fail') return void res.writeHead(500).end('down');
          if (mode === 'slow') return void held.push(res); // answers only when the tests are done: slower than any timeout
          res.setHeader('Content-Type', 'application/json');
          res.end(jwks);
        });
        await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
      });
      afterAll(() => {
        for (const res of held) res.end(jwks);
        return new Promise<void>((resolve) => keyServer.close(() => resolve()));
      });

      const harnessWith = async (options: Parameters<typeof remoteKeySet>[1]) => {
        const url = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/keys`;
        return startHttpHarness(createInMemoryEventStore(), { keys: remoteKeySet(url, options) });
      };

      it('a failing or slow key endpoint -> 503 with Retry-After', async () => {
        for (const failure of ['fail', 'slow'] as const) {
          mode = failure;
          const api = await harnessWith({ timeoutMs: 200, cooldownMs: 0 });
          const res = await request(api.server)
            .post('/commands/AddNumbers')
            .auth(await api.tokens.idToken({}, { kid: 'remote' }), { type: 'bearer' })
            .send(body);
          expect(res.status).toBe(503);
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(await api.eventsIn('t1')).toBe(0);
          await api.close();
        }
      });

      it('a flood of unknown kids fetches the key set at most once per cool-down', async () => {
        mode = 'ok';
        const api = await harnessWith({ cooldownMs: 60_000 });
        fetches = 0;
        const flood = await Promise.all(
          Array.from({ length: 30 }, async (_, i) =>
            request(api.server)
              .post('/commands/AddNumbers')
              .auth(await api.tokens.idToken({}, { kid: `unknown-${i}` }), { type: 'bearer' })
              .send(body),
          ),
        );
        expect(flood.every((res) => res.status === 401)).toBe(true);
        expect(fetches).toBe(1);
        await api.close();
      });
    });
  });
});
