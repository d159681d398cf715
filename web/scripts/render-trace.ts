/**
 * `npm --workspace web run trace-picture`: the picture of one trace in docs/, drawn from spans
 * that were really exported: web/test/tracing.e2e.test.ts keeps those of its key click (the
 * click's trace and the reader's, linked to its commit) in functions/.e2e-logs/trace-of-a-click.json;
 * this renders them as a waterfall (test/support/trace-waterfall.ts) and screenshots it with Chromium.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser } from '../test/support/browser.js';
import { waterfallHtml, type WaterfallSpan } from '../test/support/trace-waterfall.js';

const SPANS = new URL('../../functions/.e2e-logs/trace-of-a-click.json', import.meta.url);
const PICTURE = new URL('../../docs/trace-of-a-click.png', import.meta.url);
const traces = JSON.parse(readFileSync(process.argv[2] ?? SPANS, 'utf8')) as {
  heading: string;
  spans: WaterfallSpan[];
}[];
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 400 }, deviceScaleFactor: 1 });
  await page.setContent(
    waterfallHtml('One key press, traced: PWA → API → commit, and the reader linked to it', traces),
  );
  writeFileSync(PICTURE, await page.screenshot({ fullPage: true }));
} finally {
  await browser.close();
}
console.log(`wrote ${PICTURE.pathname}`);
