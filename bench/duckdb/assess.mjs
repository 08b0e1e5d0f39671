// The "assess" phase for one loaded quarter (the current schema): duplicate
// URL removal, counting, scoring with caps, quality gates and quotas,
// adoption bonuses, inspection findings and totals, all in SQL; then the
// ranking of every table (./rank.mjs). Points are BIGINT millionths.
import { InputError, exec, one } from './sql.mjs';
import { rankTables } from './rank.mjs';

const int = (v) => `${BigInt(v)}::BIGINT`;

/** Throws InputError if submissions, adoptions or findings repeat a key, as baseline_pandas.py does. */
async function checkDuplicates(conn) {
  const dup = (table, key) => `(SELECT count(*) FROM (SELECT 1 FROM ${table} GROUP BY ${key} HAVING count(*) > 1))`;
  const r = await one(conn, `SELECT ${dup('submissions', 'uid, title, received')} AS submissions,
    ${dup('adoptions', 'uid, level, title')} AS adoptions, ${dup('findings', 'uid, type, note')} AS findings`);
  for (const what of ['submissions', 'adoptions', 'findings']) {
    if (r[what] > 0n) throw new InputError(`duplicate ${what}`);
  }
}

/**
 * pub_counts(uid, mi, n): website items per unit and month, each (unit, URL)
 * counted once, in the month of its first row. Returns the number of rows
 * dropped as duplicates.
 */
async function countPublished(conn) {
  await exec(conn, `CREATE TABLE pub_counts AS
    WITH first_rows AS (SELECT uid, arg_min(mi, seq) AS mi FROM published GROUP BY uid, url)
    SELECT uid, mi, count(*) AS n FROM first_rows GROUP BY uid, mi`);
  const r = await one(conn, `SELECT (SELECT count(*) FROM published) - (SELECT coalesce(sum(n), 0) FROM pub_counts)
    AS duplicates`);
  return Number(r.duplicates);
}

/** The WHERE condition of a submission passing every quality gate. */
function qualityGate(scheme) {
  const gates = [`chars >= ${scheme.minCharacters}`, `pictures >= ${scheme.minPictures}`];
  if (scheme.requireOnTopic) gates.push('on_topic');
  return gates.join(' AND ');
}

/**
 * unit_months(uid, mi, publication_applies, published, valid, quota): one
 * row per unit and month of the quarter. quota is the submission quota in
 * force (NULL: none): the first tagged rule for one of the unit's tags,
 * else the first untagged rule; exempt units have none.
 */
async function unitMonths(conn, scheme) {
  await exec(conn, `CREATE TABLE unit_months AS
    WITH valid_subs AS (
      SELECT uid, mi, count(*) AS n FROM submissions WHERE ${qualityGate(scheme)} GROUP BY uid, mi),
    candidate AS (
      SELECT u.uid, q.pos, q.tag, q.lo, q.hi, q.quota FROM units u CROSS JOIN quota_rules q
      WHERE q.tag = '' AND NOT u.exempt
      UNION ALL
      SELECT u.uid, q.pos, q.tag, q.lo, q.hi, q.quota FROM units u JOIN unit_tags t ON t.uid = u.uid
      JOIN quota_rules q ON q.tag = t.tag WHERE NOT u.exempt),
    quota AS (
      SELECT c.uid, mo.j AS mi, arg_min(c.quota, (c.tag = '')::INTEGER * 1000000 + c.pos) AS quota
      FROM candidate c JOIN months mo ON mo.m BETWEEN c.lo AND c.hi GROUP BY c.uid, mo.j)
    SELECT u.uid, mo.j AS mi, mo.publication_applies, coalesce(p.n, 0) AS published,
           coalesce(s.n, 0) AS valid, q.quota
    FROM units u CROSS JOIN months mo
    LEFT JOIN pub_counts p ON p.uid = u.uid AND p.mi = mo.j
    LEFT JOIN valid_subs s ON s.uid = u.uid AND s.mi = mo.j
    LEFT JOIN quota q ON q.uid = u.uid AND q.mi = mo.j`);
}

