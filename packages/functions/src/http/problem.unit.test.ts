import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { problemHandler, type LogEntry } from './problem.js';

/** An app whose one route raises `error`, as express, its router or a middleware would. */
function raising(error: unknown) {
  const logs: LogEntry[] = [];
  const app = express();
  app.get('/', () => {
    throw error;
  });
  app.use(problemHandler((entry) => logs.push(entry)));
  return { app, logs };
}

describe('problem documents (unit)', () => {
  it.each([
    [{ status: 400, message: 'library says: bad thing' }, 400, 'INVALID_ARGUMENT'],
    [{ statusCode: 413, message: 'request entity too large' }, 413, 'PAYLOAD_TOO_LARGE'],
    [{ status: 415, expose: true, message: 'unsupported charset "X"' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ status: 418, expose: true, message: 'library says: teapot' }, 400, 'INVALID_ARGUMENT'],
    [Object.assign(new URIError('URI malformed'), { status: 400 }), 400, 'INVALID_ARGUMENT'],
  ])(
    'a client error raised below us (%o) is a %i problem in our words, logged nowhere',
    async (error, status, code) => {
      const { app, logs } = raising(Object.assign(new Error('x'), error));
      const res = await request(app).get('/');
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.text).not.toMatch(/library says|request entity|charset|URI malformed|stack/);
      expect(logs).toEqual([]);
    },
  );

  it('anything else is a 500 that says nothing, and is logged at ERROR with its message and stack', async () => {
    const { app, logs } = raising(Object.assign(new Error('SECRET-XYZ'), { status: 503 }));
    const res = await request(app).get('/');
    expect([res.status, res.body.code]).toEqual([500, 'INTERNAL']);
    expect(res.text).not.toContain('SECRET-XYZ');
    expect(logs).toEqual([
      expect.objectContaining({ severity: 'ERROR', message: 'SECRET-XYZ', stack: expect.any(String) }),
    ]);
  });
});
