// The scheme (考核方案.toml) as the baseline needs it: the same fields as
// load_scheme() in bench/baseline_pandas.py, points as exact BigInt
// millionths, and its list-like parts as small DuckDB tables.
import fs from 'node:fs';
import { parse } from 'smol-toml';
import { InputError, exec, valuesTable } from './sql.mjs';

export const SCALE = 1_000_000n;
const FAR = 10 ** 9;

/**
 * Exact millionths of a TOML number (as Python's Decimal(str(value)) * 10^6);
 * throws InputError when it has more than six fractional digits.
 */
export function millionths(value) {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/u.exec(String(value));
  if (!m) throw new InputError(`not a number: ${value}`);
  const [, sign, whole, frac = '', exp = '0'] = m;
  let digits = BigInt(whole + frac);
  const shift = Number(exp) - frac.length + 6;
  if (shift >= 0) digits *= 10n ** BigInt(shift);
  else {
    const unit = 10n ** BigInt(-shift);
    if (digits % unit !== 0n) throw new InputError(`more than six fractional digits: ${value}`);
    digits /= unit;
  }
  return sign === '-' ? -digits : digits;
}

/** Like zwgk's Decimal::to_string: the shortest exact form of `units` millionths. */
export function formatPoints(units) {
  const v = BigInt(units);
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  const whole = abs / SCALE, frac = abs % SCALE;
  if (frac === 0n) return `${sign}${whole}`;
  return `${sign}${whole}.${frac.toString().padStart(6, '0').replace(/0+$/u, '')}`;
}

/** Month index (year * 12 + month - 1) of "2020-07". */
export function monthIndex(text) {
  const [y, m] = String(text).split('-');
  return Number(y) * 12 + Number(m) - 1;
}

function monthRange(d) {
  return [d.from !== undefined ? monthIndex(d.from) : -FAR, d.to !== undefined ? monthIndex(d.to) : FAR];
}

/** Parses an order key "total desc" into {field, desc}. */
function orderKey(text) {
  const space = text.indexOf(' ');
  const field = space < 0 ? text : text.slice(0, space);
  return { field, desc: space >= 0 && text.slice(space + 1) === 'desc' };
}

/** Reads the scheme file; the result mirrors baseline_pandas.py's load_scheme(). */
export function loadScheme(file) {
  const t = parse(fs.readFileSync(file, 'utf8'));
  const pub = t.publication;
  const sub = t.submission ?? {};
  return {
    collation: t.collation ?? {},
    pointsPerItem: millionths(pub.points_per_item),
    monthlyCap: pub.monthly_cap !== undefined ? millionths(pub.monthly_cap) : null,
    publicationMonths: monthRange(pub),
    quotas: (sub.quota ?? []).map((q) => ({ tag: q.tag ?? '', range: monthRange(q), count: Number(q.count) })),
    penalty: millionths(sub.penalty ?? 0),
    perItem: (sub.basis ?? 'month') === 'item',
    minCharacters: Number(sub.min_characters ?? 0),
    minPictures: Number(sub.min_pictures ?? 0),
    requireOnTopic: Boolean(sub.require_on_topic ?? false),
    exemption: sub.exemption ?? '投稿',
    levels: (t.adoption?.levels ?? []).map((l) => ({ code: l.code, points: millionths(l.points),
      accrual: l.accrual ?? 'year' })),
    findings: (t.findings ?? []).map((f) => ({ code: f.code, reason: f.reason, points: millionths(f.points) })),
    tables: t.tables.map((tab) => ({ id: tab.id, kind: tab.kind, sections: tab.sections,
      names: tab.names ?? 'short', order: (tab.order ?? []).map(orderKey) })),
  };
}

/**
 * Creates the scheme's tables in the current schema for the quarter whose
 * first month index is `first`:
 *   months(j, m, publication_applies)   j = 0..2, m = month index
 *   quota_rules(pos, tag, lo, hi, quota) in scheme order, tag '' = untagged
 *   levels(level, points, quarterly)     level = index in the scheme
 *   finding_types(type, points)          type = index in the scheme
 */
export async function createSchemeTables(conn, scheme, first) {
  const [plo, phi] = scheme.publicationMonths;
  const months = [0, 1, 2].map((j) => [j, first + j, plo <= first + j && first + j <= phi]);
  const quotas = scheme.quotas.map((q, i) => [i, q.tag, q.range[0], q.range[1], q.count]);
  const levels = scheme.levels.map((l, i) => [i, l.points, l.accrual === 'quarter']);
  const types = scheme.findings.map((f, i) => [i, f.points]);
  await exec(conn, `
    CREATE TABLE months AS FROM ${valuesTable([['j', 'INTEGER'], ['m', 'INTEGER'], ['publication_applies', 'BOOLEAN']], months)};
    CREATE TABLE quota_rules AS FROM ${valuesTable([['pos', 'INTEGER'], ['tag', 'VARCHAR'], ['lo', 'INTEGER'],
      ['hi', 'INTEGER'], ['quota', 'BIGINT']], quotas)};
    CREATE TABLE levels AS FROM ${valuesTable([['level', 'INTEGER'], ['points', 'BIGINT'], ['quarterly', 'BOOLEAN']], levels)};
    CREATE TABLE finding_types AS FROM ${valuesTable([['type', 'INTEGER'], ['points', 'BIGINT']], types)};`);
}
