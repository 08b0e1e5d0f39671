// End-to-end test of issue 16's other forms in the workspace: the 总览 of a scheme
// without a score table shows that scheme's own columns — the counts of the monthly
// count-only example (examples/monthly-2021-03, period 2021-03) and the indicators,
// 合计 and 评级 of the weighted indicator tree (examples/weighted-2021q4).
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/schemes.test.mjs
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS
// (saves workspace-ranking-counts.png, workspace-ranking-indicators.png and workspace-indicator-facts.png),
// ZWGK_E2E_KEEP. The weighted example's facts are also entered in the web (录入指标数据) and deleted.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loginAs, openWorkspace } from './harness.mjs';

const shotDir = process.env.ZWGK_SCREENSHOTS || '';
const ADMIN = { name: 'admin', password: 'e2e-Chief-Pa55' };
const opened = [];
after(async () => { for (const ws of opened) await ws.close(); });

const sel = (testid) => `[data-testid="${testid}"]`;

// The ranking table's header texts and its rows' cell texts.
async function tableText(page) {
  const table = page.locator(sel('ranking-table'));
  await table.locator('tbody tr').first().waitFor({ timeout: 60000 });
  const headers = (await table.locator('thead th').allTextContents()).map((t) => t.trim());
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  return { headers, rows };
}

async function openRanking(example, period) {
  const ws = await openWorkspace({ prefix: `zwgk-e2e-${example}-`, example,
    users: { [ADMIN.name]: { password: ADMIN.password, role: 'admin' } } });
  opened.push(ws);
  const page = await ws.newPage();
  await loginAs(page, ws.base, ADMIN.name, ADMIN.password);
  await page.goto(`${ws.base}/#/ranking?period=${period}`);
  return page;
}

test('a monthly count-only bulletin: its counts, ordered as its tables', async () => {
  const page = await openRanking('monthly-2021-03', '2021-03');
  const { headers, rows } = await tableText(page);
  assert.deepEqual(headers.slice(3), ['发布信息（条）', '被市级采用（篇）', '被省级采用（篇）']);
  assert.equal(rows.length, 14);
  // A monthly scheme's periods are 月份, not 季度.
  assert.equal((await page.locator('.filter-label').first().textContent()).trim(), '月份');
  assert.deepEqual(rows[0].slice(0, 2).concat(rows[0].slice(3)), ['1', '区政府办', '31', '1', '1']);
  assert.ok(rows.some((r) => r[1] === '柳河镇' && r[3] === '0'), JSON.stringify(rows));
  assert.deepEqual(page.jsErrors, []);
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'workspace-ranking-counts.png') });
});

test('a weighted indicator tree: its indicators, 合计 and 评级', async () => {
  const page = await openRanking('weighted-2021q4', '2021Q4');
  const { headers, rows } = await tableText(page);
  // 评级 and 合计 first, then each indicator with its full marks (a weight shown as in 通报.docx).
  assert.deepEqual(headers.slice(3, 6), ['评级', '合计', '信息发布（30分）'], headers.join('|'));
  assert.ok(headers.includes('政策解读（100分×0.1）'), headers.join('|'));
  const total = headers.indexOf('合计'), rating = headers.indexOf('评级');
  const first = rows.find((r) => r[1] === '县人社局');
  assert.equal(first[total], '104.33');
  assert.equal(first[rating], '优秀');
  assert.deepEqual(page.jsErrors, []);
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'workspace-ranking-indicators.png') });

  // 录入指标数据: a reply of 县教育局 entered (7/8 → 8/9 of 20 points), counted on the 总览, deleted.
  await page.goto(`${opened.at(-1).base}/#/data/indicator?period=2021Q4`);
  await page.locator(sel('fact-unit')).fill('县教育局');
  await page.locator(sel('fact-indicator')).selectOption('按时答复');
  await page.locator(sel('fact-item')).fill('补录一件');
  await page.locator(sel('fact-numerator')).fill('1');
  await page.locator(sel('fact-denominator')).fill('1');
  await page.locator(sel('fact-submit')).click();
  const row = page.locator(`${sel('entered-facts-table')} tbody tr`, { hasText: '补录一件' });
  await row.waitFor();
  assert.match(await row.textContent(), /县教育局按时答复补录一件1\/1/);
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'workspace-indicator-facts.png') });
  await page.goto(`${opened.at(-1).base}/#/ranking?period=2021Q4`);
  let after = await tableText(page);
  assert.equal(after.rows.find((r) => r[1] === '县教育局')[after.headers.indexOf('按时答复（20分）')], '17.78');
  await page.goto(`${opened.at(-1).base}/#/data/indicator?period=2021Q4`);
  await page.locator(sel('delete-fact-2')).click();
  await page.locator(sel('delete-fact-dialog-ok')).click();
  await page.locator(sel('entered-facts-table'), { hasText: '还没有在网页上录入指标数据' }).waitFor();
  await page.goto(`${opened.at(-1).base}/#/ranking?period=2021Q4`);
  after = await tableText(page);
  assert.equal(after.rows.find((r) => r[1] === '县教育局')[after.headers.indexOf('按时答复（20分）')], '17.5');
  // The unit's page: its indicators with how each was scored, and its rating.
  await page.goto(`${opened.at(-1).base}/#/unit/${encodeURIComponent('县教育局')}?period=2021Q4`);
  const indicators = page.locator(sel('indicators-table'));
  await indicators.locator('tbody tr').first().waitFor({ timeout: 60000 });
  assert.match(await indicators.textContent(), /按时答复17\.5207\/8/);
  assert.match(await page.locator(sel('unit-detail')).textContent(), /等次：合格/);
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'workspace-unit-indicators.png'), fullPage: true });
  assert.deepEqual(page.jsErrors, []);
});
