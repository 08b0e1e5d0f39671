// A whole quarter in the browser (issue 14), on the example's data and a test
// clock of 2021-01-15 10:00, with nothing done outside the browser but
// starting the server:
//   the clerk creates 2020Q4 (成文日期 2021-01-14, the 整改期限 proposed from
//   the working-day calendar), sees 公示 refused while the quarter has no
//   data, uploads the four files (投稿 first with a mistyped unit, refused with
//   the cell marked; then a draft with a blank cell and a unit left out, saved
//   with warnings; then the complete file replacing it), enters a finding and
//   deletes it, publishes (公示) and downloads every format;
//   a unit's liaison logs in, sees its own standing first and replies to its
//   rectification item.
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/quarter.test.mjs
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_E2E_KEEP.
// The quarter's files are tests/e2e/fixtures/quarter-2020q4/ (README there).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loginAs, openWorkspace } from './harness.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'quarter-2020q4');
const VIEWPORT = { width: 1366, height: 768 };
const USERS = {
  clerk: { password: 'e2e-Office-Pa55', role: 'admin' },
  jinrong: { password: 'e2e-Finance-Pa55', role: 'unit', unit: '区地方金融事务协调服务中心' },
};
// 检查.csv of the quarter has a 表格混乱 finding of this unit.
const LIAISON_UNIT = USERS.jinrong.unit;

let ws = null;
let dataDir = '';
let server = null;

before(async () => {
  ws = await openWorkspace({ prefix: 'zwgk-e2e-quarter-', users: USERS, clock: '2021-01-15 10:00' });
  ({ dataDir, server } = ws);
});

after(async () => { await ws?.close(); });

const sel = (testid) => `[data-testid="${testid}"]`;
const fixture = (name, as = name) => ({ name: as, mimeType: 'text/csv', buffer: fs.readFileSync(path.join(fixtures, name)) });
const newPage = () => ws.newPage({ viewport: VIEWPORT });

// Chooses a file on 上传数据 and waits for its preview; returns the error and warning counts.
async function choose(page, file) {
  await page.evaluate((s) => { for (const el of document.querySelectorAll(s)) el.dataset.stale = '1'; }, sel('upload-problems'));
  await page.locator(sel('upload-input')).setInputFiles(file);
  const box = page.locator(`${sel('upload-problems')}:not([data-stale])`);
  await box.waitFor({ timeout: 60000 });
  const warnings = await page.locator(`${sel('upload-problems')}:not([data-stale]) li.is-warning`).count();
  return { errors: Number(await box.getAttribute('data-errors')), warnings, text: await box.textContent() };
}

async function save(page) {
  await page.locator(sel('upload-save')).click();
  const ok = page.locator(sel('upload-success'));
  await ok.waitFor({ timeout: 60000 });
  return ok.textContent();
}

async function periodStatus(page, id) {
  const list = await page.evaluate(async () => (await fetch('/api/v1/periods')).json());
  return list.periods.find((p) => p.id === id)?.status;
}

let page = null;

test('a. the clerk creates 2020Q4 and sees 公示 refused while it has no data', async () => {
  page = await newPage();
  await loginAs(page, server.base, 'clerk', USERS.clerk.password);
  await page.locator(sel('menu-publish')).click();
  await page.locator(sel('readiness-card')).waitFor({ timeout: 60000 });
  await page.locator(sel('new-period')).click();
  const dialog = page.locator(sel('new-period-dialog'));
  assert.equal(await dialog.locator(sel('period-id')).inputValue(), '2020Q4');
  await dialog.locator(sel('period-published')).fill('2021-01-14');
  await dialog.locator(sel('period-published')).dispatchEvent('change');
  // Three working days after 2021-01-14 (a Thursday): Monday the 18th.
  await page.waitForFunction((s) => document.querySelector(s)?.value === '2021-01-18', sel('period-deadline'));
  await dialog.locator(sel('new-period-dialog-ok')).click();
  await dialog.waitFor({ state: 'detached' });
  assert.match(fs.readFileSync(path.join(dataDir, '2020Q4', '通报模板.txt'), 'utf8'), /成文日期：2021年1月14日[\s\S]*整改期限：2021年1月18日/);
  assert.equal(await periodStatus(page, '2020Q4'), '未开始');

  await page.goto(`${server.base}/#/rectify?period=2020Q4`);
  await page.locator(sel('rectify-draft-blockers')).waitFor({ timeout: 60000 });
  assert.equal(await page.locator(sel('rectify-draft')).isDisabled(), true);
  assert.match(await page.locator(sel('rectify-draft-blockers')).textContent(), /还没有任何数据文件/);
});

