// End-to-end test of the web workspace (`zwgk serve`) in Debian's Chromium,
// driven by playwright-core.
//
//   ZWGK=build/release/src/zwgk node --test tests/e2e/workspace.test.mjs
//   node tests/e2e/workspace.test.mjs build/release/src/zwgk
//
// The test builds its own data directory (the example's scheme, registry and
// bulletin template, and an empty 2020Q3/), adds three accounts, starts the
// server on a free port, uploads the example quarter through the browser and
// checks the seed's ranking, a rejected upload, a finding, the bulletin
// download, the audit log and the unit and viewer roles.
//
// Environment:
//   ZWGK              path of the zwgk executable (or the first argument)
//   CHROMIUM          browser executable (default /usr/bin/chromium)
//   ZWGK_SCREENSHOTS  directory: save the workspace-*.png screenshots there
//   ZWGK_E2E_KEEP     keep the temporary data directory (its path is printed)
//
// Only correct passwords are used: the server throttles failed logins
// (docs/security.md). The administrator's password must not contain the
// login name (the password policy refuses it).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertCount, run, startServer, stopServer } from './harness.mjs';

// playwright-core comes from npm (tests/e2e/package-lock.json); without it
// every test fails with this hint rather than an import error.
let chromium = null;
let missing = '';
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  missing = `playwright-core is not installed in tests/e2e/node_modules (${e.code || e.message}): ` +
    'run scripts/bootstrap.sh (it runs `npm ci --prefix tests/e2e`)';
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const example = path.join(repo, 'examples', 'linzi-2020q3');
const zwgkArg = process.env.ZWGK || process.argv[2] || '';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shotDir = process.env.ZWGK_SCREENSHOTS || '';

const PERIOD = '2020Q3';
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const USERS = {
  admin: { password: 'e2e-Chief-Pa55', role: 'admin' },
  shangwu: { password: 'e2e-unit-Pa55', role: 'unit', unit: '区商务局' },
  leader: { password: 'e2e-viewer-Pa55', role: 'viewer' },
};
const UPLOADS = ['网站发布.csv', '投稿.csv', '采用.csv', '检查.csv'];
// The seed's 附件1, first ten rows; the whole tables are in the golden test's
// expected 附件1/附件2 CSVs (tests/golden/linzi-2020q3/expected).
const SEED_TOP10 = ['区自然资源局', '临淄生态环境分局', '区财政局', '区退役军人事务局', '区政府办公室',
  '临淄医疗保障分局', '区投资促进中心', '区国有资产监管局', '区机关事务服务中心', '区人社局'];

let dataDir = '';
let server = null; // {proc, base, output(), exited()}
let browser = null;

// ---------------------------------------------------------------- set-up

