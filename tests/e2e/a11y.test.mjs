// Accessibility of every page of the web workspace: axe-core (npm, pinned in
// tests/e2e/package-lock.json) run in Debian's Chromium on each page as the
// administrator, a unit user and a viewer, and on the login page, at a
// desktop size (1366×768) and a phone's (390×844). Any violation axe rates
// serious or critical fails the test; the failure lists each one with the
// page, the rule, and the elements.
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/a11y.test.mjs
//
// Environment: ZWGK (the zwgk executable, or the first argument), CHROMIUM
// (default /usr/bin/chromium), ZWGK_E2E_KEEP (keep the data directory). The
// pages are loaded bypassing the server's Content-Security-Policy so that axe
// (an inline script) can be injected; nothing else of the page changes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loginAs, serveWithUsers, settle, stopServer, violations as axeViolations } from './harness.mjs';

let chromium = null;
let axePath = '';
let missing = '';
try {
  ({ chromium } = await import('playwright-core'));
  axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
} catch (e) {
  missing = `playwright-core or axe-core is not installed in tests/e2e/node_modules (${e.code || e.message}): ` +
    'run scripts/bootstrap.sh (it runs `npm ci --prefix tests/e2e`)';
}

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.join(here, '..', '..', 'examples', 'linzi-2020q3');
const zwgkArg = process.env.ZWGK || process.argv[2] || '';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const SIZES = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };
const USERS = {
  admin: { password: 'a11y-Chief-Pa55', role: 'admin' },
  shangwu: { password: 'a11y-unit-Pa55', role: 'unit', unit: '区商务局' },
  leader: { password: 'a11y-viewer-Pa55', role: 'viewer' },
};

// Every page each role may open (tabs and the item drawer included).
const openFirstItem = async (page) => {
  await page.locator('[data-testid="rectify-table"] tbody tr[data-id]').first().click();
  await page.locator('.drawer').waitFor();
};
const PAGES = {
  admin: [
    ['home', '#/home?unit=区商务局'], ['ranking', '#/ranking'], ['ranking progress', '#/ranking?tab=progress'],
    ['ranking charts', '#/ranking?tab=charts'], ['unit', '#/unit/区商务局'], ['data upload', '#/data/upload'],
    ['data finding', '#/data/finding'], ['data registry', '#/data/registry'], ['data files', '#/data/files'],
    ['mail', '#/mail'], ['rectify', '#/rectify'], ['rectify overdue', '#/rectify?tab=overdue'],
    ['rectify item', '#/rectify', openFirstItem], ['publish', '#/publish'], ['year', '#/year'], ['audit', '#/audit'],
    ['users', '#/users'],
  ],
  shangwu: [
    ['home', '#/home'], ['ranking', '#/ranking'], ['unit', '#/unit/区商务局'], ['mail', '#/mail'],
    ['rectify', '#/rectify'], ['rectify overdue', '#/rectify?tab=overdue'], ['rectify item', '#/rectify', openFirstItem],
    ['publish', '#/publish'], ['year', '#/year'],
  ],
  leader: [
    ['ranking', '#/ranking'], ['ranking charts', '#/ranking?tab=charts'], ['unit', '#/unit/区商务局'],
    ['publish', '#/publish'], ['year', '#/year'],
  ],
};

let dataDir = '';
let server = null;
let browser = null;

before(async () => {
  assert.ok(!missing, missing);
  assert.ok(zwgkArg, 'set ZWGK to the zwgk executable (or pass its path as the first argument)');
  const zwgk = path.resolve(zwgkArg);
  assert.ok(fs.existsSync(chromiumPath), `Chromium not found: ${chromiumPath} (run scripts/bootstrap.sh)`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-a11y-'));
  fs.cpSync(example, dataDir, { recursive: true });
  server = await serveWithUsers(zwgk, dataDir, USERS);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer(server);
  if (dataDir && process.env.ZWGK_E2E_KEEP) console.log(`data directory kept: ${dataDir}`);
  else if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const sel = (testid) => `[data-testid="${testid}"]`;

async function login(page, name) {
  await loginAs(page, server.base, name, USERS[name].password);
  await settle(page);
}

for (const [size, viewport] of Object.entries(SIZES)) {
  test(`the login page has no serious or critical violation (${size})`, async () => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.base}/#/login`);
    await page.locator(sel('login-name')).waitFor();
    const found = await axeViolations(axePath, page, `login (${size})`);
    await context.close();
    assert.deepEqual(found, [], found.join('\n'));
  });

  for (const name of Object.keys(USERS)) {
    test(`every page of ${USERS[name].role} has no serious or critical violation (${size})`, async () => {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });
      context.setDefaultTimeout(10000);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await login(page, name);
      const found = [];
      for (const [label, hash, act] of PAGES[name]) {
        await page.evaluate((h) => { location.hash = h; }, hash);
        await page.waitForTimeout(50);
        await settle(page);
        if (act) { await act(page); await settle(page); }
        found.push(...await axeViolations(axePath, page, `${label} as ${USERS[name].role} (${size})`));
      }
      if (size === 'phone') {  // the menu drawn over the page
        await page.locator(sel('nav-toggle')).click();
        await page.waitForTimeout(300);
        found.push(...await axeViolations(axePath, page, `menu as ${USERS[name].role} (${size})`));
      }
      await context.close();
      assert.deepEqual(errors, [], 'no uncaught errors in the page');
      assert.deepEqual(found, [], `${found.length} serious or critical violations:\n${found.join('\n')}`);
    });
  }
}
