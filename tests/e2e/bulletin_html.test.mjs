// 通报.html as a browser lays it out: `zwgk report` on the shipped example,
// the page opened from disk (file://) in Debian's Chromium at a desktop size
// (1366×768), a phone's (390×844) and as printed. Checks what a reader would
// notice: no sideways scrolling of the page, every table cell and so every
// 合计 within the screen (cards on the phone, the merged table on the desktop
// and in print), the title and the table headers broken only between words,
// the signature placed as on paper (GB/T 9704 7.3.5.2), and the page's
// visible text equal to 通报.docx's as tests/outputs/docx_text.py reads it.
//
//   ZWGK=build/dev/src/zwgk node --test tests/e2e/bulletin_html.test.mjs
//
// Environment: ZWGK (the zwgk executable, or the first argument), CHROMIUM
// (default /usr/bin/chromium), ZWGK_SCREENSHOTS (a folder: write the
// documentation's screenshots bulletin-html-*.png there).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadPlaywright, run } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const SIZES = {
  desktop: { viewport: { width: 1366, height: 768 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const TITLE_LINES = ['临淄区2020年第三季度', '政务公开工作情况通报'];
// Words no line of the title or of a table header may split (a check that does not trust zwgk's own pieces).
const WORDS = ['临淄区', '2020年', '第三', '季度', '政务', '公开', '工作', '情况', '通报', '政府', '网站', '信息', '发布',
  '数量', '累计', '得分', '加分', '减分', '合计', '投稿', '件数', '采用', '序号', '单位', '部门', '街道', '统计'];

let browser = null;
let outDir = '';
let pageUrl = '';
let docxText = '';

before(async () => {
  const { chromium, missing } = await loadPlaywright();
  assert.ok(!missing, missing);
  const zwgk = path.resolve(process.env.ZWGK || process.argv[2] || '');
  assert.ok(fs.existsSync(zwgk), `set ZWGK to the zwgk executable (not found: ${zwgk})`);
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-bulletin-html-'));
  await run(zwgk, ['report', '--data', path.join(root, 'examples', 'linzi-2020q3'), '--out', outDir]);
  pageUrl = pathToFileURL(path.join(outDir, '通报.html')).href;
  const script = 'import sys; sys.path.insert(0, sys.argv[1]); from docx_text import text_without_space; ' +
    'print(text_without_space(sys.argv[2]))';
  docxText = (await run('python3', ['-c', script, path.join(root, 'tests', 'outputs'), path.join(outDir, '通报.docx')])).trim();
  assert.ok(docxText.length > 1000, `通报.docx's text: ${docxText.slice(0, 200)}`);
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close().catch(() => {});
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

async function open(size, media = 'screen') {
  const context = await browser.newContext({ ...SIZES[size], locale: 'zh-CN' });
  const page = await context.newPage();
  await page.emulateMedia({ media });
  await page.goto(pageUrl);
  return page;
}

// Per element of `selector`: its text, the offsets where the browser broke a line
// (a character lower than the one before), and where the page allows it (<wbr>, a new span.line).
function lineBreaks(page, selector) {
  return page.$$eval(selector, (elements) => elements.filter((e) => e.getBoundingClientRect().width > 1).map((e) => {
    let text = '';
    const allowed = new Set();
    const breaks = [];
    let lastTop = null;
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        for (let i = 0; i < node.data.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (lastTop !== null && rect.top > lastTop + rect.height / 2) breaks.push(text.length);
          lastTop = rect.top;
          text += node.data[i];
        }
        return;
      }
      if (node.nodeName === 'WBR' || (node.classList?.contains('line') && text)) allowed.add(text.length);
      node.childNodes.forEach(walk);
    };
    walk(e);
    return { text, breaks, allowed: [...allowed] };
  }));
}

function assertWordBreaks(items, what) {
  for (const { text, breaks, allowed } of items) {
    for (const at of breaks) {
      assert.ok(allowed.includes(at), `${what} ${JSON.stringify(text)} broken at ${at}, not between word pieces`);
      for (const word of WORDS) {
        for (let from = text.indexOf(word); from >= 0; from = text.indexOf(word, from + 1))
          assert.ok(!(from < at && at < from + word.length), `${what} ${JSON.stringify(text)}: “${word}” split`);
      }
    }
  }
}

async function assertFitsTheScreen(page, size) {
  const { scrollWidth, innerWidth, outside } = await page.evaluate(() => {
    const cells = [...document.querySelectorAll('tbody th, tbody td, thead th')]
      .filter((c) => c.closest('thead') === null || c.closest('thead').getBoundingClientRect().width > 1);
    const outside = cells.map((c) => [c.textContent, c.getBoundingClientRect()])
      .filter(([, r]) => r.left < -0.5 || r.right > window.innerWidth + 0.5).map(([t, r]) => `${t} ${r.left}–${r.right}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, outside };
  });
  assert.ok(scrollWidth <= innerWidth, `${size}: the page scrolls sideways (${scrollWidth} > ${innerWidth})`);
  assert.deepEqual(outside.slice(0, 5), [], `${size}: table cells outside the screen`);
}

async function visibleText(page) {
  return (await page.evaluate(() => document.body.innerText)).replace(/\s+/g, '');
}

for (const size of ['desktop', 'phone']) {
  test(`通报.html at the ${size} size: fits, words whole, the DOCX's text`, async () => {
    const page = await open(size);
    await assertFitsTheScreen(page, size);
    const title = await lineBreaks(page, 'h1');
    assert.equal(title.length, 1);
    const lines = [];
    for (let i = 0, from = 0; i <= title[0].breaks.length; i++) {
      const to = title[0].breaks[i] ?? title[0].text.length;
      lines.push(title[0].text.slice(from, to));
      from = to;
    }
    assert.deepEqual(lines, TITLE_LINES, `${size}: the title's lines`);
    assertWordBreaks(title, 'the title');
    assertWordBreaks(await lineBreaks(page, 'thead th, h2'), 'a heading');
    const text = await visibleText(page);
    assert.equal(text, docxText, `${size}: the page's text differs from 通报.docx's`);
    if (process.env.ZWGK_SCREENSHOTS) await screenshots(page, size);
    await page.context().close();
  });
}

test('通报.html on a phone: each row a card with its labels, nothing overlapping, 合计 in view', async () => {
  const page = await open('phone');
  const rows = await page.$$eval('table.cards tbody tr', (trs) => trs.map((tr) => {
    const cells = [...tr.children];
    const last = cells.at(-1);
    const boxes = cells.map((c) => [c.textContent, c.getBoundingClientRect()]);
    const overlaps = [];
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 1 && h > 1) overlaps.push(`${a} / ${b}`);
    }));
    const th = tr.querySelector('th');
    const name = document.createRange();
    name.selectNodeContents(th);
    return {
      overlaps,
      unitLines: name.getClientRects().length,
      display: getComputedStyle(tr).display,
      labels: cells.filter((c) => c.tagName === 'TD' && !c.classList.contains('lead'))
        .map((c) => [c.dataset.label, getComputedStyle(c, '::before').content]),
      lastRight: last.getBoundingClientRect().right,
      unitTop: tr.querySelector('th').getBoundingClientRect().top,
      rowTop: tr.getBoundingClientRect().top,
    };
  }));
  assert.ok(rows.length > 60, `${rows.length} rows`);
  for (const r of rows) {
    assert.notEqual(r.display, 'table-row');
    for (const [label, shown] of r.labels) assert.equal(shown, JSON.stringify(label));
    assert.ok(r.lastRight <= 390, `合计 at ${r.lastRight}`);
    assert.ok(r.unitTop - r.rowTop < 20, 'the unit heads its card');
    assert.deepEqual(r.overlaps, [], 'cells of a card overlap');
    assert.equal(r.unitLines, 1, 'the unit name on one line');
  }
  await page.context().close();
});