before(async () => {
  assert.ok(!missing, missing);
  assert.ok(zwgkArg, 'set ZWGK to the zwgk executable (or pass its path as the first argument)');
  const zwgk = path.resolve(zwgkArg);
  assert.ok(fs.existsSync(zwgk), `zwgk not found: ${zwgk}`);
  assert.ok(fs.existsSync(chromiumPath), `Chromium not found: ${chromiumPath} (run scripts/bootstrap.sh)`);
  if (shotDir) fs.mkdirSync(shotDir, { recursive: true });

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-e2e-'));
  for (const f of ['考核方案.toml', '单位名录.csv', '通报模板.txt']) {
    fs.copyFileSync(path.join(example, f), path.join(dataDir, f));
  }
  fs.mkdirSync(path.join(dataDir, PERIOD));
  fs.copyFileSync(path.join(example, PERIOD, '通报模板.txt'), path.join(dataDir, PERIOD, '通报模板.txt'));
  for (const [name, u] of Object.entries(USERS)) {
    await run(zwgk, ['user', 'add', '--data', dataDir, '--name', name, '--role', u.role,
      ...(u.unit ? ['--unit', u.unit] : [])], { ZWGK_PASSWORD: u.password });
  }
  // The free port may be taken again before zwgk binds it: try a few.
  for (let attempt = 1; !server; attempt++) {
    try {
      server = await startServer(zwgk, dataDir);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer(server);
  if (server && server.exited()?.code) console.log(`zwgk serve output:\n${server.output()}`);
  if (dataDir && process.env.ZWGK_E2E_KEEP) console.log(`data directory kept: ${dataDir}`);
  else if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- helpers

const sel = (testid) => `[data-testid="${testid}"]`;

async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.jsErrors = errors;
  return page;
}

async function closePage(page) {
  assert.deepEqual(page.jsErrors, [], 'no uncaught errors in the page');
  await page.context().close();
}

// Saves a screenshot of the viewport when ZWGK_SCREENSHOTS is set. Toasts
// left over from earlier steps are removed unless `toasts` is true.
async function shot(page, name, { toasts = false } = {}) {
  if (!shotDir) return;
  await page.evaluate(async (keep) => {
    if (!keep) for (const t of document.querySelectorAll('.toast')) t.remove();
    await document.fonts.ready;
  }, toasts);
  await page.screenshot({ path: path.join(shotDir, name), animations: 'disabled', caret: 'hide' });
}

async function login(page, name, { screenshot } = {}) {
  await page.goto(`${server.base}/#/login`);
  await page.locator(sel('login-name')).fill(name);
  await page.locator(sel('login-password')).fill(USERS[name].password);
  if (screenshot) await shot(page, screenshot);
  await page.locator(sel('login-submit')).click();
  await page.locator(sel('current-user')).waitFor();
  // The first screen: a unit user's own standing; the ranking for the others
  // (before 公示 a viewer gets the notice that it is not published yet, and
  // before the first upload the period is 未开始).
  if (USERS[name].role === 'unit') await page.locator(sel('home-standing')).waitFor();
  else await page.locator([`${sel('ranking-table')} tbody tr[data-unit]`, sel('ranking-hidden'), sel('period-not-started')].join(', ')).first().waitFor();
}

// 公示 of the quarter, recorded by the office through the API.
async function publishQuarter() {
  const page = await newPage();
  await login(page, 'admin');
  const status = await page.evaluate(async (period) => {
    const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json();
    const res = await fetch(`/api/v1/periods/${period}/rectification/draft`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: '{}',
    });
    return res.status;
  }, PERIOD);
  assert.equal(status, 200);
  await closePage(page);
}

// Opens a menu entry and waits for its title.
async function openMenu(page, key, title) {
  await page.locator(sel(`menu-${key}`)).click();
  await page.locator('.page-title', { hasText: title }).waitFor();
}

// The ranking table's rows as {unit, cls, short (the name shown), cells: [text…]},
// once the table has `count` rows.
async function rankingRows(page, count) {
  const rows = page.locator(`${sel('ranking-table')} tbody tr[data-unit]`);
  if (count !== undefined) await assertCount(rows, count);
  return rows.evaluateAll((trs) => trs.map((tr) => ({
    unit: tr.dataset.unit,
    cls: tr.className,
    short: tr.cells[1]?.querySelector('a')?.firstChild?.textContent.trim(),
    cells: [...tr.cells].map((td) => td.textContent.trim()),
  })));
}

// Columns of the ranking table: 名次 单位 分组 7月发布 8月发布 9月发布 累计得分 加分 减分 合计.
const COL = { rank: 0, unit: 1, section: 2, m7: 3, m8: 4, m9: 5, publication: 6, bonus: 7, deduction: 8, total: 9 };
const byUnit = (rows, name) => {
  const r = rows.find((x) => x.unit === name);
  assert.ok(r, `${name} is in the ranking`);
  return r;
};

// The golden 附件N CSV of the seed as rows [单位, 7月, 8月, 9月, 累计得分, 加分, 减分, 合计].
function goldenTable(n) {
  const dir = path.join(repo, 'tests', 'golden', 'linzi-2020q3', 'expected');
  const file = fs.readdirSync(dir).find((f) => f.startsWith(`附件${n}-`) && f.endsWith('.csv'));
  assert.ok(file, `附件${n} in ${dir}`);
  const lines = fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  return lines.slice(3).map((l) => l.split(',').slice(1, 9));
}

// A ranking row in the golden CSVs' columns.
const asGolden = (r) => [r.short, ...[COL.m7, COL.m8, COL.m9, COL.publication, COL.bonus, COL.deduction, COL.total]
  .map((i) => r.cells[i])];

async function goRanking(page) {
  await openMenu(page, 'ranking', '总览');
  await page.locator(`${sel('ranking-table')} tbody tr[data-unit]`).first().waitFor();
}

// Waits for the preview of the file just chosen and returns its error count.
async function choose(page, file) {
  await page.locator(sel('upload-input')).setInputFiles(file);
  const box = page.locator(sel('upload-problems'));
  await box.waitFor();
  return Number(await box.getAttribute('data-errors'));
}

// ---------------------------------------------------------------- scenarios

test('a. admin uploads the quarter and sees the seed ranking', async () => {
  const page = await newPage();
  await login(page, 'admin', { screenshot: 'workspace-login.png' });
  assert.match(await page.locator(sel('current-user')).textContent(), /admin（管理员）/);

  // Before the uploads the quarter has no data: 未开始, not every unit at 0 or −3.
  const notStarted = page.locator(sel('period-not-started'));
  await notStarted.waitFor();
  assert.match(await notStarted.textContent(), /2020Q3 未开始：还没有任何数据文件.*去上传数据/);
  let rows;

  await openMenu(page, 'data', '数据录入');
  await page.locator(sel('upload-input')).waitFor({ state: 'attached' });
  for (const f of UPLOADS) {
    const errors = await choose(page, path.join(example, PERIOD, f));
    const problems = page.locator(sel('upload-problems'));
    assert.equal(errors, 0, `${f}: ${await problems.textContent()}`);
    assert.equal((await problems.textContent()).trim(), '未发现问题');
    const preview = page.locator(sel('upload-preview'));
    assert.match(await preview.textContent(), new RegExp(`2020Q3/${f}`));
    assert.ok(await page.locator(`${sel('upload-preview-table')} tbody tr`).count() > 0, `${f}: preview rows`);
    const save = page.locator(sel('upload-save'));
    assert.equal(await save.isEnabled(), true);
    await save.click();
    const ok = page.locator(sel('upload-success'));
    await ok.waitFor();
    assert.match(await ok.textContent(), new RegExp(`已保存 2020Q3/${f}`));
  }
  assert.ok(fs.existsSync(path.join(dataDir, PERIOD, '网站发布.csv')), 'the upload is in the data directory');

  await goRanking(page);
  rows = await rankingRows(page, 67);
  assert.deepEqual(rows.slice(0, 10).map((r) => r.unit), SEED_TOP10);
  assert.equal(rows[0].cells[COL.rank], '1');
  assert.equal(rows[0].cells[COL.total], '15');
  const shangwu = byUnit(rows, '区商务局');
  assert.deepEqual([shangwu.cells[COL.m7], shangwu.cells[COL.m8], shangwu.cells[COL.m9]], ['12', '1', '11']);
  assert.equal(shangwu.cells[COL.total], '3.5');
  assert.equal(byUnit(rows, '区财政局').cells[COL.total], '15');
  // 附件1 is the 部门 group (55 units), 附件2 the 镇街 group (12).
  assert.equal(rows.filter((r) => r.cells[COL.section] === '部门').length, 55);
  assert.equal(rows.filter((r) => r.cells[COL.section] === '镇街').length, 12);
  assert.ok(rows.slice(0, 55).every((r) => r.cells[COL.section] === '部门'), '附件1 rows come first');
  // The whole table equals the seed's 附件1 followed by its 附件2, row by row.
  assert.deepEqual(rows.slice(0, 55).map(asGolden), goldenTable(1));
  assert.deepEqual(rows.slice(55).map(asGolden), goldenTable(2));
  assert.match(await page.locator('.table-meta').textContent(), /共 67 个单位/);
  await page.locator(sel('section-select')).selectOption('部门');
  await rankingRows(page, 55);
  await page.locator(sel('section-select')).selectOption('镇街');
  rows = await rankingRows(page, 12);
  assert.equal(rows[0].cells[COL.rank], '1');
  await page.locator(sel('section-select')).selectOption('');
  await rankingRows(page, 67);
  await shot(page, 'workspace-ranking.png');

  await page.locator(sel('tab-progress')).click();
  const progress = page.locator(`${sel('progress-table')} tbody tr[data-unit]`);
  await assertCount(progress, 67);
  assert.equal(await page.locator(sel('month-select')).inputValue(), '2020-09');
  await shot(page, 'workspace-progress.png');

  await page.locator(sel('tab-charts')).click();
  await page.locator(`${sel('histograms')} svg`).first().waitFor();
  await page.locator(`${sel('trends')} svg`).waitFor();
  assert.equal(await page.locator(`${sel('histograms')} figure`).count(), 2);
  await shot(page, 'workspace-charts.png');
  await closePage(page);
});

test('b. an upload naming an unknown unit is refused with a suggestion', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await openMenu(page, 'data', '数据录入');
  const bad = { name: '检查-错误.csv', mimeType: 'text/csv', buffer: Buffer.from('单位,问题类型,说明\n区文旅,目录未上传,\n', 'utf8') };
  const errors = await choose(page, bad);
  assert.equal(errors, 1);
  const text = await page.locator(sel('upload-problems')).textContent();
  assert.match(text, /未知单位“区文旅”/);
  assert.match(text, /区文旅局/);
  assert.match(text, /第2行/);
  assert.equal(await page.locator(sel('upload-save')).isDisabled(), true, 'cannot save a file with errors');
  await shot(page, 'workspace-upload-preview.png');
  // Nothing was written; the API refuses the commit too.
  assert.equal(fs.existsSync(path.join(dataDir, PERIOD, '检查-错误.csv')), false);
  const status = await page.evaluate(async (f) => {
    const csrf = (await (await fetch('/api/v1/me')).json()).csrf;
    const form = new FormData();
    form.append('file', new Blob([f]), '检查-错误.csv');
    const res = await fetch('/api/v1/periods/2020Q3/uploads?mode=commit', { method: 'POST', body: form, headers: { 'X-CSRF-Token': csrf } });
    return res.status;
  }, bad.buffer.toString('utf8'));
  assert.equal(status, 422);
  assert.equal(fs.existsSync(path.join(dataDir, PERIOD, '检查-错误.csv')), false);
  await closePage(page);
});

// The server lists at most 500 problems and counts the rest (issue 12, item 7):
// the page shows the count of all of them and says how many are not listed.
test('b2. an upload with more problems than are listed says how many there are', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await openMenu(page, 'data', '数据录入');
  const lines = Array.from({ length: 600 }, (_, i) => `无此单位${i},目录未上传,`).join('\n');
  const bad = { name: '检查-许多错误.csv', mimeType: 'text/csv', buffer: Buffer.from(`单位,问题类型,说明\n${lines}\n`, 'utf8') };
  assert.equal(await choose(page, bad), 600);
  const more = page.locator(sel('problems-omitted'));
  await more.waitFor();
  assert.match(await more.textContent(), /另有 100 个问题未列出/);
  assert.equal(await page.locator(`${sel('upload-problems')} li.is-error`).count(), 500);
  assert.match(await page.locator('.upload-result').textContent(), /发现 600 个错误/);
  await closePage(page);
});

