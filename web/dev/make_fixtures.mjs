// Builds the mock server's fixtures (web/dev/fixtures/) from the real example.
// Development only: never embedded in the server.
//
//   /work/main/build/dev/src/zwgk report --data examples/linzi-2020q3 --out /tmp/x
//   node web/dev/make_fixtures.mjs /tmp/x/考核结果.json examples/linzi-2020q3
//
// 2020Q3 is the real result. 2020Q1 and 2020Q2 are synthetic (deterministic
// perturbations of 2020Q3, re-ranked), so that trends and history have more
// than one point; 2020Q2 also carries a unit named like an XSS payload and
// some rejected submissions / per-item records. 2020Q4 has data errors
// (its ranking answers 422).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'fixtures');
const [resultPath = '/tmp/x/考核结果.json', dataDir = join(here, '../../examples/linzi-2020q3')] =
  process.argv.slice(2);

mkdirSync(out, { recursive: true });
// Small fixtures indented for reading; the big results one line per unit.
const write = (name, value) => {
  let text = JSON.stringify(value, null, 1);
  if (value.units && value.schema) {
    text = JSON.stringify({ ...value, units: undefined }, null, 1).replace(/\n}$/, '') +
      ',\n "units": [\n' + value.units.map((u) => '  ' + JSON.stringify(u)).join(',\n') + '\n ]\n}';
  }
  writeFileSync(join(out, name), text + '\n');
};

const q3 = JSON.parse(readFileSync(resultPath, 'utf8'));