/** SQL aggregates over unit_months: publication points and the quota deduction. */
function monthAggregates(scheme) {
  const items = `published * ${int(scheme.pointsPerItem)}`;
  const capped = scheme.monthlyCap === null ? items : `least(${items}, ${int(scheme.monthlyCap)})`;
  const short = 'quota IS NOT NULL AND valid < quota';
  const deduction = scheme.perItem
    ? `${int(scheme.penalty)} * sum(CASE WHEN ${short} THEN quota - valid ELSE 0 END)`
    : `${int(scheme.penalty)} * count(*) FILTER (WHERE ${short})`;
  return `sum(CASE WHEN publication_applies THEN ${capped} ELSE 0 END)::BIGINT AS publication,
    (${deduction})::BIGINT AS quota_deduction, bool_or(${short}) AS short_any`;
}

/**
 * result(uid, name, short, section, official_order, total, publication,
 * bonus, deduction, adoption_bonus, adoptions, published_total,
 * submissions, p1, p2, p3, has_deduction): one row per unit.
 */
async function unitResults(conn, scheme) {
  await exec(conn, `CREATE TABLE result AS
    WITH per_unit AS (
      SELECT uid, ${monthAggregates(scheme)},
        sum(published)::BIGINT AS published_total, sum(valid)::BIGINT AS submissions,
        sum(published) FILTER (WHERE mi = 0)::BIGINT AS p1, sum(published) FILTER (WHERE mi = 1)::BIGINT AS p2,
        sum(published) FILTER (WHERE mi = 2)::BIGINT AS p3
      FROM unit_months GROUP BY uid),
    adopted AS (
      SELECT a.uid, count(*) AS adoptions, sum(l.points)::BIGINT AS adoption_bonus,
        coalesce(sum(l.points) FILTER (WHERE l.quarterly), 0)::BIGINT AS bonus
      FROM adoptions a JOIN levels l ON l.level = a.level GROUP BY a.uid),
    found AS (
      SELECT f.uid, sum(t.points * f.quantity)::BIGINT AS deduction
      FROM findings f JOIN finding_types t ON t.type = f.type GROUP BY f.uid),
    parts AS (
      SELECT u.uid, u.name, u.short, u.section, u.official_order, p.publication,
        coalesce(a.bonus, 0) AS bonus, coalesce(f.deduction, 0) + p.quota_deduction AS deduction,
        coalesce(a.adoption_bonus, 0) AS adoption_bonus, coalesce(a.adoptions, 0) AS adoptions,
        p.published_total, p.submissions, p.p1, p.p2, p.p3,
        f.uid IS NOT NULL OR p.short_any AS has_deduction
      FROM units u JOIN per_unit p ON p.uid = u.uid
      LEFT JOIN adopted a ON a.uid = u.uid LEFT JOIN found f ON f.uid = u.uid)
    SELECT uid, name, short, section, official_order, publication + bonus - deduction AS total,
      publication, bonus, deduction, adoption_bonus, adoptions, published_total, submissions, p1, p2, p3,
      has_deduction
    FROM parts ORDER BY uid`);
}

/**
 * Assesses the quarter loaded by loadQuarter() (its schema is current):
 * creates result and ranks (see rank.mjs). Returns {duplicates, nameOrder}.
 */
export async function assessQuarter(ctx, collation) {
  const { conn, scheme } = ctx;
  await checkDuplicates(conn);
  const duplicates = await countPublished(conn);
  await unitMonths(conn, scheme);
  await unitResults(conn, scheme);
  const nameOrder = await rankTables(conn, scheme, collation);
  return { duplicates, nameOrder };
}

/**
 * Row counts and sums of an assessed quarter: units, input rows per kind,
 * table rows, and the sum of totals (BigInt millionths).
 */
export async function quarterStats(conn) {
  const count = (t) => `(SELECT count(*) FROM ${t})`;
  const r = await one(conn, `SELECT ${count('units')} AS units, ${count('published')} AS published_items,
    ${count('submissions')} AS submissions, ${count('adoptions')} AS adoptions, ${count('findings')} AS findings,
    ${count('ranks')} AS table_rows, (SELECT coalesce(sum(total), 0)::HUGEINT FROM result) AS total_sum`);
  const out = {};
  for (const [k, v] of Object.entries(r)) out[k] = k === 'total_sum' ? BigInt(v) : Number(v);
  return out;
}

/** Drops the quarter's input and intermediate tables, keeping units, result and ranks. */
export async function dropInputs(conn) {
  await exec(conn, `DROP TABLE published; DROP TABLE submissions; DROP TABLE adoptions; DROP TABLE findings;
    DROP TABLE spelling; DROP TABLE pub_counts; DROP TABLE unit_months;`);
}
