// End-to-end test of 整改 and 年度 (web/pages/rectify.js, web/pages/year.js)
// in Debian's Chromium, driven by playwright-core, against `zwgk serve`.
//
//   ZWGK=build/release/src/zwgk node --test tests/e2e/rectify.test.mjs
//
// The data directory is the example's with [rectification] rules (contest
// window of 3 working days, penalties) and the 2020 calendar. The server
// runs on a test clock (ZWGK_CLOCK): first on 2020-10-15 10:00, the day
// before the bulletin's 整改期限 2020-10-16, where a unit's liaison replies
// with a text and a link and the office verifies it (已整改); then, restarted
// on 2020-10-20 09:00, the overdue list shows what other units still owe,
// the office publishes the draft (公示), a unit contests a finding and the
// office withdraws it; the year page shows the annual table.
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS
// (saves workspace-rectify-*.png and workspace-year-*.png there), ZWGK_E2E_KEEP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertCount, run, startServer, stopServer } from './harness.mjs';

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

const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const USERS = {
  admin: { password: 'e2e-Chief-Pa55', role: 'admin' },
  shangwu: { password: 'e2e-unit-Pa55', role: 'unit', unit: '区商务局' },
  leader: { password: 'e2e-viewer-Pa55', role: 'viewer' },
};
const RULES = `
[rectification]
findings = true
quota = true
working_days = 2
contest_days = 3
unrectified_penalty = 2
late_penalty = 1

[year]
quarters = "sum"
`;
const CALENDAR = `year = 2020
[[holidays]]
name = "国庆节、中秋节"
from = "2020-10-01"
to = "2020-10-08"
[[workdays]]
date = "2020-09-27"
[[workdays]]
date = "2020-10-10"
`;
const REPLY_LINK = 'https://www.linzi.gov.cn/col/col1234/art_5678.html';

let zwgk = '';
let dataDir = '';
let server = null;
let browser = null;