// ---- registry from 单位名录.csv (simple CSV: no quoted fields in the example)
const split = (s) => s.split(/[、，,；;／/|\s]+/).filter(Boolean);
const lines = readFileSync(join(dataDir, '单位名录.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
const registry = lines.slice(1).map((line) => {
  const [seq, name, short, aliases, section, demo, exempt] = line.split(',');
  return {
    name, short_name: short || name, aliases: split(aliases || ''), section,
    tags: demo === '是' ? ['示范点'] : [], exemptions: split(exempt || ''),
    official_order: Number(seq),
  };
});
const xssName = '<script>alert(1)</script>';
registry.push({
  name: xssName, short_name: xssName, aliases: ['<img src=x onerror=alert(2)>'], section: '部门',
  tags: [], exemptions: [], official_order: 68,
});
write('registry.json', { units: registry });

// ---- scheme (hand-copied from 考核方案.toml; points as strings)
write('scheme.json', {
  name: q3.scheme.name, district: q3.scheme.district, issuer: q3.scheme.issuer,
  sections: [{ code: '部门', title: '各部门' }, { code: '镇街', title: '各镇、街道' }],
  findings: [
    { code: '目录未上传', reason: '公开事项标准目录未上传', points: '5' },
    { code: '目录位置错误', reason: '公开事项标准目录上传位置错误', points: '0.5' },
    { code: '表格混乱', reason: '内容表格混乱', points: '0.5' },
    { code: '公开主体缺失', reason: '公开事项标准目录中每条信息的公开主体缺失', points: '1' },
  ],
  adoption_levels: [
    { code: '市级', points: '1', accrual: 'year' },
    { code: '省级', points: '2', accrual: 'year' },
  ],
  publication: { points_per_item: '0.5', monthly_cap: '5' },
});

// ---- synthetic periods
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function synth(id, name, months, deductionRate) {
  const r = structuredClone(q3);
  r.period = { id, name, months };
  r.mock_rerank = true; // tells the mock server to rank it
  for (const u of r.units) {
    let pub = 0;
    u.months = u.months.map((m, i) => {
      const published = Math.max(0, Math.round(m.published * (0.4 + rand())) - (rand() < 0.15 ? 8 : 0));
      const pts = Math.min(5, published * 0.5);
      pub += pts;
      return { ...m, month: months[i], published, publication_points: String(pts) };
    });
    u.publication = String(pub);
    u.deductions = rand() < deductionRate
      ? [{ kind: 'quota', reason: `${Number(months[2].slice(5))}月份未投稿`, points: '1', months: [months[2]] }]
      : [];
    u.deduction = u.deductions.length ? '1' : '0';
    u.deduction_text = u.deductions.length ? `${u.deductions[0].reason}，共减1分。` : '';
    u.total = String(pub + Number(u.bonus) - Number(u.deduction));
  }
  return r;
}

const q2 = synth('2020Q2', '2020年第二季度', ['2020-04', '2020-05', '2020-06'], 0.3);
const q1 = synth('2020Q1', '2020年第一季度', ['2020-01', '2020-02', '2020-03'], 0.5);

// 2020Q2 extras: an XSS-named unit, rejected submissions and per-item records.
const template = q2.units.find((u) => u.name === '区商务局');
q2.units.push({ ...structuredClone(template), name: xssName, short_name: xssName, official_order: 68 });
template.rejected_submissions = [
  { title: '区商务局召开外贸企业座谈会', month: '2020-05', reason: '字数300少于400字；没有图片',
    source: { file: '2020Q2/投稿.csv', line: 14 } },
  { title: '<b>商务局</b>工作动态', month: '2020-06', reason: '内容与政务公开工作无关',
    source: { file: '2020Q2/投稿.csv', line: 27 } },
];
template.months[1].rejected_submissions = 1;
template.months[2].rejected_submissions = 1;
template.submission_records = [
  { title: '区商务局政务公开专栏改版上线', month: '2020-05', source: { file: '2020Q2/投稿.csv', line: 9 } },
  { title: '区商务局推进政务公开标准化规范化', month: '2020-06', source: { file: '2020Q2/投稿.csv', line: 22 } },
];
template.adoption_records = [
  { title: '临淄区商务局：公开助企政策', month: '2020-06', source: { file: '2020Q2/采用.csv', line: 5 } },
];

write('result-2020Q1.json', q1);
write('result-2020Q2.json', q2);
write('result-2020Q3.json', q3);

write('periods.json', {
  periods: [
    { id: '2020Q1', name: '2020年第一季度', months: ['2020-01', '2020-02', '2020-03'] },
    { id: '2020Q2', name: '2020年第二季度', months: ['2020-04', '2020-05', '2020-06'] },
    { id: '2020Q3', name: '2020年第三季度', months: ['2020-07', '2020-08', '2020-09'] },
    { id: '2020Q4', name: '2020年第四季度', months: ['2020-10', '2020-11', '2020-12'] },
  ],
  latest: '2020Q3',
});

const problem = (line, column, column_name, message) => ({
  severity: 'error', file: '2020Q4/网站发布.csv', sheet: '', line, column, column_name, message,
  text: `错误：读取“2020Q4/网站发布.csv” 第${line}行第${column}列（${column_name}）时：${message}`,
});
write('problems-2020Q4.json', {
  error: '2020年第四季度的数据有误，无法计算得分',
  problems: [
    problem(5, 1, '单位', '未知单位“区商务厅”（本文件共1行）；是否指：区商务局？'),
    problem(9, 3, '11月', '“12.5”不是非负整数'),
    problem(17, 1, '单位', '未知单位“<script>alert(3)</script>”（本文件共1行）'),
  ],
});

// ---- users, audit log, file versions
write('users.json', {
  users: [
    { name: 'admin', password: 'admin123', role: 'admin', unit: '' },
    { name: 'shangwu', password: 'unit123', role: 'unit', unit: '区商务局' },
    { name: 'lingdao', password: 'viewer123', role: 'viewer', unit: '' },
  ],
});

const t0 = Date.UTC(2020, 9, 10, 1, 30) / 1000; // 2020-10-10 09:30 Beijing
const actions = [
  ['登录', '', ''], ['上传文件', '2020Q3/网站发布.csv', '67行'], ['上传文件', '2020Q3/投稿.csv', '28行'],
  ['录入检查问题', '2020Q3/检查-在线录入.csv', '区商务局：表格混乱×1'], ['登录失败', 'shangwu', '密码错误'],
  ['生成通报', '2020Q3/通报.docx', ''], ['修改单位名录', '区文化和旅游局', '简称：区文旅局'],
];
const audit = [];
for (let i = 0; i < 137; i++) {
  const [action, target, detail] = actions[i % actions.length];
  audit.push({ id: i + 1, at: t0 + i * 3571, user: i % 5 === 4 ? 'shangwu' : 'admin', action, target,
    detail: i === 20 ? '<img src=x onerror=alert(4)>' : detail });
}
write('audit.json', { entries: audit });

const hex = (n) => Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(n * 7 + i * 13) % 16]).join('');
let vid = 1;
const files = {};
for (const p of ['2020Q1', '2020Q2', '2020Q3']) {
  files[p] = ['网站发布.csv', '投稿.csv', '采用.csv', '检查.csv', '通报模板.txt'].map((f, k) => {
    const versions = [];
    for (let v = 0; v < (k === 0 ? 3 : 1); v++) {
      versions.unshift({ id: vid, sha256: hex(vid), size: 1800 + vid * 37, saved_by: 'admin',
        saved_at: t0 - 86400 * (30 - vid) });
      vid++;
    }
    return { path: `${p}/${f}`, size: versions[0].size, versions };
  });
}
files['2020Q4'] = [{ path: '2020Q4/网站发布.csv', size: 2100,
  versions: [{ id: vid, sha256: hex(vid), size: 2100, saved_by: 'admin', saved_at: t0 + 86400 * 60 }] }];
write('files.json', files);

console.log('fixtures written to', out);