test('c. admin records a finding and sees the deduction', async () => {
  const page = await newPage();
  await login(page, 'admin');
  assert.equal(byUnit(await rankingRows(page, 67), '区财政局').cells[COL.total], '15');

  await openMenu(page, 'data', '数据录入');
  await page.locator(sel('tab-finding')).click();
  await page.locator(sel('finding-unit')).fill('区财政局');
  await page.locator(sel('finding-code')).selectOption('表格混乱');
  assert.match(await page.locator(sel('finding-reason')).textContent(), /内容表格混乱/);
  await page.locator(sel('finding-quantity')).fill('2');
  await page.locator(sel('finding-note')).fill('政策解读栏目的表格错行');
  await page.locator(sel('finding-submit')).click();
  const result = page.locator('.card', { hasText: '录入后 区财政局 的减分情况' });
  await result.waitFor();
  assert.match(await result.locator('.descriptions').textContent(), /合计得分14(?!\.)/);
  assert.match(await result.locator(sel('deductions-table')).textContent(), /内容表格混乱/);
  await shot(page, 'workspace-finding.png', { toasts: true });

  await goRanking(page);
  const row = byUnit(await rankingRows(page, 67), '区财政局');
  assert.equal(row.cells[COL.total], '14');
  assert.equal(row.cells[COL.deduction], '1');

  await page.locator(`${sel('ranking-table')} tbody tr[data-unit="区财政局"] a`).click();
  await page.locator(sel('unit-name'), { hasText: '区财政局' }).waitFor();
  assert.equal(await page.locator(sel('unit-name')).textContent(), '区财政局');
  const deductions = page.locator(`${sel('deductions-table')} tbody tr`);
  const texts = await deductions.allTextContents();
  const finding = texts.find((t) => t.includes('表格混乱'));
  assert.ok(finding, `a 表格混乱 deduction in ${JSON.stringify(texts)}`);
  assert.match(finding, /检查发现（表格混乱）/);
  assert.match(finding, /2020Q3\/检查-在线录入\.csv/);
  const stats = await page.locator('.stat').allTextContents();
  assert.ok(stats.includes('14合计'), `合计 14 in ${JSON.stringify(stats)}`);
  assert.ok(stats.includes('1减分'), `减分 1 in ${JSON.stringify(stats)}`);
  await closePage(page);
});

