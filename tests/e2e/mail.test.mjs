// End-to-end test of 投稿审核 (web/pages/mail.js) in Debian's Chromium,
// driven by playwright-core, against `zwgk serve`.
//
//   ZWGK=build/release/src/zwgk node --test tests/e2e/mail.test.mjs
//
// The data directory is the example's without 2020Q3/投稿.csv, so every
// submission comes from mail. An administrator imports .eml files through
// the page, assigns the message no rule could attribute, with a reason, and
// sees it count; a unit user sees only its own unit's mail and no form.
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS
// (saves workspace-mail-*.png there), ZWGK_E2E_KEEP.

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

const PERIOD = '2020Q3';
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const USERS = {
  admin: { password: 'e2e-Chief-Pa55', role: 'admin' },
  shangwu: { password: 'e2e-unit-Pa55', role: 'unit', unit: '区商务局' },
  leader: { password: 'e2e-viewer-Pa55', role: 'viewer' },
};

let dataDir = '';
let mailDir = '';
let server = null;
let browser = null;

// ---------------------------------------------------------------- messages

function article(seed) {
  let text = `${seed}。\n`;
  for (let i = 0; i < 12; i++) text += '本单位认真落实政务公开工作要求，及时主动公开各类政府信息，回应社会关切。\n';
  return text;
}

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const encodedWord = (s) => `=?utf-8?b?${b64(s)}?=`;

// One message as the office's mail server stores it, with a photo attached.
function eml({ id, from, subject, received, text }) {
  const boundary = 'zwgk-e2e-boundary';
  return [
    'Received: from mx.example.gov.cn by mail.zwgk.example.gov.cn;', ` ${received}`,
    `From: <${from}>`, 'To: zwgk@linzi.gov.cn', `Subject: ${encodedWord(subject)}`, `Date: ${received}`,
    `Message-ID: <${id}>`, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, '',
    `--${boundary}`, 'Content-Type: text/plain; charset="utf-8"', 'Content-Transfer-Encoding: base64', '',
    b64(text).replace(/.{76}/g, '$&\r\n'), '',
    `--${boundary}`, 'Content-Type: image/jpeg', 'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="photo.jpg"', '', '/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==', '',
    `--${boundary}--`, '',
  ].join('\r\n');
}

const MESSAGES = [
  { file: '商务局-促消费.eml', id: 'swj-1@e2e', from: 'swj@163.com', subject: '【区商务局】开展促消费活动',
    received: 'Sat, 05 Sep 2020 10:00:00 +0800', text: article('区商务局开展促消费活动') },
  { file: '人社局-就业服务.eml', id: 'rsj-1@e2e', from: 'xinxi@qq.com', subject: '【区人社局】就业服务进社区',
    received: 'Mon, 10 Aug 2020 09:00:00 +0800', text: article('区人社局开展就业服务进社区活动') },
  { file: '无单位.eml', id: 'who-1@e2e', from: 'someone@qq.com', subject: '政务公开信息：预算公开',
    received: 'Tue, 08 Sep 2020 15:30:00 +0800', text: article('区财政局公开部门预算') },
];

// ---------------------------------------------------------------- set-up

