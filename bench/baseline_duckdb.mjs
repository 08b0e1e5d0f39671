#!/usr/bin/env node
// The DuckDB baseline of the province benchmark (bench/run.sh).
//
//   node bench/baseline_duckdb.mjs DATA_DIR --threads N [--totals-dir DIR]
//
// Does what zwgk_bench_assess and bench/baseline_pandas.py do, in DuckDB
// (@duckdb/node-api, in-process, N worker threads), on the same data
// directory: for every quarter folder it reads the scheme, the unit registry
// and the quarter's CSV files (read_csv with explicit column types), resolves
// unit names (official, short, alias; then the folded spelling, in JS since
// DuckDB has no NFKC), and then in SQL drops duplicate URLs, counts website
// items per unit and month, scores min(cap, points x count) per month,
// applies the submission quality gates and quotas, adds adoption bonuses,
// deducts inspection findings, totals, and ranks every table of the scheme
// with window functions. The computation and its phases ("load", "assess")
// are those of baseline_pandas.py, whose docstring defines them; points are
// exact BIGINT millionths. Names sort with COLLATE zh (DuckDB's built-in ICU
// extension) when available, else by bytes; the "name_order" field says
// which (see duckdb/rank.mjs).
//
// Prints a plain-text table and, as its last line, one JSON object with the
// fields of baseline_pandas.py's (tool "duckdb", plus "threads"). CPU time is
// the process's user + system time, so it includes DuckDB's worker threads;
// peak RSS is the process's. With --totals-dir, writes totals-<period>.csv
// and meta.json like baseline_pandas.py, after the timed part.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadQuarter } from './duckdb/load.mjs';
import { assessQuarter, dropInputs, quarterStats } from './duckdb/assess.mjs';
import { findCollation } from './duckdb/rank.mjs';
import { formatPoints } from './duckdb/scheme.mjs';
import { InputError, one } from './duckdb/sql.mjs';
import { printSummary, round4, writeTotals } from './duckdb/output.mjs';

const ORDER_QUALITY = ['icu', 'icu-untailored', 'bytes'];

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { threads: { type: 'string' }, 'totals-dir': { type: 'string' } },
  });
  const threads = Number(values.threads);
  if (positionals.length !== 1 || !Number.isInteger(threads) || threads < 1) {
    console.error('usage: node bench/baseline_duckdb.mjs DATA_DIR --threads N [--totals-dir DIR]');
    process.exit(2);
  }
  return { dataDir: positionals[0], threads, totalsDir: values['totals-dir'] };
}

/** Quarter folders of the data directory, sorted: [{year, quarter, entry}]. */
function listPeriods(dataDir) {
  return fs.readdirSync(dataDir).sort().flatMap((entry) => {
    const m = /^(\d{4})Q([1-4])$/u.exec(entry);
    if (!m || !fs.statSync(path.join(dataDir, entry)).isDirectory()) return [];
    return [{ year: Number(m[1]), quarter: Number(m[2]), entry }];
  });
}

/** Loads and assesses one quarter; returns its JSON record and what --totals-dir needs. */
async function runQuarter(conn, dataDir, { year, quarter, entry }) {
  const t0 = performance.now();
  const ctx = await loadQuarter(conn, dataDir, entry, year, quarter);
  const collation = await findCollation(conn, ctx.scheme);
  const t1 = performance.now();
  const { duplicates, nameOrder } = await assessQuarter(ctx, collation);
  const t2 = performance.now();
  const s = await quarterStats(conn);
  await dropInputs(conn);
  const run = { period: entry, load_s: round4((t1 - t0) / 1e3), assess_s: round4((t2 - t1) / 1e3),
    units: s.units, published_items: s.published_items, submissions: s.submissions, adoptions: s.adoptions,
    findings: s.findings, duplicate_urls: duplicates, table_rows: s.table_rows,
    total_sum: formatPoints(s.total_sum) };
  return { run, nameOrder, kept: { entry, schema: ctx.schema, tableIds: ctx.scheme.tables.map((t) => t.id) } };
}

async function main() {
  const start = performance.now();
  const opts = options();
  const periods = listPeriods(opts.dataDir);
  if (!periods.length) throw new InputError(`no quarter folders in ${opts.dataDir}`);
  const instance = await DuckDBInstance.create(':memory:', { threads: String(opts.threads) });
  const conn = await instance.connect();
  const version = (await one(conn, 'SELECT library_version AS v FROM pragma_version()')).v.replace(/^v/u, '');

  const runs = [], kept = [];
  let nameOrder = 'icu';
  for (const period of periods) {
    const q = await runQuarter(conn, opts.dataDir, period);
    runs.push(q.run);
    kept.push(q.kept);
    if (ORDER_QUALITY.indexOf(q.nameOrder) > ORDER_QUALITY.indexOf(nameOrder)) nameOrder = q.nameOrder;
  }
  const wall = (performance.now() - start) / 1e3;
  const usage = process.cpuUsage();
  const cpu = (usage.user + usage.system) / 1e6;
  const rssKb = process.resourceUsage().maxRSS;

  if (opts.totalsDir) await writeTotals(conn, opts.totalsDir, kept, nameOrder);
  const load = runs.reduce((a, r) => a + r.load_s, 0), assess = runs.reduce((a, r) => a + r.assess_s, 0);
  printSummary(`baseline_duckdb ${opts.dataDir} (DuckDB ${version}, ${opts.threads} thread` +
    `${opts.threads > 1 ? 's' : ''}, name order: ${nameOrder})`, runs, { load, assess, wall, cpu, rssKb });
  console.log(JSON.stringify({ tool: 'duckdb', duckdb: version, threads: opts.threads, name_order: nameOrder,
    quarters: runs, load_s: round4(load), assess_s: round4(assess), wall_s: round4(wall), cpu_s: round4(cpu),
    peak_rss_kb: rssKb }));
}

main().catch((e) => {
  console.error(`baseline_duckdb: ${e instanceof InputError ? e.message : e.stack ?? e}`);
  process.exit(1);
});