test('d. admin downloads 通报.docx; the audit log lists the changes', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await openMenu(page, 'publish', '发布');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.locator(sel('download-通报.docx')).click(),
  ]);
  assert.equal(download.suggestedFilename(), '通报.docx');
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', '通报.docx is a ZIP');
  assert.ok(bytes.length > 10 * 1024, `通报.docx has ${bytes.length} bytes`);

  await openMenu(page, 'audit', '审计日志');
  const rows = page.locator(`${sel('audit-table')} tbody tr[data-id]`);
  await rows.first().waitFor();
  const entries = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  const log = entries.map((e) => e.join(' | ')).join('\n');
  for (const f of UPLOADS) {
    assert.ok(entries.some((e) => e[2] === 'admin' && e.slice(3).join(' ').includes(`2020Q3/${f}`)), `upload of ${f} in:\n${log}`);
  }
  assert.ok(entries.some((e) => e.join(' ').includes('区财政局') && e.join(' ').includes('表格混乱')), `the finding in:\n${log}`);
  assert.ok(!entries.some((e) => e.join(' ').includes('检查-错误.csv') && !/失败|预览|拒绝/.test(e[3])),
    `the refused upload is not logged as saved:\n${log}`);
  await shot(page, 'workspace-audit.png');
  await closePage(page);
});

