// Ranking every table of the scheme, as baseline_pandas.py's rank_tables():
// rows sorted by the table's order keys (then uid), seq = position, rank =
// competition rank on the first key, and [lo, hi] = the positions of the
// block of rows tied on every key before the name key. Names sort with
// DuckDB's ICU collation (COLLATE zh) when it is available, else by bytes.
import { exec, lit, one, rows } from './sql.mjs';

// Order-key fields and the result column they sort by.
const FIELDS = {
  total: 'total', publication: 'publication', bonus: 'bonus', deduction: 'deduction',
  adoption_bonus: 'adoption_bonus', adoptions: 'adoptions', published_total: 'published_total',
  submissions: 'submissions', official_order: 'official_order', section: 'section_pos', name: 'display',
  'published:1': 'p1', 'published:2': 'p2', 'published:3': 'p3',
};

/**
 * The DuckDB collation for the scheme's locale ('zh' by default) if the
 * ICU extension provides it (it is built into @duckdb/node-bindings), else
 * null: names then sort by their UTF-8 bytes, DuckDB's default.
 */
export async function findCollation(conn, scheme) {
  const locale = String(scheme.collation.locale ?? 'zh').toLowerCase().replaceAll('-', '_');
  try {
    const r = await one(conn, `SELECT count(*) AS n FROM pragma_collations() WHERE collname = ${lit(locale)}`);
    return r.n > 0n ? locale : null;
  } catch {
    return null;
  }
}

/**
 * The strings an ICU tailoring rule set ("&杭<行政") gives new weights to,
 * or null for rule syntax this does not analyse. Names that contain none of
 * them sort the same with and without the tailoring.
 */
export function tailoredStrings(rules) {
  const text = String(rules ?? '').replace(/\s+/gu, '');
  if (text === '') return [];
  if (/[[\]'\\/|@!#*]/u.test(text)) return null;
  const parts = text.split(/(&|<{1,4}|=|,|;)/u).filter((p) => p !== '');
  const out = [];
  for (let i = 0; i + 1 < parts.length; i++) {
    if (/^(<{1,4}|=|,|;)$/u.test(parts[i])) out.push(parts[i + 1]);
  }
  return out;
}

/**
 * How names were ordered: 'icu' (exactly the scheme's collation: DuckDB
 * cannot apply a tailoring, but no name that a table sorts contains a
 * tailored string),
 * 'icu-untailored' (some name does, so the order inside tied blocks may
 * differ from zwgk's), or 'bytes' (no ICU collation).
 */
async function nameOrder(conn, scheme, collation) {
  if (!collation) return 'bytes';
  const tailored = tailoredStrings(scheme.collation.tailoring);
  if (tailored === null) return 'icu-untailored';
  if (tailored.length === 0) return 'icu';
  const hit = tailored.map((s) => `contains(display, ${lit(s)})`).join(' OR ');
  for (const spec of scheme.tables.filter((t) => t.order.some((k) => k.field === 'name'))) {
    const r = await one(conn, `SELECT count(*) FILTER (WHERE ${hit}) AS n FROM (${tableRows(spec)})`);
    if (r.n > 0n) return 'icu-untailored';
  }
  return 'icu';
}

/** The SQL sort expression of an order key. */
function sortKey({ field, desc }, collation) {
  const column = FIELDS[field];
  if (!column) throw new Error(`unknown order key ${field}`);
  const collate = field === 'name' && collation ? ` COLLATE ${collation}` : '';
  return `${column}${collate}${desc ? ' DESC' : ''}`;
}

/** The rows a table lists, with section_pos and the display name. */
function tableRows(spec) {
  const sections = `[${spec.sections.map(lit).join(', ')}]`;
  const display = spec.names === 'official' ? 'name' : "CASE WHEN short <> '' THEN short ELSE name END";
  const filters = [`list_contains(${sections}, section)`];
  if (spec.kind === 'submissions') filters.push('(submissions > 0 OR adoptions > 0)');
  if (spec.kind === 'deductions') filters.push('has_deduction');
  return `SELECT *, list_position(${sections}, section) - 1 AS section_pos, ${display} AS display
    FROM result WHERE ${filters.join(' AND ')}`;
}

/** The SELECT giving (table_id, uid, seq, rank, lo, hi) for one table of the scheme. */
function rankTable(spec, collation) {
  const keys = spec.order.map((k) => sortKey(k, collation));
  const seqOrder = [...keys, 'uid'].join(', ');
  const rank = keys.length ? `rank() OVER (ORDER BY ${keys[0]})` : 'seq';
  const nameAt = spec.order.findIndex((k) => k.field === 'name');
  let lo = 'seq', hi = 'seq';
  if (nameAt === 0) [lo, hi] = ['1', 'count(*) OVER ()'];
  if (nameAt > 0) {
    const block = spec.order.slice(0, nameAt).map((k) => FIELDS[k.field]).join(', ');
    [lo, hi] = [`min(seq) OVER (PARTITION BY ${block})`, `max(seq) OVER (PARTITION BY ${block})`];
  }
  return `SELECT ${lit(spec.id)} AS table_id, uid, seq, ${rank} AS rank, ${lo} AS lo, ${hi} AS hi
    FROM (SELECT *, row_number() OVER (ORDER BY ${seqOrder}) AS seq FROM (${tableRows(spec)}))`;
}

/**
 * Creates ranks(table_id, uid, seq, rank, lo, hi) from result, for every
 * table of the scheme; returns the name order used (see nameOrder()).
 */
export async function rankTables(conn, scheme, collation) {
  const order = await nameOrder(conn, scheme, collation);
  const parts = scheme.tables.map((spec) => rankTable(spec, collation));
  await exec(conn, `CREATE TABLE ranks AS ${parts.join('\nUNION ALL\n')}`);
  return order;
}

/** The ranks of a quarter as Map(table_id -> Map(uid -> {seq, rank, lo, hi})). */
export async function readRanks(conn, schema) {
  const out = new Map();
  const r = await rows(conn, `SELECT table_id, uid, seq, rank, lo, hi FROM "${schema}".ranks`);
  for (const { table_id: id, uid, ...place } of r) {
    if (!out.has(id)) out.set(id, new Map());
    out.get(id).set(uid, Object.fromEntries(Object.entries(place).map(([k, v]) => [k, Number(v)])));
  }
  return out;
}
