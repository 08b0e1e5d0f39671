// Browser test of the uploads (issue 14): an upload of 投稿 with an error
// shows its line numbers, the marked cell and the problems sorted by place;
// a corrected file replaces 投稿.csv (the default) instead of being added
// beside it; saving the same file again says nothing changed; a data file is
// deleted from the 数据文件 list after a confirmation naming it.
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/uploads.test.mjs
//
// Environment: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS, ZWGK_E2E_KEEP as in
// workspace.test.mjs. Screenshots (1366×768): workspace-upload-marked.png,
// workspace-upload-replace.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loginAs, openWorkspace } from './harness.mjs';

const example = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'linzi-2020q3');
const shotDir = process.env.ZWGK_SCREENSHOTS || '';
const PERIOD = '2020Q3';
const ADMIN = { name: 'admin', password: 'e2e-Chief-Pa55' };

let ws = null;
let dataDir = '';
let server = null;
let page = null;

before(async () => {
  ws = await openWorkspace({ prefix: 'zwgk-e2e-uploads-', users: { [ADMIN.name]: { password: ADMIN.password, role: 'admin' } } });
  ({ dataDir, server } = ws);
  page = await ws.newPage({ timeout: 10000 });
  await loginAs(page, server.base, ADMIN.name, ADMIN.password);
});

after(async () => {
  if (page) assert.deepEqual(page.jsErrors, [], 'no uncaught errors in the page');
  await ws?.close();
});

const sel = (testid) => `[data-testid="${testid}"]`;

async function shot(name) {
  if (!shotDir) return;
  await page.evaluate(async () => {
    for (const t of document.querySelectorAll('.toast')) t.remove();
    await document.fonts.ready;
  });
  await page.screenshot({ path: path.join(shotDir, name), animations: 'disabled', caret: 'hide' });
}

const original = fs.readFileSync(path.join(example, PERIOD, '投稿.csv'), 'utf8');
// 投稿 with line 3's 8月 count written "两" and line 5's unit misspelt.
const broken = original.replace('临淄医疗保障分局,2,1', '临淄医疗保障分局,两,1').replace('区机关事务服务中心,', '区机关事务中心x,');
const fixed = original.replace('临淄医疗保障分局,2,1', '临淄医疗保障分局,3,1');
const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

// Chooses a file and waits for its preview; returns the error count.
async function choose(file) {
  await page.evaluate((s) => { for (const el of document.querySelectorAll(s)) el.dataset.stale = '1'; }, sel('upload-problems'));
  await page.locator(sel('upload-input')).setInputFiles(file);
  const box = page.locator(`${sel('upload-problems')}:not([data-stale])`);
  await box.waitFor();
  return Number(await box.getAttribute('data-errors'));
}

// The places of the listed problems as [file-or-'', line, column] (from their text).
async function listedPlaces() {
  const texts = await page.locator(`${sel('upload-problems')} li.is-error, ${sel('upload-problems')} li.is-warning`).allTextContents();
  return texts.map((t) => {
    const file = (t.match(/^\s*(?:错误|警告)\s*“([^”]+)”/) || [])[1] || '';
    const m = t.match(/第(\d+)行(?:第(\d+)列)?/);
    return [file, m ? Number(m[1]) : 0, m && m[2] ? Number(m[2]) : 0, t];
  });
}