// Before 公示 (the default live_scores = "office") a unit sees only itself.
test('e. a unit user starts at its own standing and sees only its own details', async () => {
  const page = await newPage();
  await login(page, 'shangwu');
  assert.match(await page.locator(sel('current-user')).textContent(), /shangwu（区商务局）/);
  assert.equal(await page.locator('.page-title').textContent(), '我的单位');
  assert.equal(await page.locator(sel('home-unit-name')).textContent(), '区商务局');
  assert.equal(await page.locator(sel('home-total')).textContent(), '3.5');
  assert.match(await page.locator(sel('home-rank')).textContent(), /第 \d+ 名 \/ 共 \d+ 个单位/);
  await page.locator(sel('ranking-hidden')).waitFor();
  assert.equal(await page.locator(sel('home-ranking')).count(), 0);
  assert.equal(await page.locator(sel('menu-data')).count(), 0);
  assert.equal(await page.locator(sel('menu-audit')).count(), 0);
  // The own standing is in view without scrolling, on a laptop and on a phone.
  for (const [size, name] of [[LAPTOP, 'workspace-home-unit.png'], [PHONE, 'workspace-home-unit-phone.png']]) {
    await page.setViewportSize(size);
    const box = await page.locator(sel('home-standing')).boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= size.height, `standing at ${JSON.stringify(box)} in ${size.width}×${size.height}`);
    await shot(page, name);
  }
  await page.setViewportSize(DESKTOP);
  // Each open item links to where the unit replies.
  const item = page.locator(sel('home-item-link')).first();
  assert.match(decodeURIComponent(await item.getAttribute('href')), /^#\/rectify\?period=2020Q3&item=2020Q3\/区商务局\//);
  await openMenu(page, 'ranking', '总览');
  await page.locator(sel('ranking-hidden'), { hasText: '本季度通报尚未公示，公示后可查看排名' }).waitFor();
  assert.equal(await page.locator(`${sel('ranking-table')} tbody tr[data-unit]`).count(), 0);

  await openMenu(page, 'unit', '单位详情');
  await page.locator(sel('unit-name'), { hasText: '区商务局' }).waitFor();
  assert.equal(await page.locator(sel('unit-picker')).textContent(), '区商务局');
  const stats = await page.locator('.stat').allTextContents();
  assert.ok(stats.includes('3.5合计'), `合计 3.5 in ${JSON.stringify(stats)}`);
  assert.match(await page.locator(sel('deductions-table')).textContent(), /目录/);
  await shot(page, 'workspace-unit.png');

  const refused = page.waitForResponse((r) => r.url().includes('/api/v1/periods/2020Q3/units/'));
  await page.evaluate(() => { location.hash = '#/unit/区财政局'; });
  const res = await refused;
  assert.equal(res.status(), 403);
  assert.match(decodeURIComponent(res.url()), /units\/区财政局$/);
  const error = page.locator(sel('error-message'));
  await error.waitFor();
  assert.match(await error.textContent(), /无权查看其他单位的详情/);
  assert.equal(await page.locator(sel('unit-detail')).count(), 0);
  assert.match(await page.locator('.unit-body').textContent(), /只能查看本单位的详情/);
  await shot(page, 'workspace-unit-refused.png');
  await closePage(page);
});

