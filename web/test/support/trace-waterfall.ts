import type { ReceivedSpan } from './otlp-receiver.js';

/** What the waterfall needs of a span (a ReceivedSpan, or one read back from its JSON). */
export type WaterfallSpan = Pick<
  ReceivedSpan,
  'service' | 'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'links' | 'startMs' | 'endMs'
>;

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const COLORS: Record<string, string> = {
  'event-store-pwa': '#e76f51',
  api: '#264653',
  onEventCreated: '#2a9d8f',
};

/** The spans of one trace in tree order (parents before children), each with its depth. */
function inTreeOrder(spans: readonly WaterfallSpan[]) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = (parent: string | undefined) =>
    spans
      .filter((s) => (parent === undefined ? !s.parentSpanId || !ids.has(s.parentSpanId) : s.parentSpanId === parent))
      .sort((a, b) => a.startMs - b.startMs);
  const order: { span: WaterfallSpan; depth: number }[] = [];
  const visit = (span: WaterfallSpan, depth: number) => {
    order.push({ span, depth });
    for (const child of children(span.spanId)) visit(child, depth + 1);
  };
  for (const root of children(undefined)) visit(root, 0);
  return order;
}

/**
 * A trace as a waterfall, in plain HTML: one row per span (indented under its parent, its bar
 * placed on one time axis for all the traces shown, colored by service), then each trace linked
 * to it (the reader's run, linked to the commit) below, on the same axis.
 */
export function waterfallHtml(title: string, traces: readonly { heading: string; spans: readonly WaterfallSpan[] }[]) {
  const all = traces.flatMap((t) => t.spans);
  const start = Math.min(...all.map((s) => s.startMs));
  const total = Math.max(...all.map((s) => s.endMs)) - start || 1;
  const byId = new Map(all.map((s) => [`${s.traceId}/${s.spanId}`, s]));
  const rows = traces
    .map(({ heading, spans }) => {
      const body = inTreeOrder(spans)
        .map(({ span, depth }) => {
          const left = ((span.startMs - start) / total) * 100;
          const width = Math.max(((span.endMs - span.startMs) / total) * 100, 0.3);
          const color = COLORS[span.service] ?? '#6c757d';
          const links = span.links
            .map((link) => byId.get(`${link.traceId}/${link.spanId}`)?.name ?? `trace ${link.traceId.slice(0, 8)}`)
            .map((name) => `<span class="link">↪ linked to ${escape(name)}</span>`)
            .join(' ');
          return `<tr><td class="name" style="padding-left:${8 + depth * 16}px"><span class="dot" style="background:${color}"></span>${escape(span.name)} ${links}</td>
<td class="service">${escape(span.service)}</td><td class="bar"><div style="margin-left:${left}%;width:${width}%;background:${color}"></div></td>
<td class="ms">${(span.endMs - span.startMs).toFixed(1)} ms</td></tr>`;
        })
        .join('\n');
      return `<tr class="heading"><th colspan="4">${escape(heading)}</th></tr>\n${body}`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{font:13px system-ui,sans-serif;margin:16px;color:#1d3557;background:#fff}
h1{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%}
td,th{padding:3px 8px;border-bottom:1px solid #eef1f4;white-space:nowrap}
th{text-align:left;background:#f4f6f8;font-weight:600}
.name{width:1%}.service{color:#6c757d;width:1%}.ms{text-align:right;width:1%;color:#495057}
.bar{width:60%}.bar div{height:12px;border-radius:2px}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}
.link{color:#2a9d8f;font-size:12px;margin-left:6px}
</style></head><body><h1>${escape(title)}</h1><table>${rows}</table></body></html>`;
}
