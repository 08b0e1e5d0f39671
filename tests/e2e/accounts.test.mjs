// End-to-end test of the accounts (web/pages/users.js, web/pages/account.js,
// the account menu of web/app.js) in Debian's Chromium, driven by
// playwright-core, against `zwgk serve`:
//
//   ZWGK=build/release/src/zwgk node --test tests/e2e/accounts.test.mjs
//
// The office creates every unit's account in one step and downloads
// 单位账号.csv; a unit logs in with its one-time password, must change it
// first (a common password is refused), then sees its pages and changes its
// password again from the account menu.
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS
// (saves workspace-account-*.png there, at 1366×768), ZWGK_E2E_KEEP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace } from './harness.mjs';

const shotDir = process.env.ZWGK_SCREENSHOTS || '';
const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { name: 'admin', password: 'e2e-Chief-Pa55' };

let ws = null;
let server = null;
let accounts = [];  // rows of 单位账号.csv: [单位, 用户名, 初始密码]

before(async () => {
  ws = await openWorkspace({ prefix: 'zwgk-e2e-accounts-', users: { [ADMIN.name]: { password: ADMIN.password, role: 'admin' } } });
  server = ws.server;
});

after(async () => {
  if (server && server.exited()?.code) console.log(`zwgk serve output:\n${server.output()}`);
  await ws?.close();
});

const sel = (testid) => `[data-testid="${testid}"]`;
const newPage = () => ws.newPage({ viewport: VIEWPORT, timeout: 20000 });

async function closePage(page) {
  assert.deepEqual(page.jsErrors, [], 'no uncaught errors in the page');
  await page.context().close();
}

async function shot(page, name) {
  if (!shotDir) return;
  await page.evaluate(async () => { await document.fonts.ready; });
  await page.screenshot({ path: path.join(shotDir, name), animations: 'disabled', caret: 'hide' });
}

async function submitLogin(page, name, password) {
  await page.goto(`${server.base}/#/login`);
  await page.locator(sel('login-name')).fill(name);
  await page.locator(sel('login-password')).fill(password);
  await page.locator(sel('login-submit')).click();
}

test('the office creates every unit\'s account in one step and downloads the passwords once', async () => {
  const page = await newPage();
  await submitLogin(page, ADMIN.name, ADMIN.password);
  await page.locator(sel('current-user')).waitFor();
  await page.goto(`${server.base}/#/users`);
  await page.locator(sel('users-create-units')).click();
  await page.locator(sel('units-dialog')).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.locator(sel('units-dialog-ok')).click(),
  ]);
  assert.equal(download.suggestedFilename(), '单位账号.csv');
  const bytes = fs.readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'UTF-8 with BOM');
  const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
  assert.equal(lines[0], '单位,用户名,初始密码');
  accounts = lines.slice(1).map((l) => l.split(','));
  assert.ok(accounts.length > 10, `${accounts.length} accounts`);
  for (const [unit, name, password] of accounts) {
    assert.equal(name, unit);
    assert.match(password, /^[2-9a-km-np-zA-HJ-NP-Z]{12}$/);
  }
  const result = page.locator(sel('units-result'));
  await result.locator('.alert-success').waitFor();
  assert.match(await result.textContent(), new RegExp(`已新建 ${accounts.length} 个单位账号`));
  await page.locator(`${sel('users-table')} [data-user="区商务局"]`).waitFor();
  await shot(page, 'workspace-account-units.png');

  // Again: nothing to create, nothing downloaded.
  await page.locator(sel('users-create-units')).click();
  await page.locator(sel('units-dialog-ok')).click();
  await result.locator('.alert-info').waitFor();
  assert.match(await result.textContent(), /都已有账号，没有新建/);
  await closePage(page);
});

test('a unit logs in with its one-time password, must change it, then sees its pages', async () => {
  const [unit, name, oneTime] = accounts.find(([u]) => u === '区商务局');
  const page = await newPage();
  await submitLogin(page, name, oneTime);
  await page.locator(sel('must-change-page')).waitFor();
  assert.equal(await page.locator(sel('menu-ranking')).count(), 0, 'no menu before the password is changed');
  await page.locator(sel('must-change-current')).fill(oneTime);
  await page.locator(sel('must-change-new')).fill('woaini1314');
  await page.locator(sel('must-change-again')).fill('woaini1314');
  await page.locator(sel('must-change-submit')).click();
  await page.locator(sel('must-change-error')).waitFor();
  assert.match(await page.locator(sel('must-change-error')).textContent(), /密码太常见/);
  await shot(page, 'workspace-account-first-login.png');

  const chosen = 'Shangwu-Liaison-2020';
  await page.locator(sel('must-change-new')).fill(chosen);
  await page.locator(sel('must-change-again')).fill(chosen);
  await page.locator(sel('must-change-submit')).click();
  await page.locator(sel('current-user')).waitFor();
  assert.match(await page.locator(sel('current-user')).textContent(), new RegExp(`${name}（${unit}）`));
  await page.locator(sel('menu-rectify')).waitFor();
  await page.locator(sel('menu-unit')).click();
  await page.locator('.page-title', { hasText: '单位详情' }).waitFor();

  // The account menu: name and role, 修改密码.
  await page.locator(sel('current-user')).click();
  const menu = page.locator(sel('account-menu'));
  await menu.waitFor();
  assert.match(await menu.textContent(), /单位用户/);
  await page.locator(sel('account-change-password')).click();
  await page.locator(sel('account-password-dialog')).waitFor();
  await page.locator(sel('account-password-current')).fill('not-the-password');
  await page.locator(sel('account-password-new')).fill('Another-Choice-2021');
  await page.locator(sel('account-password-again')).fill('Another-Choice-2021');
  await page.locator(sel('account-password-dialog-ok')).click();
  await page.locator(sel('account-password-error')).waitFor();
  assert.match(await page.locator(sel('account-password-error')).textContent(), /当前密码不正确/);
  await page.locator(sel('account-password-current')).fill(chosen);
  await shot(page, 'workspace-account-password.png');
  await page.locator(sel('account-password-dialog-ok')).click();
  await page.locator(sel('account-password-dialog')).waitFor({ state: 'detached' });
  await closePage(page);

  // The new password opens the workspace directly.
  const again = await newPage();
  await submitLogin(again, name, 'Another-Choice-2021');
  await again.locator(sel('current-user')).waitFor();
  await again.locator(sel('menu-rectify')).waitFor();
  await closePage(again);
});
