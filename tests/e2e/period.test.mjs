// End-to-end test of a period's lifecycle (issue 14) in Debian's Chromium,
// driven by playwright-core, against `zwgk serve` on the example's data at
// 2021-01-20 10:00: the clerk creates 2020Q4 in the browser (the deadline
// proposed from the working-day calendar), sees it 未开始 and not the default
// period, sees 公示 and 下载 refused with the reasons, enters a finding into
// the new quarter and deletes it.
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/period.test.mjs
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS
// (saves workspace-period-*.png there at 1366×768), ZWGK_E2E_KEEP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertCount, openWorkspace } from './harness.mjs';

const shotDir = process.env.ZWGK_SCREENSHOTS || '';
const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { name: 'admin', password: 'e2e-Chief-Pa55' };

let ws = null;
let server = null;

before(async () => {
  ws = await openWorkspace({ prefix: 'zwgk-e2e-period-', users: { [ADMIN.name]: { password: ADMIN.password, role: 'admin' } },
    clock: '2021-01-20 10:00' });
  server = ws.server;
});

after(async () => { await ws?.close(); });

const sel = (testid) => `[data-testid="${testid}"]`;

async function shot(page, name) {
  if (!shotDir) return;
  await page.evaluate(async () => {
    for (const t of document.querySelectorAll('.toast')) t.remove();
    await document.fonts.ready;
  });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(shotDir, name), animations: 'disabled', caret: 'hide' });
}

test('the clerk creates 2020Q4, sees it 未开始 and refused, enters and deletes a finding', async () => {
  const page = await ws.newPage({ viewport: VIEWPORT, timeout: 10000 });
  const errors = page.jsErrors;

  await page.goto(`${server.base}/#/login`);
  await page.locator(sel('login-name')).fill(ADMIN.name);
  await page.locator(sel('login-password')).fill(ADMIN.password);
  await page.locator(sel('login-submit')).click();
  await page.locator(sel('current-user')).waitFor();

  // 发布 → 新建季度: 2020Q4 is offered; the deadline is proposed from the calendar.
  await page.locator(sel('menu-publish')).click();
  // The first readiness builds the bulletin (shared with downloads): slow in a sanitizer build.
  await page.locator(sel('readiness-card')).waitFor({ timeout: 60000 });
  await page.locator(sel('new-period')).click();
  const dialog = page.locator(sel('new-period-dialog'));
  assert.equal(await dialog.locator(sel('period-id')).inputValue(), '2020Q4');
  await dialog.locator(sel('period-published')).fill('2021-01-14');
  await dialog.locator(sel('period-published')).dispatchEvent('change');
  await page.waitForFunction((s) => document.querySelector(s)?.value === '2021-01-18', `${sel('period-deadline')}`);
  // Issue 16: the quarter's own 考核期, closed on 9 January.
  await dialog.locator(sel('period-from')).fill('2020-10-01');
  await dialog.locator(sel('period-to')).fill('2021-01-09');
  await shot(page, 'workspace-period-new.png');
  await dialog.locator(sel('new-period-dialog-ok')).click();
  await dialog.waitFor({ state: 'detached' });
  const created = await page.evaluate(async () => (await fetch('/api/v1/audit')).json());
  assert.match(created.entries[0].detail, /考核期 2020-10-01—2021-01-09$/);

  // The new period is shown 未开始, with every reason 公示 and 下载 are refused.
  const card = page.locator(sel('readiness-card'));
  await card.locator(sel('period-status'), { hasText: '未开始' }).waitFor({ timeout: 60000 });
  const reasons = card.locator(`${sel('readiness-reasons')} li`);
  await reasons.first().waitFor();
  assert.match(await reasons.first().textContent(), /2020Q4 还没有任何数据文件（未开始）/);
  await shot(page, 'workspace-period-not-started.png');
  // A download says why too.
  await page.locator(sel('download-通报.docx')).click();
  await page.locator('.alert-error', { hasText: '2020Q4 还不能下载通报' }).waitFor();

  // Not the default period: a fresh tab lands on 2020Q3.
  const periods = await page.evaluate(async () => (await fetch('/api/v1/periods')).json());
  assert.equal(periods.latest, '2020Q3');
  assert.equal(periods.periods.find((p) => p.id === '2020Q4').status, '未开始');

  // 整改: 公示 disabled, with the reasons beside it.
  await page.goto(`${server.base}/#/rectify?period=2020Q4`);
  await page.locator(sel('rectify-draft-blockers')).waitFor({ timeout: 60000 });
  assert.equal(await page.locator(sel('rectify-draft')).isDisabled(), true);
  await shot(page, 'workspace-period-draft-refused.png');

  // 数据录入 → 录入检查问题 in 2020Q4, then delete it.
  await page.goto(`${server.base}/#/data/finding?period=2020Q4`);
  await page.locator(sel('finding-unit')).fill('区商务局');
  await page.locator(sel('finding-code')).selectOption({ index: 1 });
  await page.locator(sel('finding-submit')).click();
  const rows = page.locator(`${sel('entered-findings-table')} tbody tr`);
  await assertCount(rows.filter({ hasText: '区商务局' }), 1);
  // With data the quarter is 进行中.
  const after = await page.evaluate(async () => (await fetch('/api/v1/periods')).json());
  assert.equal(after.periods.find((p) => p.id === '2020Q4').status, '进行中');
  await page.locator(`${sel('entered-findings-table')} tbody tr button`).first().click();
  await page.locator(sel('delete-finding-dialog-ok')).click();
  await assertCount(rows.filter({ hasText: '区商务局' }), 0);
  const audit = await page.evaluate(async () => (await fetch('/api/v1/audit')).json());
  assert.ok(audit.entries.some((e) => e.action === '删除检查问题'), 'the deletion is audited');
  assert.ok(audit.entries.some((e) => e.action === '新建季度' && e.target === '2020Q4'), 'the creation is audited');

  assert.deepEqual(errors, [], 'no uncaught errors in the page');
  await page.context().close();
});
