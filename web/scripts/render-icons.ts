/**
 * `npm --workspace web run icons`: draws public/icon.svg into the manifest's PNG icons with
 * Chromium, so that the favicon, the home-screen icon and the splash screen show one mark. A
 * browser test compares them pixel by pixel.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser } from '../test/support/browser.js';

const PUBLIC = new URL('../public/', import.meta.url);
const svg = readFileSync(new URL('icon.svg', PUBLIC));
const browser = await launchBrowser();
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const source = `data:image/svg+xml;base64,${svg.toString('base64')}`;
    await page.setContent(`<body style="margin:0"><img src="${source}" width="${size}" height="${size}"></body>`);
    await page.locator('img').evaluate((image: HTMLImageElement) => image.decode());
    writeFileSync(
      new URL(`icon-${size}.png`, PUBLIC),
      await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size } }),
    );
    await page.close();
  }
} finally {
  await browser.close();
}
