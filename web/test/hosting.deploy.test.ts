import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const hosting = (
  JSON.parse(readFileSync(`${ROOT}firebase.json`, 'utf8')) as {
    hosting: { public: string; predeploy: string[] };
  }
).hosting;
const site = join(ROOT, hosting.public);

/**
 * What `firebase deploy --only hosting` uploads: firebase.json's predeploy, run as firebase-tools
 * runs it (vitest's NODE_ENV=test included: the web build must still be the production one).
 */
beforeAll(() => {
  for (const command of hosting.predeploy) {
    execFileSync('bash', ['-c', command], { env: { ...process.env, PROJECT_DIR: ROOT }, stdio: 'pipe' });
  }
}, 300_000);

it('the site is the PWA: every file its page and its service worker name is there to upload', () => {
  const page = readFileSync(join(site, 'index.html'), 'utf8');
  const assets = [...page.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((match) => match[1]!);
  expect(assets.some((asset) => /^assets\/index-.*\.js$/.test(asset))).toBe(true);
  // A precache entry without its file makes the service worker fail to install: no offline PWA.
  const worker = readFileSync(join(site, 'sw.js'), 'utf8');
  expect(worker).not.toContain('Copyright 2018 Google'); // the production build: minified
  const precached = [...worker.matchAll(/"?url"?:\s*"([^"]+)"/g)].map((match) => match[1]!);
  expect(precached).toEqual(expect.arrayContaining(['index.html', 'manifest.webmanifest']));
  const manifest = JSON.parse(readFileSync(join(site, 'manifest.webmanifest'), 'utf8')) as {
    start_url: string;
    icons: { src: string; sizes: string }[];
  };
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  const missing = [...assets, ...precached, ...manifest.icons.map((icon) => icon.src)].filter(
    (file) => !existsSync(join(site, file)),
  );
  expect(missing).toEqual([]);
});