test('f. a viewer has no 数据录入 in the menu; the ranking once published', async () => {
  const page = await newPage();
  await login(page, 'leader');
  assert.match(await page.locator(sel('current-user')).textContent(), /leader（只读用户）/);
  await page.locator(sel('ranking-hidden'), { hasText: '本季度通报尚未公示，公示后可查看排名' }).waitFor();
  const menu = await page.locator('.sidebar .menu-item').allTextContents();
  assert.deepEqual(menu, ['总览', '单位详情', '发布', '年度']);
  assert.equal(await page.locator(sel('menu-data')).count(), 0);
  await page.evaluate(() => { location.hash = '#/data/upload'; });
  await page.locator('.page .empty', { hasText: '当前账号无权使用此功能' }).waitFor();
  assert.equal(await page.locator(sel('upload-input')).count(), 0);

  await publishQuarter();
  await page.setViewportSize(PHONE);
  await page.evaluate(() => { location.hash = '#/ranking'; });
  const rows = await rankingRows(page, 67);
  // 区财政局 fell behind the units with 15 after the finding (14).
  assert.deepEqual(rows.slice(0, 9).map((r) => r.unit), SEED_TOP10.filter((u) => u !== '区财政局'));
  await shot(page, 'workspace-ranking-phone.png');
  await closePage(page);
});

test('f2. the office opens a unit\'s home: its standing, then its score table', async () => {
  const page = await newPage(LAPTOP);
  await login(page, 'admin');
  await page.evaluate(() => { location.hash = '#/home?unit=区商务局'; });
  await page.locator(sel('home-standing')).waitFor();
  assert.equal(await page.locator('.page-title').textContent(), '单位首页');
  assert.equal(await page.locator(sel('home-total')).textContent(), '3.5');
  const own = page.locator(`${sel('home-ranking')} tbody tr.is-own`);
  await own.waitFor();
  assert.equal(await own.getAttribute('data-unit'), '区商务局');
  await shot(page, 'workspace-home-admin.png');
  await page.setViewportSize(PHONE);
  const box = await page.locator(sel('home-standing')).boundingBox();
  assert.ok(box.y + box.height <= PHONE.height, `standing at ${JSON.stringify(box)} on a phone`);
  await shot(page, 'workspace-home-admin-phone.png');
  await closePage(page);
});

// Regression: trend averages once came out 100 times too large.
test('g. the trend table\'s averages lie between the minimum and the maximum', async () => {
  const page = await newPage();
  await login(page, 'leader');
  await page.locator(sel('tab-charts')).click();
  const rows = page.locator(`${sel('trends-table')} tbody tr`);
  await assertCount(rows, 2);
  // 季度 分组 单位数 平均 最低 最高 说明
  for (const cells of await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())))) {
    const [average, min, max] = cells.slice(3, 6).map(Number);
    assert.ok(min <= average && average <= max, `${cells.join(' | ')}`);
  }
  await closePage(page);
});

test('h. a unit named like a script shows as text and runs nothing', async () => {
  const name = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const page = await newPage();
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await login(page, 'admin');
  const status = await page.evaluate(async (unitName) => {
    const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json();
    const res = await fetch('/api/v1/registry', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
      body: JSON.stringify({ name: unitName, section: '部门' }),
    });
    return res.status;
  }, name);
  assert.equal(status, 201);
  await page.reload();  // the ranking shown at login was fetched before the unit existed
  await goRanking(page);
  const row = page.locator(`${sel('ranking-table')} tbody tr[data-unit="${name.replace(/"/g, '\\"')}"]`);
  await row.waitFor();
  assert.ok((await row.textContent()).includes(name), 'the name is shown as text');
  await page.locator(`${sel('ranking-table')} tbody tr`).nth(0).waitFor();
  assert.equal(await page.locator('tbody img').count(), 0, 'no element was made from the name');
  await row.locator('a, [data-unit-link]').first().click().catch(() => {});
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no script ran');
  await closePage(page);
});
