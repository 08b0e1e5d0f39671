// End-to-end test of issue 18's 区县 page: a city's workspace (tests/golden/city-gather/data,
// two districts with their own workspaces) seen by the city's office — the menu offers 区县,
// 临淄区 published with its figures and its bulletin's ranking, 张店区 unpublished with its
// status only; 汇总区县结果 refused while 张店区 is unpublished, naming it, then written —
// and by 临淄区's liaison, who sees its own district only and cannot gather; axe-core finds no
// serious or critical violation on the page at a desktop's and a phone's size.
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/districts.test.mjs
//
// Environment as for workspace.test.mjs: ZWGK, CHROMIUM, ZWGK_SCREENSHOTS (saves
// workspace-districts.png and workspace-districts-liaison.png), ZWGK_E2E_KEEP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { assertCount, loginAs, openWorkspace, run, settle, violations } from './harness.mjs';

const shotDir = process.env.ZWGK_SCREENSHOTS || '';
const ADMIN = { name: 'city-admin', password: 'e2e-City-Pa55' };
const LIAISON = { name: 'lz-liaison', password: 'e2e-Linzi-Pa55' };
const sel = (testid) => `[data-testid="${testid}"]`;
const cityData = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'city-gather', 'data');

let ws;
const publish = (district) => run(ws.zwgk, ['rectify', 'draft', '--data', path.join(ws.dataDir, '区县', district),
  '--period', '2020Q3', '--at', '2020-10-14 09:00', '--by', '王敏']);

before(async () => {
  ws = await openWorkspace({ prefix: 'zwgk-e2e-districts-', example: cityData, users: {
    [ADMIN.name]: { password: ADMIN.password, role: 'admin' },
    [LIAISON.name]: { password: LIAISON.password, role: 'unit', unit: '临淄区' } } });
  await publish('临淄区');
});
after(async () => { await ws?.close(); });

test("the city's office sees its districts and gathers their published figures", async () => {
  const page = await ws.newPage({ viewport: { width: 1366, height: 900 } });
  await loginAs(page, ws.base, ADMIN.name, ADMIN.password);
  await page.locator(sel('menu-districts')).click();
  const rows = page.locator(`${sel('districts-table')} tbody tr`);
  await assertCount(rows, 2);
  const [linzi, zhangdian] = await rows.allTextContents();
  assert.match(linzi, /临淄区已公示67831\s*12\.402985\s*15\s*0\s*13\s*54区县\/临淄区/);
  assert.match(zhangdian, /张店区进行中(—)+区县\/张店区/);
  await page.locator(sel('districts-note')).getByText('张店区尚未公示').waitFor();
  const ranking = page.locator(`${sel('district-ranking')} tbody tr`);
  await assertCount(page.locator(sel('district-ranking')), 2);
  assert.match(await ranking.first().textContent(), /^1/);

  await page.locator(sel('districts-gather')).click();
  await page.locator(sel('error-message')).getByText('张店区').first().waitFor();
  assert.equal(fs.existsSync(path.join(ws.dataDir, '2020Q3', '指标-区县结果.csv')), false);

  await publish('张店区');
  await page.locator(sel('districts-gather')).click();
  await page.locator(sel('message')).getByText('已汇总 2 个区县的结果，写入 2020Q3/指标-区县结果.csv').waitFor();
  assert.match(await rows.nth(1).textContent(), /张店区已公示67868\s*12\.955224/);
  const written = fs.readFileSync(path.join(ws.dataDir, '2020Q3', '指标-区县结果.csv'), 'utf8');
  assert.match(written, /临淄区,平均得分,,,12\.4\r\n/);
  await page.locator(sel('district-tab-张店区')).click();
  await page.waitForURL(/district=/);
  assert.ok(decodeURIComponent(page.url()).includes('district=张店区'), page.url());
  assert.deepEqual(page.jsErrors, []);
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'workspace-districts.png'), fullPage: true });
});

test("a district's liaison sees its own district only", async () => {
  const page = await ws.newPage({ viewport: { width: 1366, height: 900 } });
  await loginAs(page, ws.base, LIAISON.name, LIAISON.password);
  await page.goto(`${ws.base}/#/districts?period=2020Q3`);
  const rows = page.locator(`${sel('districts-table')} tbody tr`);
  await assertCount(rows, 1);
  assert.match(await rows.first().textContent(), /^临淄区已公示/);
  assert.equal(await page.locator(sel('districts-gather')).count(), 0);
  assert.equal(await page.locator(`${sel('districts-table')} th`, { hasText: '数据位置' }).count(), 0);
  assert.deepEqual(page.jsErrors, []);
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'workspace-districts-liaison.png'), fullPage: true });
});

for (const [size, viewport] of Object.entries({ desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } })) {
  test(`the 区县 page has no serious or critical accessibility violation (${size})`, async () => {
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    const page = await ws.newPage({ viewport, bypassCSP: true });
    await loginAs(page, ws.base, ADMIN.name, ADMIN.password);
    await page.goto(`${ws.base}/#/districts?period=2020Q3`);
    await page.locator(sel('districts-table')).waitFor();
    await settle(page);
    const found = await violations(axePath, page, `区县 (${size})`);
    assert.deepEqual(found, [], found.join('\n'));
  });
}