test('b. the clerk uploads the four files; 投稿 is refused, saved with warnings, then replaced', async () => {
  await page.goto(`${server.base}/#/data/upload?period=2020Q4`);
  await page.locator(sel('upload-input')).waitFor({ state: 'attached' });
  for (const name of ['网站发布.csv', '采用.csv', '检查.csv']) {
    const checked = await choose(page, fixture(name));
    assert.equal(checked.errors, 0, checked.text);
    assert.match(await save(page), new RegExp(`已保存 2020Q4/${name.replace('.', '\\.')}`));
  }
  assert.equal(await periodStatus(page, '2020Q4'), '进行中');

  // A mistyped unit: refused, the cell marked, with the registered name suggested.
  const bad = await choose(page, fixture('投稿-有错.csv', '投稿.csv'));
  assert.equal(bad.errors, 1, bad.text);
  assert.match(bad.text, /临淄生态环境分咎/);
  assert.match(bad.text, /临淄生态环境分局/);
  assert.equal(await page.locator(sel('upload-save')).isDisabled(), true);
  assert.equal(await page.locator(`${sel('cell-mark')}[data-column="0"]`).count(), 1);

  // The draft: a blank cell and a unit left out are warnings, and it saves.
  const draft = await choose(page, fixture('投稿-初稿.csv'));
  assert.equal(draft.errors, 0, draft.text);
  assert.ok(draft.warnings >= 1, draft.text);
  assert.match(draft.text, /为空，按 0 计/);
  assert.match(await save(page), /已保存 2020Q4\/投稿-初稿\.csv/);

  // The complete file replaces the draft (the default choice) instead of counting twice.
  const fixed = await choose(page, fixture('投稿.csv'));
  assert.equal(fixed.errors, 0, fixed.text);
  assert.equal(await page.locator(sel('upload-replace')).isChecked(), true);
  assert.match(await page.locator(sel('upload-target')).textContent(), /将替换 投稿-初稿\.csv/);
  assert.match(await save(page), /替换了原文件/);
  assert.equal(fs.readFileSync(path.join(dataDir, '2020Q4', '投稿-初稿.csv'), 'utf8'),
    fs.readFileSync(path.join(fixtures, '投稿.csv'), 'utf8'));
});

test('c. a finding entered by mistake is deleted', async () => {
  await page.goto(`${server.base}/#/data/finding?period=2020Q4`);
  await page.locator(sel('finding-unit')).fill('区商务局');
  await page.locator(sel('finding-code')).selectOption({ index: 1 });
  await page.locator(sel('finding-submit')).click();
  const rows = page.locator(`${sel('entered-findings-table')} tbody tr`, { hasText: '区商务局' });
  await rows.first().waitFor();
  await rows.first().locator('button').click();
  await page.locator(sel('delete-finding-dialog-ok')).click();
  await rows.first().waitFor({ state: 'detached' });
  const audit = await page.evaluate(async () => (await fetch('/api/v1/audit')).json());
  const actions = audit.entries.map((e) => e.action);
  for (const a of ['新建季度', '删除检查问题']) assert.ok(actions.includes(a), `${a} audited: ${actions}`);
});

test('d. the complete quarter is published (公示) and every format downloads', async () => {
  await page.goto(`${server.base}/#/rectify?period=2020Q4`);
  const draft = page.locator(sel('rectify-draft'));
  await draft.waitFor({ timeout: 60000 });
  await page.waitForFunction((s) => !document.querySelector(s)?.disabled, sel('rectify-draft'), { timeout: 60000 });
  await draft.click();
  await page.locator(sel('period-dialog')).waitFor();
  await page.locator(sel('period-dialog-ok')).click();
  await page.locator(sel('period-dialog')).waitFor({ state: 'detached' });
  assert.equal(await periodStatus(page, '2020Q4'), '已公示');

  await page.goto(`${server.base}/#/publish?period=2020Q4`);
  const card = page.locator(sel('readiness-card'));
  await card.waitFor({ timeout: 60000 });
  assert.equal(await card.locator(`${sel('readiness-reasons')} li`).count(), 0, await card.textContent());
  const names = await page.locator('[data-testid^="download-"]').evaluateAll((as) => as.map((a) => a.dataset.testid.slice('download-'.length)));
  for (const f of ['通报.docx', '通报.pdf', '通报.xlsx', '通报.html', '考核结果.json'])
    assert.ok(names.includes(f), `${f} offered: ${names}`);
  for (const name of names) {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 240000 }),
      page.locator(sel(`download-${name}`)).click(),
    ]);
    assert.equal(download.suggestedFilename(), name);
    const file = await download.path();
    assert.ok(fs.statSync(file).size > 500, `${name} has content`);
    if (name === '通报.html') assert.match(fs.readFileSync(file, 'utf8'), /第四季度/);
  }
  assert.deepEqual(page.jsErrors, [], 'no uncaught errors in the clerk\'s page');
});

test('e. the liaison sees the unit\'s standing first and replies to its item', async () => {
  const unit = await newPage();
  await loginAs(unit, server.base, 'jinrong', USERS.jinrong.password);
  await unit.locator(sel('home-standing')).waitFor({ timeout: 60000 });
  assert.equal(await unit.locator(sel('home-unit-name')).textContent(), LIAISON_UNIT);
  assert.match(await unit.locator(sel('home-rank')).textContent(), /第\s*\d+\s*名/);
  // In view without scrolling.
  const box = await unit.locator(sel('home-standing')).boundingBox();
  assert.ok(box && box.y + box.height <= VIEWPORT.height, JSON.stringify(box));

  const items = unit.locator(`${sel('home-items')} tbody tr`, { hasText: '表格混乱' });
  await items.first().waitFor();
  await items.first().locator(sel('home-item-link')).click();
  const drawer = unit.locator(sel('rectify-drawer'));
  await drawer.locator(sel('reply-text')).fill('已重新整理公开事项标准目录的内容表格');
  await drawer.locator(sel('reply-link')).fill('http://www.linzi.gov.cn/gongkai/mulu.html');
  await drawer.locator(sel('reply-submit')).click();
  await drawer.locator(sel('item-status'), { hasText: '待核实' }).first().waitFor();
  assert.deepEqual(unit.jsErrors, [], 'no uncaught errors in the liaison\'s page');
});
