import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';
import { flushTraces } from '../tracing/tracing.js';

/** The route's template (`/api/commands/:name`), never the path: a path may hold an id of a person. */
function routeOf(req: Request): string | undefined {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return undefined;
  return req.baseUrl + path;
}

/**
 * The request's span, the first middleware: a child of the caller's span when the request
 * carries a W3C `traceparent` (the PWA's click), and the active context of everything after it,
 * so the command's commit records this trace in its events' metadata. It names the method and
 * route template, the status, and (set by the route) the command; never a header's value, a
 * token, or anything of the body.
 */
export const requestSpan: RequestHandler = (req, res, next) => {
  const parent = propagation.extract(context.active(), req.headers);
  // Asked for at each request: a tracer got before the SDK registered its provider stays a no-op.
  const span = trace
    .getTracer('@firebase-event-store/functions')
    .startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  res.once('close', () => {
    const route = routeOf(req);
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    void flushTraces();
  });
  context.with(trace.setSpan(parent, span), next);
};

/** Names the command on the request's span, once the registry knows it: an unknown name is the caller's text. */
export const commandAttribute =
  (known: (name: string) => boolean): RequestHandler =>
  (req, _res, next) => {
    const name = String(req.params.name);
    if (known(name)) trace.getActiveSpan()?.setAttribute('event_store.command', name);
    next();
  };