test('a. the preview numbers its rows, marks the bad cells and sorts the problems', async () => {
  await page.locator(sel('menu-data')).click();
  await page.locator(sel('upload-input')).waitFor({ state: 'attached' });
  const errors = await choose(csv('投稿-gbk.csv', broken));
  assert.equal(errors, 2, await page.locator(sel('upload-problems')).textContent());
  // Replacing 投稿.csv is the default.
  assert.equal(await page.locator(sel('upload-replace')).isChecked(), true);
  assert.match(await page.locator(sel('upload-target')).textContent(), /将替换 投稿\.csv/);
  // Line numbers: the header is line 1.
  const lines = await page.locator(`${sel('upload-preview-table')} tbody tr td:first-child`).allTextContents();
  assert.deepEqual(lines.slice(0, 3).map((s) => s.trim()), ['2', '3', '4']);
  // The bad count's cell is marked, with the problem as its description.
  const mark = page.locator(`${sel('cell-mark')}[data-line="3"][data-column="1"]`);
  assert.equal(await mark.count(), 1);
  assert.equal((await mark.textContent()).trim(), '两');
  assert.match(await mark.getAttribute('aria-description'), /^第3行第2列（8月）：/);
  assert.equal(await page.locator(`${sel('cell-mark')}[data-line="5"][data-column="0"]`).count(), 1);
  // Each problem once under its badge, without a second "错误：".
  const items = await page.locator(`${sel('upload-problems')} li.is-error`).allTextContents();
  assert.equal(items.length, 2);
  for (const t of items) {
    assert.match(t, /^错误 第\d+行第\d+列（/);
    assert.doesNotMatch(t, /错误：/);
  }
  // The problems and the marked cells in view, the mark focused (its outline).
  await page.locator('.card', { hasText: '检查结果' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await mark.focus();
  await shot('workspace-upload-marked.png');

  // Added beside 投稿.csv instead: every unit twice, listed in the order of their places.
  await page.locator(sel('upload-add')).check();
  await page.locator(sel('upload-target'), { hasText: '新文件' }).waitFor();
  assert.ok(Number(await page.locator(sel('upload-problems')).getAttribute('data-errors')) > 20);
  const places = await listedPlaces();
  const key = ([file, line, column]) => [file, line, column];
  const sorted = [...places].sort((a, b) => {
    const x = key(a), y = key(b);
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
  assert.deepEqual(places.map(key), sorted.map(key), 'problems sorted by file, line, column');
  await page.locator(sel('upload-replace')).check();
  await page.locator(sel('upload-target'), { hasText: '将替换' }).waitFor();
});

test('b. the corrected file replaces 投稿.csv, and saving it again changes nothing', async () => {
  const errors = await choose(csv('投稿-gbk.csv', fixed));
  assert.equal(errors, 0, await page.locator(sel('upload-problems')).textContent());
  assert.equal(await page.locator(sel('upload-replace')).isChecked(), true);
  await shot('workspace-upload-replace.png');
  await page.locator(sel('upload-save')).click();
  const ok = page.locator(sel('upload-success'));
  await ok.waitFor();
  assert.match(await ok.textContent(), /已保存 2020Q3\/投稿\.csv.*替换了原文件/);
  assert.equal(fs.readFileSync(path.join(dataDir, PERIOD, '投稿.csv'), 'utf8'), fixed);
  assert.equal(fs.existsSync(path.join(dataDir, PERIOD, '投稿-gbk.csv')), false);

  assert.equal(await choose(csv('投稿.csv', fixed)), 0);
  await page.locator(sel('upload-save')).click();
  const same = page.locator(sel('upload-unchanged'));
  await same.waitFor();
  assert.match(await same.textContent(), /内容与现有文件相同，未做修改/);
});

test('c. a data file is deleted after a confirmation naming it', async () => {
  await page.locator(sel('tab-files')).click();
  const row = page.locator(`${sel('files-table')} tbody tr`, { hasText: '2020Q3/采用.csv' }).first();
  await row.locator(sel('delete-file')).click();
  const dialog = page.locator(sel('delete-file-dialog'));
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /确定删除 2020Q3\/采用\.csv 吗？.*采用文件，有 13 行数据/);
  await page.locator(sel('delete-file-dialog-ok')).click();
  await dialog.waitFor({ state: 'detached' });
  const deleted = page.locator(`${sel('files-table')} tbody tr`, { hasText: '2020Q3/采用.csv' }).first();
  await deleted.locator('.tag', { hasText: '已删除' }).waitFor();
  assert.equal(fs.existsSync(path.join(dataDir, PERIOD, '采用.csv')), false);
  // Its earlier version is still listed.
  assert.equal(await page.locator(`${sel('files-table')} tbody tr`, { hasText: '2020Q3/采用.csv' }).count(), 2);
  // 通报模板 is listed but has no 删除: only data files do.
  const template = page.locator(`${sel('files-table')} tbody tr`, { hasText: '2020Q3/通报模板.txt' });
  assert.ok(await template.count() > 0);
  assert.equal(await template.locator(sel('delete-file')).count(), 0);
});