before(async () => {
  assert.ok(!missing, missing);
  assert.ok(zwgkArg, 'set ZWGK to the zwgk executable (or pass its path as the first argument)');
  const zwgk = path.resolve(zwgkArg);
  assert.ok(fs.existsSync(zwgk), `zwgk not found: ${zwgk}`);
  assert.ok(fs.existsSync(chromiumPath), `Chromium not found: ${chromiumPath} (run scripts/bootstrap.sh)`);
  if (shotDir) fs.mkdirSync(shotDir, { recursive: true });

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-e2e-mail-'));
  fs.cpSync(example, dataDir, { recursive: true });
  fs.rmSync(path.join(dataDir, PERIOD, '投稿.csv'));  // submissions come from mail only
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-e2e-eml-'));
  for (const m of MESSAGES) fs.writeFileSync(path.join(mailDir, m.file), eml(m));
  for (const [name, u] of Object.entries(USERS)) {
    await run(zwgk, ['user', 'add', '--data', dataDir, '--name', name, '--role', u.role,
      ...(u.unit ? ['--unit', u.unit] : [])], { ZWGK_PASSWORD: u.password });
  }
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
  if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
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
  await page.screenshot({ path: path.join(shotDir, name), animations: 'disabled', caret: 'hide' });
}

async function login(page, name) {
  await page.goto(`${server.base}/#/login`);
  await page.locator(sel('login-name')).fill(name);
  await page.locator(sel('login-password')).fill(USERS[name].password);
  await page.locator(sel('login-submit')).click();
  await page.locator(sel('current-user')).waitFor();
}

async function openMail(page) {
  await page.locator(sel('menu-mail')).click();
  await page.locator('.page-title', { hasText: '投稿审核' }).waitFor();
  await page.locator(sel('mail-summary')).locator('.mail-summary-total').waitFor();
}

const mailRows = (page) => page.locator(`${sel('mail-table')} tbody tr[data-id]`);

// The rows as {id, verdict, cells}.
const rowsOf = (page) => mailRows(page).evaluateAll((trs) => trs.map((tr) => ({
  id: Number(tr.dataset.id), verdict: tr.dataset.verdict, cells: [...tr.cells].map((td) => td.textContent.trim()),
})));

// ---------------------------------------------------------------- scenarios

test('a. admin imports .eml files and assigns the unattributed one', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await openMail(page);
  assert.match(await page.locator(sel('mail-summary')).textContent(), /共 0 封/);

  await page.locator(sel('mail-import-input')).setInputFiles(MESSAGES.map((m) => path.join(mailDir, m.file)));
  const summary = page.locator(sel('mail-import-summary'));
  await summary.waitFor();
  assert.match(await summary.textContent(), /读取 3 封邮件：新增 3 封，以前已导入 0 封/);
  await assertCount(mailRows(page), 3);

  let rows = await rowsOf(page);
  const bySubject = (list, s) => list.find((r) => r.cells[6].startsWith(s));
  const nobody = bySubject(rows, '政务公开信息：预算公开');
  assert.ok(nobody, JSON.stringify(rows));
  assert.equal(nobody.verdict, '未归属');
  assert.match(nobody.cells[6], /未能确定投稿单位/, 'the reason is shown under the subject');
  assert.equal(bySubject(rows, '【区商务局】').verdict, '计入');
  assert.equal(bySubject(rows, '【区人社局】').cells[2], '区人社局（主题）');
  assert.match(await page.locator(sel('mail-summary')).textContent(), /共 3 封/);
  assert.match(await page.locator(sel('mail-tab-unassigned')).textContent(), /未归属（1）/);
  const counted = await page.locator(`${sel('mail-counted-table')} tbody tr`).allTextContents();
  assert.equal(counted.length, 2, JSON.stringify(counted));
  await shot(page, 'workspace-mail-list.png');

  // Importing the same files again adds nothing.
  await page.locator(sel('mail-import-input')).setInputFiles(MESSAGES.map((m) => path.join(mailDir, m.file)));
  await page.locator(sel('mail-import-summary'), { hasText: '以前已导入 3 封' }).waitFor();
  await assertCount(mailRows(page), 3);

  // The 未归属 tab, then the message's detail and the decision form.
  await page.locator(sel('mail-tab-unassigned')).click();
  await assertCount(mailRows(page), 1);
  await mailRows(page).first().click();
  const detail = page.locator(sel('mail-detail'));
  await detail.waitFor();
  assert.match(await page.locator(sel('mail-text')).textContent(), /区财政局公开部门预算/);
  assert.match(await page.locator(sel('mail-hints')).textContent(), /someone@qq\.com/);
  await page.locator(sel('decision-unit')).selectOption('区财政局');
  // No reason: refused in the page, nothing sent.
  await page.locator(sel('decision-submit')).click();
  assert.match(await page.locator(sel('decision-error')).textContent(), /请写明理由/);
  await page.locator(sel('decision-reason')).fill('电话联系区财政局联络员核实，系该局稿件');
  assert.equal(await page.locator(sel('decision-error')).isHidden(), true, 'editing hides the old error');
  // The screenshot shows the list beside the message's facts and the form.
  await page.evaluate(() => {
    const layout = document.querySelector('.mail-layout');
    window.scrollTo(0, layout.getBoundingClientRect().top + window.scrollY - 110);
    const form = document.querySelector('[data-testid="decision-form"]').closest('.card');
    const host = form.closest('.mail-detail-host');
    host.scrollTop += form.getBoundingClientRect().top - host.getBoundingClientRect().top - 160;
  });
  await page.mouse.move(0, 0);
  await shot(page, 'workspace-mail-detail.png');
  await page.locator(sel('decision-submit')).click();

  // The 未归属 tab is now empty; under 全部 the message counts for 区财政局.
  await assertCount(mailRows(page), 0);
  await page.locator(sel('mail-tab-all')).click();
  await assertCount(mailRows(page), 3);
  rows = await rowsOf(page);
  const assigned = rows.find((r) => r.id === nobody.id);
  assert.equal(assigned.verdict, '计入');
  assert.equal(assigned.cells[2], '区财政局（人工指定）');
  const history = page.locator(`${sel('mail-history')} tbody tr`);
  await assertCount(history, 1);
  assert.match(await history.first().textContent(), /admin单位：区财政局电话联系区财政局联络员核实/);
  await page.evaluate(() => {
    const card = document.querySelector('[data-testid="mail-history"]').closest('.card');
    const host = card.closest('.mail-detail-host');
    const below = card.getBoundingClientRect().bottom - Math.min(host.getBoundingClientRect().bottom, window.innerHeight) + 12;
    if (below > 0) host.scrollTop += below;
  });
  await shot(page, 'workspace-mail-decided.png');

  // The assessment counts it (within the workspace's 1-second recheck).
  let submissions = null;
  for (let i = 0; i < 30 && JSON.stringify(submissions) !== '[0,0,1]'; i++) {
    submissions = await page.evaluate(async () => {
      const r = await (await fetch('/api/v1/periods/2020Q3/ranking')).json();
      return r.units.find((u) => u.name === '区财政局').submissions;
    });
    if (JSON.stringify(submissions) !== '[0,0,1]') await page.waitForTimeout(100);
  }
  assert.deepEqual(submissions, [0, 0, 1]);
  await closePage(page);
});