test('通报.html printed: the merged table, header rows repeating, attachments on new pages', async () => {
  const page = await open('phone', 'print');
  const style = await page.evaluate(() => ({
    row: getComputedStyle(document.querySelector('tbody tr')).display,
    head: getComputedStyle(document.querySelector('thead')).display,
    section: getComputedStyle(document.querySelector('section.attachment')).breakBefore,
  }));
  assert.deepEqual(style, { row: 'table-row', head: 'table-header-group', section: 'page' });
  await page.context().close();
});

test('通报.html at the desktop size: the signature as on paper (右空二字, the date two characters right)', async () => {
  const page = await open('desktop');
  const s = await page.evaluate(() => {
    const box = (q) => document.querySelector(q).getBoundingClientRect();
    const em = parseFloat(getComputedStyle(document.querySelector('.signature .issuer')).fontSize);
    const range = (q) => {
      const r = document.createRange();
      r.selectNodeContents(document.querySelector(q));
      return r.getBoundingClientRect();
    };
    return { em, right: box('article').right, issuer: range('.signature .issuer'), date: range('.signature .date') };
  });
  assert.ok(Math.abs(s.right - s.issuer.right - 2 * s.em) < 1.5, `issuer ends ${s.right - s.issuer.right}px from the right`);
  assert.ok(Math.abs(s.date.left - s.issuer.left - 2 * s.em) < 1.5, `date starts ${s.date.left - s.issuer.left}px right`);
  await page.context().close();
});

async function screenshots(page, size) {
  const dir = process.env.ZWGK_SCREENSHOTS;
  fs.mkdirSync(dir, { recursive: true });
  if (size === 'desktop') {
    await page.screenshot({ path: path.join(dir, 'bulletin-html-desktop.png') });
    await page.evaluate(() => document.querySelector('#attachment-1').closest('section').scrollIntoView());
    await page.screenshot({ path: path.join(dir, 'bulletin-html-desktop-table.png') });
    return;
  }
  await page.screenshot({ path: path.join(dir, 'bulletin-html-phone.png') });
  await page.evaluate(() => document.querySelector('#attachment-1').closest('section').scrollIntoView());
  await page.screenshot({ path: path.join(dir, 'bulletin-html-phone-table.png') });
}
