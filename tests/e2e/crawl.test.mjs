// End-to-end test of issue 17's 网站采集 in the workspace: a crawl started from the page
// against a small portal served by this test on loopback, its progress to the end, the
// columns it read, a stale column confirmed as a finding, an adoption dismissed with a
// reason, and a unit's crawled items with their links.
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/crawl.test.mjs
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS (saves
// workspace-crawl.png and workspace-crawl-items.png), ZWGK_E2E_KEEP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { loginAs, openWorkspace } from './harness.mjs';

const shotDir = process.env.ZWGK_SCREENSHOTS || '';
const ADMIN = { name: 'admin', password: 'e2e-Chief-Pa55' };
const sel = (testid) => `[data-testid="${testid}"]`;

const list = (items) => `<html><head><meta charset="utf-8"></head><body><ul>${items.map(([t, href, d]) =>
  `<li><a href="${href}">${t}</a><span>${d}</span></li>`).join('')}</ul></body></html>`;
const PAGES = {
  '/robots.txt': 'User-agent: *\nAllow: /\n',
  '/fgj/index.html': list([['区发改局召开重点项目推进会议', './202009/t1.html', '2020-09-20'],
    ['区发改局发布第三季度价格监测报告', './202008/t2.html', '2020-08-05'], ['区发改局部署上半年工作', './202006/t3.html', '2020-06-10']]),
  '/jtj/index.html': list([['区教体局召开暑期安全工作会议', './202008/t1.html', '2020-08-01'],
    ['区教体局部署中考工作', './202006/t2.html', '2020-06-01']]),
  '/city/index.html': list([['临淄区发改局召开重点项目推进会议', 'http://city.example/a1.html', '2020-09-24']]),
};

let ws, portal, page;
before(async () => {
  portal = http.createServer((req, res) => {
    const body = PAGES[req.url];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body || 'not found');
  });
  await new Promise((r) => portal.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${portal.address().port}`;
  ws = await openWorkspace({ prefix: 'zwgk-e2e-crawl-', users: { [ADMIN.name]: { password: ADMIN.password, role: 'admin' } } });
  fs.rmSync(path.join(ws.dataDir, '2020Q3', '网站发布.csv'));
  fs.writeFileSync(path.join(ws.dataDir, '站点.toml'), [
    '[[columns]]', 'unit = "区发改局"', 'kind = "通知公告"', `url = "${base}/fgj/index.html"`, '',
    '[[columns]]', 'unit = "区教体局"', 'kind = "动态要闻"', `url = "${base}/jtj/index.html"`, '',
    '[[portals]]', 'level = "市级"', `url = "${base}/city/index.html"`, ''].join('\n'));
  fs.appendFileSync(path.join(ws.dataDir, '考核方案.toml'), '\n[[findings]]\ncode = "栏目未更新"\nreason = "网站栏目长期未更新"\n' +
    'points = 0.5\n\n[[stale_columns]]\nkind = "动态要闻"\ndays = 14\nfinding = "栏目未更新"\n');
  page = await ws.newPage({ viewport: { width: 1366, height: 900 } });
  await loginAs(page, ws.base, ADMIN.name, ADMIN.password);
});
after(async () => {
  await ws?.close();
  portal?.close();
});

test('a crawl started in the workspace, its proposals decided and its items listed', async () => {
  await page.goto(`${ws.base}/#/data/crawl?period=2020Q3`);
  await page.locator(sel('crawl-last-run')).getByText('还没有抓取过').waitFor();
  await page.locator(sel('crawl-start')).click();
  const proposals = page.locator(`${sel('crawl-proposal-table')} tbody tr`);
  await proposals.nth(1).waitFor({ timeout: 60000 });
  const job = await page.locator(sel('crawl-job')).textContent();
  assert.match(job, /已完成/);
  assert.match(job, /栏目 3\/3（100%），已读 3 页/);
  const run = await page.locator(sel('crawl-last-run')).textContent();
  assert.match(run, /本期发布信息 3 条，写入 2020Q3\/网站发布-网站采集\.csv/);
  const texts = await proposals.allTextContents();
  assert.ok(texts.some((t) => t.includes('栏目未更新') && t.includes('区教体局') && t.includes('60 天未更新')), texts.join('\n'));
  assert.ok(texts.some((t) => t.includes('市级采用') && t.includes('区发改局') && t.includes('相似度')), texts.join('\n'));
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'workspace-crawl.png'), fullPage: true });

  const stale = proposals.filter({ hasText: '栏目未更新' });
  await stale.getByRole('button', { name: '确认' }).click();
  await page.locator(sel('proposal-dialog-ok')).click();
  await page.locator(`${sel('crawl-proposal-table')} tbody tr`, { hasText: '已确认' }).waitFor();
  const finding = fs.readFileSync(path.join(ws.dataDir, '2020Q3', '检查-在线录入.csv'), 'utf8');
  assert.match(finding, /区教体局,栏目未更新,1,“动态要闻”栏目最新一条信息发布于2020-08-01，至2020-09-30已60天未更新（规定14天）/);

  const adoption = proposals.filter({ hasText: '市级采用' });
  await adoption.getByRole('button', { name: '不采纳' }).click();
  await page.locator(sel('proposal-dialog-ok')).click();
  await page.locator(sel('dialog-error')).getByText('不采纳须写明理由').waitFor();
  await page.locator(sel('proposal-reason')).fill('市政府网站转载，非采用');
  await page.locator(sel('proposal-dialog-ok')).click();
  await page.locator(`${sel('crawl-proposal-table')} tbody tr`, { hasText: '不采纳：市政府网站转载，非采用' }).waitFor();

  await page.locator(sel('crawl-item-unit')).selectOption('区发改局');
  const items = page.locator(`${sel('crawl-item-table')} tbody tr`);
  await items.nth(1).waitFor();
  assert.equal(await items.count(), 2);
  const href = await items.first().locator('a').getAttribute('href');
  assert.match(href, /\/fgj\/20200[89]\/t[12]\.html$/);
  assert.deepEqual(page.jsErrors, []);
  if (shotDir) {
    await page.locator(sel('crawl-items')).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shotDir, 'workspace-crawl-items.png') });
  }
});