test('b. a unit user sees only its own mail and cannot decide', async () => {
  const page = await newPage();
  await login(page, 'shangwu');
  await openMail(page);
  await assertCount(mailRows(page), 1);
  const [row] = await rowsOf(page);
  assert.match(row.cells[6], /【区商务局】开展促消费活动/);
  assert.equal(await page.locator(sel('mail-import-input')).count(), 0);
  assert.equal(await page.locator(sel('mail-unit-filter')).textContent(), '区商务局');
  await mailRows(page).first().click();
  await page.locator(sel('mail-detail')).waitFor();
  assert.equal(await page.locator(sel('decision-form')).count(), 0);
  await shot(page, 'workspace-mail-unit.png');
  // On a phone the detail follows the list.
  await page.setViewportSize(PHONE);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'workspace-mail-phone.png');
  await closePage(page);
});

test('c. admin records a unit\'s 投稿邮箱 in the registry', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await page.evaluate(() => { location.hash = '#/data/registry'; });
  const row = page.locator(`${sel('registry-table')} tbody tr[data-unit="区商务局"]`);
  await row.locator(sel('registry-edit')).click();
  const dialog = page.locator(sel('registry-dialog'));
  await dialog.waitFor();
  await dialog.locator(sel('registry-mail')).fill('not-an-address');
  await page.locator(sel('registry-dialog-ok')).click();
  assert.match(await dialog.locator(sel('dialog-error')).textContent(), /不是邮箱地址/);
  await dialog.locator(sel('registry-mail')).fill('SWJ@linzi.gov.cn、swj2@linzi.gov.cn');
  await page.locator(sel('registry-dialog-ok')).click();
  await dialog.waitFor({ state: 'detached' });
  await row.filter({ hasText: 'swj@linzi.gov.cn' }).waitFor();
  const registry = await page.evaluate(async () => (await (await fetch('/api/v1/registry')).json()).units);
  assert.deepEqual(registry.find((u) => u.name === '区商务局').mail_addresses, ['swj@linzi.gov.cn', 'swj2@linzi.gov.cn']);
  await closePage(page);
});

test('d. a viewer has no 投稿审核', async () => {
  const page = await newPage();
  await login(page, 'leader');
  assert.equal(await page.locator(sel('menu-mail')).count(), 0);
  const status = await page.evaluate(async () => (await fetch('/api/v1/periods/2020Q3/mail')).status);
  assert.equal(status, 403);
  await closePage(page);
});

// Issue 12: the import reply's warnings (a file read as one message that
// holds mbox separator lines) were sent but not shown.
test('e. an import shows the warnings of what it read', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await openMail(page);
  const several = path.join(mailDir, 'several.eml');
  const one = (n) => [
    `From: unit${n}@linzi.gov.cn`, `To: tougao@linzi.gov.cn`, `Subject: =?UTF-8?B?${b64(`【区商务局】合并的第${n}封`)}?=`,
    `Message-ID: <several-${n}@linzi.gov.cn>`, 'Date: Mon, 31 Aug 2020 09:00:00 +0800',
    'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', b64(article(`第${n}封`)), ''].join('\r\n');
  fs.writeFileSync(several, [one(1), 'From unit2@linzi.gov.cn Mon Aug 31 10:00:00 2020', one(2)].join('\r\n'));
  await page.locator(sel('mail-import-input')).setInputFiles([several]);
  const summary = page.locator(sel('mail-import-summary'));
  await summary.filter({ hasText: '警告 1 条' }).waitFor();
  assert.match(await summary.textContent(), /“several\.eml”作为一封邮件读取，但第 \d+ 行像 mbox 的分隔行/);
  await closePage(page);
});
