/// <reference lib="dom" /> // page.evaluate bodies run in the page
import { getAuth } from 'firebase-admin/auth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, suite } from '../../functions/test/support/e2e-users.js';
import { expectScreen, launchBrowser, openPage, press, signIn, useCalculator } from './support/browser.js';
import { eventually, PASSWORD, SCREENSHOTS, shows } from './support/pwa.js';

/** The people of the screenshots in docs/pwa.md: one tenant, a user and an admin, the same each run. */
const PEOPLE = {
  user: { email: 'bob@acme.example', name: 'Bob', roles: ['user'] },
  admin: { email: 'ada@acme.example', name: 'Ada', roles: ['user', 'admin'] },
};
const WIDTHS = [375, 1280];

/** How the page is laid out, measured in the page: what a look at the screenshots would judge. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const header = document.querySelector('header')!.getBoundingClientRect();
    const main = document.querySelector('main')!;
    const padding = Number.parseFloat(getComputedStyle(main).paddingRight);
    const contentRight = main.getBoundingClientRect().right - padding;
    const cards = Array.from(document.querySelectorAll<HTMLElement>('.card')).filter(
      (card) => card.offsetParent !== null,
    );
    const firstRow = cards.filter((card) => card.offsetTop === cards[0]?.offsetTop);
    const input = getComputedStyle(document.querySelector('input:not([type=hidden])')!);
    return {
      headerSpansThePage: header.left === 0 && header.width === width && header.top + window.scrollY === 0,
      horizontalScroll: document.documentElement.scrollWidth > width,
      // The cards of the first row reach the right edge of the content: no empty column beside them.
      emptyColumnPx: firstRow.length
        ? Math.round(contentRight - Math.max(...firstRow.map((c) => c.getBoundingClientRect().right)))
        : 0,
      inputStyled: input.borderRadius !== '0px' && Number.parseFloat(input.paddingLeft) >= 6,
      inputFontPx: Number.parseFloat(input.fontSize),
    };
  });

describe('how the PWA looks (Chromium): screenshots at 375 and 1280 px, the layout, the icons, the CSP', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    for (const { email, name, roles } of Object.values(PEOPLE)) {
      const { uid } = await getAuth(admin).createUser({
        email,
        password: PASSWORD,
        displayName: name,
        emailVerified: true,
      });
      await getAuth(admin).setCustomUserClaims(uid, { tenant: 'acme', roles });
    }
  });
  afterAll(() => browser?.close());

  for (const width of WIDTHS) {
    it(`signed out, as a user and as an admin at ${width} px: laid out without gaps or scrolling, screenshots for docs/pwa.md`, async () => {
      const { context, page } = await openPage(browser, suite.site, { width, height: width < 600 ? 812 : 900 });
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.evaluate(async () => void (await navigator.serviceWorker.ready));
      await expectScreen(page, `signed out at ${width} px`);
      expect(await layout(page)).toMatchObject({
        headerSpansThePage: true,
        horizontalScroll: false,
        inputStyled: true,
      });
      expect((await layout(page)).inputFontPx).toBeGreaterThanOrEqual(16); // no zoom on focus on phones
      await page.screenshot({ path: `${SCREENSHOTS}signed-out-${width}.png`, fullPage: true });

      await signIn(page, PEOPLE.user.email, PASSWORD);
      await useCalculator(page, 'screens-1');
      // The first of the runs at each width types 12 + 30 =; the other finds it typed.
      if ((await page.locator('#version').textContent()) === '0')
        await press(page, '1', '2', 'plus', '3', '0', 'equals');
      await shows(page, '#display', '42');
      await eventually(() => page.getByRole('list', { name: 'Events by name' }).innerText()).toContain('DigitPressed');
      await expectScreen(page, `a user at ${width} px`);
      expect(await layout(page)).toMatchObject({ headerSpansThePage: true, horizontalScroll: false, emptyColumnPx: 0 });
      await page.screenshot({ path: `${SCREENSHOTS}user-${width}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Sign out' }).click();

      await signIn(page, PEOPLE.admin.email, PASSWORD);
      await useCalculator(page, 'screens-1');
      await page.getByLabel('Id', { exact: true }).fill('screens-1');
      await page.getByRole('button', { name: 'Show the stream' }).click();
      await eventually(() => page.locator('#stream tbody tr').count()).toBe(6);
      await eventually(() => page.locator('#readers tbody tr[data-handler]').count()).toBe(3);
      await expectScreen(page, `an admin at ${width} px`);
      expect(await layout(page)).toMatchObject({ headerSpansThePage: true, horizontalScroll: false, emptyColumnPx: 0 });
      await page.screenshot({ path: `${SCREENSHOTS}admin-${width}.png`, fullPage: true });
      await context.close();
    });
  }

  it('the icons show one mark: each PNG is the SVG drawn at its size', async () => {
    const { context, page } = await openPage(browser, suite.site);
    for (const size of [192, 512]) {
      const difference = await page.evaluate(async (size) => {
        const pixels = async (src: string) => {
          const image = new Image();
          image.src = src;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = size;
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0, size, size);
          return context.getImageData(0, 0, size, size).data;
        };
        const [svg, png] = await Promise.all([pixels('/icon.svg'), pixels(`/icon-${size}.png`)]);
        let total = 0;
        for (let i = 0; i < svg.length; i++) total += Math.abs(svg[i]! - png[i]!);
        return total / svg.length / 255; // 0: the same picture, 1: the negative
      }, size);
      expect(difference, `icon-${size}.png against icon.svg`).toBeLessThan(0.01);
    }
    await context.close();
  });

  it('the site is served with its security headers, and a violation of its CSP would be seen by the tests', async () => {
    const response = await fetch(`${suite.site}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    // The emulators of this suite, and nothing else outside the site, may be reached locally.
    const auth = `http://${suite.auth}`;
    expect(csp).toContain(auth);

    const { context, page } = await openPage(browser, suite.site);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.head.append(script);
    });
    await eventually(() => page.evaluate(() => window.cspViolations)).toEqual(['script-src-elem refused inline']);
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
    await context.close();
  });
});