// The server as it stood at `clock` (CST), over the same data directory.
async function serveAt(clock) {
  await stopServer(server);
  server = null;
  process.env.ZWGK_CLOCK = clock;
  try {
    for (let attempt = 1; !server; attempt++) {
      try {
        server = await startServer(zwgk, dataDir);
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  } finally {
    delete process.env.ZWGK_CLOCK;
  }
}

before(async () => {
  assert.ok(!missing, missing);
  assert.ok(zwgkArg, 'set ZWGK to the zwgk executable (or pass its path as the first argument)');
  zwgk = path.resolve(zwgkArg);
  assert.ok(fs.existsSync(zwgk), `zwgk not found: ${zwgk}`);
  assert.ok(fs.existsSync(chromiumPath), `Chromium not found: ${chromiumPath} (run scripts/bootstrap.sh)`);
  if (shotDir) fs.mkdirSync(shotDir, { recursive: true });

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-e2e-rectify-'));
  fs.cpSync(example, dataDir, { recursive: true });
  // The test's own rules, whatever the example's scheme says about them.
  const scheme = fs.readFileSync(path.join(dataDir, '考核方案.toml'), 'utf8');
  let skipping = false;
  const kept = scheme.split('\n').filter((line) => {
    if (line.startsWith('[')) skipping = line.startsWith('[rectification]') || line.startsWith('[year]');
    return !skipping;
  });
  fs.writeFileSync(path.join(dataDir, '考核方案.toml'), kept.join('\n') + RULES);
  fs.rmSync(path.join(dataDir, '日历'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dataDir, '日历'));
  fs.writeFileSync(path.join(dataDir, '日历', '2020.toml'), CALENDAR);
  for (const [name, u] of Object.entries(USERS)) {
    await run(zwgk, ['user', 'add', '--data', dataDir, '--name', name, '--role', u.role,
      ...(u.unit ? ['--unit', u.unit] : [])], { ZWGK_PASSWORD: u.password });
  }
  await serveAt('2020-10-15 10:00');
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

async function shot(page, name) {
  if (!shotDir) return;
  await page.evaluate(async () => {
    for (const t of document.querySelectorAll('.toast')) t.remove();
    await document.fonts.ready;
  });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(shotDir, name), animations: 'disabled', caret: 'hide' });
}

async function login(page, name) {
  await page.goto(`${server.base}/#/login`);
  await page.locator(sel('login-name')).fill(name);
  await page.locator(sel('login-password')).fill(USERS[name].password);
  await page.locator(sel('login-submit')).click();
  await page.locator(sel('current-user')).waitFor();
}

async function openRectify(page) {
  await page.locator(sel('menu-rectify')).click();
  await page.locator('.page-title', { hasText: '整改' }).waitFor();
  await page.locator(sel('rectify-chips')).waitFor();
}

const itemRows = (page) => page.locator(`${sel('rectify-table')} tbody tr[data-id]`);
const row = (page, id) => page.locator(`${sel('rectify-table')} tbody tr[data-id="${id}"]`);
const drawer = (page) => page.locator(sel('rectify-drawer'));

async function openItem(page, id) {
  await row(page, id).click();
  await drawer(page).locator(sel('rectify-history')).waitFor();
}

// Every key path of a JSON document ("items[].unit.name"), array elements merged, sorted.
function keyPaths(value, at = '', out = new Set()) {
  if (Array.isArray(value)) value.forEach((v) => keyPaths(v, `${at}[]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) keyPaths(v, at ? `${at}.${k}` : k, out);
  else out.add(at);
  return [...out].sort();
}

// ---------------------------------------------------------------- scenarios

test('a. a unit\'s liaison replies with a text and a link', async () => {
  const page = await newPage();
  await login(page, 'shangwu');
  await openRectify(page);
  // Only 区商务局's items: its finding and its quota shortfall.
  await assertCount(itemRows(page), 2);
  assert.equal(await page.locator(sel('rectify-unit-filter')).textContent(), '区商务局');
  assert.equal(await page.locator(sel('rectify-deadline')).textContent(), '2020-10-16');
  assert.match(await page.locator(sel('rectify-chip-open')).textContent(), /待整改\s*2/);
  assert.equal(await page.locator(sel('rectify-draft')).count(), 0, 'no 公示 for units');

  await openItem(page, '2020Q3/区商务局/目录未上传');
  const d = drawer(page);
  assert.equal(await d.locator(sel('item-status')).first().textContent(), '待整改');
  // Incomplete: refused in the page, nothing sent.
  await d.locator(sel('reply-text')).fill('已在政府信息公开专栏补充上传公开事项标准目录');
  await d.locator(sel('reply-submit')).click();
  assert.match(await d.locator(sel('reply-error')).textContent(), /网址链接或证明文件/);
  await d.locator(sel('reply-link')).fill('www.linzi.gov.cn');
  await d.locator(sel('reply-submit')).click();
  assert.match(await d.locator(sel('reply-error')).textContent(), /http:\/\/ 或 https:\/\//);
  await d.locator(sel('reply-link')).fill(REPLY_LINK);
  await d.locator(sel('reply-file')).setInputFiles({ name: '整改后截图.png', mimeType: 'image/png',
    buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') });
  assert.equal(await d.locator(sel('reply-file-name')).textContent(), '整改后截图.png');
  await shot(page, 'workspace-rectify-unit-reply.png');
  await d.locator(sel('reply-submit')).click();

  await d.locator(sel('item-status'), { hasText: '待核实' }).first().waitFor();
  const history = d.locator(`${sel('rectify-history')} li`);
  await assertCount(history, 1);
  assert.match(await history.first().textContent(), /整改回复.*shangwu.*补充上传公开事项标准目录/);
  assert.equal(await history.first().locator('a').first().getAttribute('href'), REPLY_LINK);
  // The evidence file comes back as it was sent.
  const evidence = history.first().locator(sel('evidence-link'));
  assert.equal(await evidence.textContent(), '整改后截图.png');
  const size = await page.evaluate(async (url) => (await (await fetch(url)).arrayBuffer()).byteLength,
    await evidence.getAttribute('href'));
  assert.equal(size, 70);
  assert.equal(await d.locator(sel('reply-form')).count(), 0, 'no second reply while the office checks');
  await row(page, '2020Q3/区商务局/目录未上传').locator(sel('item-status'), { hasText: '待核实' }).waitFor();
  await shot(page, 'workspace-rectify-unit.png');
  await closePage(page);
});

test('b. the office verifies the reply and the item shows 已整改', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await openRectify(page);
  assert.match(await page.locator(sel('rectify-chip-replied')).textContent(), /待核实\s*1/);
  await page.locator(sel('rectify-chip-replied')).click();
  await assertCount(itemRows(page), 1);
  await openItem(page, '2020Q3/区商务局/目录未上传');
  const d = drawer(page);
  assert.match(await d.locator(sel('rectify-history')).textContent(), /已在政府信息公开专栏补充上传/);
  assert.equal(await d.locator(sel('action-contest')).count(), 0);
  await shot(page, 'workspace-rectify-admin.png');

  await d.locator(sel('action-verify')).click();
  await page.locator(sel('decision-dialog')).waitFor();
  await page.locator(sel('decision-text')).fill('链接打开核对，目录已上传');
  await page.locator(sel('decision-dialog-ok')).click();
  await page.locator(sel('decision-dialog')).waitFor({ state: 'detached' });
  await d.locator(sel('item-status'), { hasText: '已整改' }).first().waitFor();
  assert.match(await d.textContent(), /整改完成2020-10-15 10:00/);

  // The 全部 chip: the row says 已整改.
  await page.locator(sel('rectify-chip-all')).click();
  await row(page, '2020Q3/区商务局/目录未上传').locator(sel('item-status'), { hasText: '已整改' }).waitFor();
  assert.match(await page.locator(sel('rectify-chip-done')).textContent(), /已整改\s*1/);
  await page.evaluate(() => {
    const tr = document.querySelector('[data-testid="rectify-table"] tr[data-id="2020Q3/区商务局/目录未上传"]');
    window.scrollBy(0, tr.getBoundingClientRect().top - window.innerHeight / 2);
  });
  await shot(page, 'workspace-rectify-verified.png');

  // Both steps are in the audit log.
  const audit = await page.evaluate(async () => (await (await fetch('/api/v1/audit')).json()).entries
    .filter((e) => e.target.startsWith('2020Q3/区商务局/')).map((e) => `${e.action} ${e.user} ${e.target}`));
  assert.deepEqual(audit, ['核实通过 admin 2020Q3/区商务局/目录未上传', '整改回复 shangwu 2020Q3/区商务局/目录未上传']);
  await closePage(page);
});

test('c. five days later the overdue list shows what is still owed', async () => {
  await serveAt('2020-10-20 09:00');
  const page = await newPage();
  await login(page, 'admin');
  await openRectify(page);
  await page.locator(sel('rectify-tab-overdue')).click();
  const rows = page.locator(`${sel('overdue-table')} tbody tr[data-id]`);
  await rows.first().waitFor();
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
  assert.ok(ids.includes('2020Q3/齐都镇/目录未上传'), JSON.stringify(ids));
  assert.ok(!ids.includes('2020Q3/区商务局/目录未上传'), 'fixed in time: not overdue');
  const qidu = page.locator(`${sel('overdue-table')} tbody tr[data-id="2020Q3/齐都镇/目录未上传"]`);
  assert.equal(await qidu.locator(sel('overdue-days')).textContent(), '4 天');
  assert.match(await page.locator(sel('rectify-tab-overdue')).textContent(), new RegExp(`逾期未整改（${ids.length}）`));
  await shot(page, 'workspace-rectify-overdue.png');
  // A row opens the item.
  await qidu.click();
  await drawer(page).locator(sel('item-status'), { hasText: '逾期未整改' }).first().waitFor();
  await page.locator(sel('rectify-drawer-close')).click();
  await closePage(page);

  // The unit sees only its own overdue item on a phone.
  const phone = await newPage(PHONE);
  await login(phone, 'shangwu');
  await phone.evaluate(() => { location.hash = '#/rectify?tab=overdue'; });
  const own = phone.locator(`${sel('overdue-table')} tbody tr[data-id]`);
  await assertCount(own, 1);
  assert.equal(await own.first().getAttribute('data-id'), '2020Q3/区商务局/投稿任务');
  await shot(phone, 'workspace-rectify-phone.png');
  // Regression: on a phone the last columns (状态; 逾期天数) were cut off at the right edge.
  for (const [hash, table] of [['#/rectify?tab=overdue', 'overdue-table'], ['#/rectify', 'rectify-table']]) {
    await phone.evaluate((h) => { location.hash = h; }, hash);
    const last = phone.locator(`${sel(table)} tbody tr[data-id] td:visible`).last();
    await last.waitFor();
    const box = await last.boundingBox();
    assert.ok(box.x + box.width <= PHONE.width, `${table}'s last column ends at ${box.x + box.width} > ${PHONE.width}`);
  }
  await closePage(phone);
});

test('d. 公示, a contest, and the office withdraws the finding', async () => {
  const admin = await newPage();
  await login(admin, 'admin');
  await openRectify(admin);
  await admin.locator(sel('rectify-draft')).click();
  await admin.locator(sel('period-dialog')).waitFor();
  await admin.locator(sel('period-dialog-ok')).click();
  await admin.locator(sel('rectify-final'), { hasText: '申诉期至 2020-10-23 止' }).waitFor();
  assert.equal(await admin.locator(sel('rectify-final')).isDisabled(), true);

  const unit = await newPage();
  await login(unit, 'shangwu');
  await openRectify(unit);
  await openItem(unit, '2020Q3/区商务局/投稿任务');
  await drawer(unit).locator(sel('action-contest')).click();
  await unit.locator(sel('decision-dialog-ok')).click();
  assert.match(await unit.locator(sel('dialog-error')).textContent(), /请填写申诉理由/);
  await unit.locator(sel('decision-text')).fill('9月份稿件已于9月30日通过邮箱报送，见发件记录');
  await unit.locator(sel('decision-dialog-ok')).click();
  await drawer(unit).locator(sel('item-status'), { hasText: '申诉中' }).first().waitFor();
  await closePage(unit);

  await admin.reload();
  await admin.locator(sel('rectify-chips')).waitFor();
  await admin.locator(sel('rectify-chip-contested')).click();
  await openItem(admin, '2020Q3/区商务局/投稿任务');
  assert.equal(await drawer(admin).locator(sel('action-uphold')).count(), 1);
  await shot(admin, 'workspace-rectify-contest.png');
  await drawer(admin).locator(sel('action-withdraw')).click();
  await admin.locator(sel('decision-text')).fill('邮件服务器记录属实，撤销该项扣分');
  await admin.locator(sel('decision-dialog-ok')).click();
  await drawer(admin).locator(sel('item-status'), { hasText: '已撤销' }).first().waitFor();
  const deduction = await admin.evaluate(async () => {
    const r = await (await fetch('/api/v1/periods/2020Q3/ranking')).json();
    return r.units.find((u) => u.name === '区商务局').deduction;
  });
  assert.equal(deduction, '5', 'the quota deduction is gone; the finding (5) stays');
  await closePage(admin);
});

// A fourth quarter made from the third (its months renamed), to be published
// in January (test e): the quota of 示范点 units rises to 2 from October (the scheme's
// [[submission.quota]]), so the year compares the quarters with that note.
function addFourthQuarter() {
  const from = path.join(dataDir, '2020Q3');
  const to = path.join(dataDir, '2020Q4');
  fs.mkdirSync(to);
  const copy = (name, edit = (t) => t) => fs.writeFileSync(path.join(to, name), edit(fs.readFileSync(path.join(from, name), 'utf8')));
  copy('网站发布.csv', (t) => t.replace('单位,7月,8月,9月', '单位,10月,11月,12月'));
  copy('投稿.csv', (t) => t.replace('单位,8月,9月', '单位,10月,11月'));
  copy('采用.csv');
  copy('检查.csv', (t) => t.split('\n').slice(0, 4).join('\n') + '\n');
  fs.writeFileSync(path.join(to, '通报模板.txt'), '成文日期：2021年1月12日\n整改期限：2021年1月15日\n');
}

test('e. the year page: annual table, comparison note, downloads', async () => {
  addFourthQuarter();
  // A viewer sees the year once all its quarters are published (live_scores = "office").
  const leader = await newPage();
  await login(leader, 'leader');
  await leader.goto(`${server.base}/#/year`);
  await leader.getByText('2020Q4的通报尚未公示，公示后可查看年度考核').first().waitFor();
  await closePage(leader);
  const admin = await newPage();
  await login(admin, 'admin');
  await admin.goto(`${server.base}/#/rectify?period=2020Q4`);
  await admin.locator(sel('rectify-draft')).click();
  await admin.locator(sel('period-dialog')).waitFor();
  await admin.locator(sel('period-dialog-ok')).click();
  await admin.locator(sel('period-dialog')).waitFor({ state: 'detached' });
  await closePage(admin);

  const page = await newPage();
  await login(page, 'leader');
  const menu = await page.locator('.sidebar .menu-item').allTextContents();
  assert.ok(menu.includes('年度') && !menu.includes('整改'), JSON.stringify(menu));
  await page.locator(sel('menu-year')).click();
  await page.locator(sel('year-title')).waitFor();
  const rows = page.locator(`${sel('year-table')} tbody tr[data-unit]`);
  await rows.first().waitFor();
  assert.ok(await rows.count() > 10);
  const shangwu = page.locator(`${sel('year-table')} tbody tr[data-unit="区商务局"]`);
  // 区商务局: 3.5 + 2 (quota withdrawn) in the quarter; 目录未上传 fixed in time: no penalty.
  assert.match(await shangwu.textContent(), /5\.5/);
  assert.match(await page.locator(sel('year-title')).textContent(), /临淄区2020年度/);
  await shot(page, 'workspace-year-table.png');
  // Q3 → Q4: the rules changed, and the comparison says so instead of comparing.
  const changes = page.locator(sel('year-changes'));
  assert.match(await changes.textContent(), /第四季度较第三季度：规则有变化，不作比较/);
  const comparison = page.locator(`${sel('year-comparison')} tbody tr`);
  assert.ok(await comparison.count() > 10);
  assert.match(await comparison.first().textContent(), /规则有变化，不作比较/);
  await changes.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, document.querySelector('[data-testid="year-changes"]').getBoundingClientRect().top - 140));
  await shot(page, 'workspace-year-comparison.png');
  // Downloads: the workbook and the JSON, as `zwgk report --year` writes them.
  const downloads = await page.locator('[data-testid^="year-download-"]').evaluateAll((as) => as.map((a) => a.dataset.testid));
  assert.ok(downloads.includes('year-download-年度考核.xlsx'), JSON.stringify(downloads));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sel('year-download-年度考核.xlsx')).click()]);
  assert.equal(download.suggestedFilename(), '年度考核.xlsx');
  const yearJson = await page.evaluate(async () => (await fetch('/api/v1/years/2020/report/年度考核.json')).status);
  assert.equal(yearJson, 200);
  const status = await page.evaluate(async () => (await fetch('/api/v1/periods/2020Q3/rectification')).status);
  assert.equal(status, 403, 'viewers read no items');
  // The page's answer is the document `zwgk report --year` writes, plus the page's comparison and downloads.
  const answer = await page.evaluate(async () => (await fetch('/api/v1/years/2020')).json());
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-e2e-year-'));
  try {
    await run(zwgk, ['report', '--data', dataDir, '--year', '2020', '--as-of', '2020-10-20', '--out', out]);
    const written = JSON.parse(fs.readFileSync(path.join(out, '年度考核.json'), 'utf8'));
    const { comparison, downloads, ...document } = answer;
    assert.ok(comparison !== undefined && Array.isArray(downloads));
    assert.deepEqual(keyPaths(document), keyPaths(written));
    assert.ok(keyPaths(written).includes('items[].contest_outcome_name'));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  await closePage(page);

  const unit = await newPage();
  await login(unit, 'shangwu');
  await unit.evaluate(() => { location.hash = '#/year'; });
  await unit.locator(`${sel('year-table')} tbody tr.is-own`).waitFor();
  await closePage(unit);
});
