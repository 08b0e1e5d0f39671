#!/usr/bin/python3
"""Writes docs/benchmarks.md from a bench/run.sh run.

    summarize.py RESULTS_DIR DATA_DIR OUTPUT_MD

RESULTS_DIR holds zwgk-N.json, pandas-N.json (absent with
ZWGK_BENCH_PANDAS=0), duckdb1-N.json and duckdb2-N.json (the JSON line of
each repetition), compare-PEER-PERIOD.json (bench/compare_totals.py, PEER
being pandas, duckdb1 or duckdb2) and machine.json.
"""
import glob
import json
import os
import statistics
import sys
import tomllib

from doc_section import replace_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Issue 19's targets (issue 7's were 3 s, 10× pandas and 2 GB).
TARGET_SECONDS = 1.5
TARGET_CPU_SPEEDUP = 3.0  # over DuckDB, in CPU time, with 1 and with 2 threads
TARGET_RSS_MIB = 256.0
PEERS = ("pandas", "duckdb1", "duckdb2")  # the baselines, in the document's order


def load_runs(results, tool):
    runs = []
    for path in sorted(glob.glob(os.path.join(results, f"{tool}-[0-9]*.json")),
                       key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0])):
        with open(path) as f:
            runs.append(json.load(f))
    return runs


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def mib(kb):
    return kb / 1024.0


def fmt_size(n):
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


def label(tool, runs, short=False):
    """How the document names a tool (short: without versions and script)."""
    first = runs[0] if runs else {}
    if tool == "zwgk":
        return "zwgk" if short else "zwgk (`zwgk_bench_assess`)"
    if tool == "pandas":
        return "pandas" if short else f"pandas {first.get('pandas', '')} (`baseline_pandas.py`)"
    threads = int(tool[len("duckdb"):])
    plural = "thread" if threads == 1 else "threads"
    if short or threads != 1:
        return f"DuckDB, {threads} {plural}"
    return f"DuckDB {first.get('duckdb', '')}, 1 thread (`baseline_duckdb.mjs`)"


def load_compares(results):
    """{peer: [compare_totals.py JSON per period]}."""
    out = {}
    for peer in PEERS:
        for path in sorted(glob.glob(os.path.join(results, f"compare-{peer}-*.json"))):
            with open(path) as f:
                out.setdefault(peer, []).append(json.load(f))
    return out


def scheme_tailoring(data_dir):
    try:
        with open(os.path.join(data_dir, "考核方案.toml"), "rb") as f:
            return tomllib.load(f).get("collation", {}).get("tailoring", "")
    except (OSError, tomllib.TOMLDecodeError):
        return ""


def read_generated(data_dir):
    generated = {}
    gen_path = os.path.join(data_dir, ".generated")
    if os.path.exists(gen_path):
        with open(gen_path) as f:
            for item in f.read().split():
                k, _, v = item.partition("=")
                generated[k] = v
    return generated


def main_table(add, runs):
    z = runs["zwgk"]
    add("| | wall time | of which import | of which assess | CPU time | peak RSS |")
    add("|---|---:|---:|---:|---:|---:|")
    for tool, rs in runs.items():
        add(f"| {label(tool, rs)} | {median(rs, 'wall_s'):.2f} s | {median(rs, 'load_s'):.2f} s | "
            f"{median(rs, 'assess_s'):.2f} s | {median(rs, 'cpu_s'):.2f} s | {mib(median(rs, 'peak_rss_kb')):.0f} MiB |")
    add("")
    add("zwgk's speed-up over each baseline (the baseline's median time ÷ zwgk's; for memory, the baseline's "
        "peak RSS ÷ zwgk's):")
    add("")
    add("| zwgk against | wall time | CPU time | import | assess | peak RSS |")
    add("|---|---:|---:|---:|---:|---:|")

    def ratio(rs, key):
        return median(rs, key) / max(median(z, key), 1e-9)

    for tool, rs in runs.items():
        if tool != "zwgk":
            add(f"| {label(tool, rs, short=True)} | **{ratio(rs, 'wall_s'):.1f}×** | **{ratio(rs, 'cpu_s'):.1f}×** | "
                f"{ratio(rs, 'load_s'):.1f}× | {ratio(rs, 'assess_s'):.1f}× | {ratio(rs, 'peak_rss_kb'):.2f} |")


def targets(add, runs):
    z = runs["zwgk"]
    zw, zc, zr = median(z, "wall_s"), median(z, "cpu_s"), mib(median(z, "peak_rss_kb"))

    def yes(ok):
        return "yes" if ok else "**no**"

    add("Targets of the issue (19) on this machine:")
    add("")
    add("| target | measured | met |")
    add("|---|---:|:---:|")
    add(f"| zwgk under {TARGET_SECONDS} s wall time | {zw:.2f} s | {yes(zw < TARGET_SECONDS)} |")
    for tool, what in (("duckdb1", "DuckDB, 1 thread"), ("duckdb2", "DuckDB, 2 threads")):
        peer = runs.get(tool)
        if not peer:
            add(f"| at least {TARGET_CPU_SPEEDUP:.0f}× less CPU time than {what} | not measured | – |")
            continue
        speedup = median(peer, "cpu_s") / zc if zc > 0 else float("inf")
        add(f"| at least {TARGET_CPU_SPEEDUP:.0f}× less CPU time than {what} | {speedup:.1f}× | "
            f"{yes(speedup >= TARGET_CPU_SPEEDUP)} |")
    add(f"| zwgk under {TARGET_RSS_MIB:.0f} MB peak memory | {zr:.0f} MiB | {yes(zr < TARGET_RSS_MIB)} |")


def order_text(c, name_order):
    if c["seq_compared"] == "exact":
        return "row order identical"
    why = {"bytes": "the baseline sorted names by their UTF-8 bytes",
           "icu-untailored": "the baseline could not apply the scheme's collation tailoring"}
    return (f"row order consistent up to the order of names within tied blocks "
            f"({why.get(name_order, f'name order {name_order}')})")


def compare_line(c, who, name_order):
    return (f"- {c['period']}, {who}: per-unit totals of `zwgk report` (`units[].total` of 考核结果.json) and "
            f"of the baseline are {'**equal**' if c['totals_equal'] else '**different**'} for all "
            f"{c['units']} units (sum of totals {c['total_sum']}); so are 累计得分, 加分, 减分 and the "
            f"adoption bonus. Table membership and ranks in all four tables ({c['table_rows']} rows): "
            f"{'equal' if c['ranks_equal'] else 'different'}; {order_text(c, name_order)}"
            f"{'' if c['seq_equal'] else ' — **differs**'}.")


def same_results(add, runs, compares, tailoring):
    add("### Same results")
    add("")
    if not compares:
        add("- not checked in this run")
        return
    name_order = {peer: runs[peer][0].get("name_order", "?") for peer in compares if runs.get(peer)}
    duckdb = [peer for peer in PEERS if peer.startswith("duckdb") and peer in compares]
    # The DuckDB runs with different thread counts share a line when their checks agree.
    merge = len(duckdb) > 1 and all(compares[peer] == compares[duckdb[0]] for peer in duckdb) and \
        len({name_order.get(peer) for peer in duckdb}) == 1
    for c in compares.get("pandas", []):
        add(compare_line(c, "pandas", name_order.get("pandas")))
    if merge:
        threads = " and ".join(peer[len("duckdb"):] for peer in duckdb)
        for c in compares[duckdb[0]]:
            add(compare_line(c, f"DuckDB ({threads} threads)", name_order.get(duckdb[0])))
    else:
        for peer in duckdb:
            for c in compares[peer]:
                add(compare_line(c, label(peer, runs.get(peer), short=True), name_order.get(peer)))
    if duckdb:
        add("")
        add(duckdb_collation_note(name_order.get(duckdb[0], "?"), tailoring))


def duckdb_collation_note(name_order, tailoring):
    if name_order == "bytes":
        return ("The DuckDB baseline found no ICU collation and sorted names by their UTF-8 bytes, so only the "
                "order within tied blocks could differ.")
    text = ("The DuckDB baseline sorts names with `COLLATE zh` (DuckDB's ICU extension, built into the npm "
            "package's native library and available offline)")
    if not tailoring:
        return text + "."
    text += f", which cannot apply the scheme's collation tailoring (`{tailoring}`); "
    if name_order == "icu":
        return text + "no name that a table sorts contains a tailored string, so its order is exact."
    return text + "some names that a table sorts are affected, so only the order within tied blocks is compared."


def data_set(add, data_dir, generated, z):
    add("### Data set")
    add("")
    q0 = z[0]["quarters"]
    items = sum(q["published_items"] for q in q0)
    subs = sum(q["submissions"] for q in q0)
    add(f"Generated by `zwgk_gen_province --scale {generated.get('scale', '?')} --seed {generated.get('seed', '?')}`"
        f" into `{os.path.relpath(os.path.abspath(data_dir), ROOT)}` "
        f"({fmt_size(int(generated['bytes'])) if 'bytes' in generated else '?'} of CSV):")
    add("")
    add(f"- {q0[0]['units']:,} units ({generated.get('towns', '?')} towns/streets, the rest departments), "
        f"{generated.get('demo', '?')} of them 示范点, {generated.get('exempt', '?')} exempt from 投稿; names "
        "given as official name, short name or alias (and a few with a stray space)")
    add(f"- {items:,} website items (one row per item, unique URLs, unsorted, units log-normally skewed), "
        f"{subs:,} submissions (about 17% fail a quality gate), "
        f"{sum(q['adoptions'] for q in q0):,} adoptions, {sum(q['findings'] for q in q0):,} inspection findings")
    add("- the scheme follows examples/linzi-2020q3/考核方案.toml, with quotas for every month of 2020 and both "
        "adoption levels entering the quarter's total")
    add("")
    add("Per quarter (zwgk, median run):")
    add("")
    add("| quarter | items | submissions | import | assess | sum of totals |")
    add("|---|---:|---:|---:|---:|---:|")
    mid = sorted(z, key=lambda r: r["wall_s"])[len(z) // 2]
    for q in mid["quarters"]:
        add(f"| {q['period']} | {q['published_items']:,} | {q['submissions']:,} | {q['load_s']:.2f} s | "
            f"{q['assess_s']:.3f} s | {q['total_sum']} |")


def repetitions(add, runs):
    add("All repetitions, in the order they ran within each repetition (wall s / CPU s / peak RSS MiB, "
        "and how idle the CPUs were just before):")
    add("")
    tools = list(runs)
    add("| run | " + " | ".join(label(t, runs[t], short=True) for t in tools) + " |")
    add("|---|" + "---:|" * len(tools))
    for i in range(len(runs["zwgk"])):
        cells = []
        for t in tools:
            r = runs[t][i] if i < len(runs[t]) else None
            cells.append("–" if r is None else f"{r['wall_s']:.2f} / {r['cpu_s']:.2f} / "
                         f"{mib(r['peak_rss_kb']):.0f} ({r.get('idle_before', '?')}% idle)")
        add(f"| {i + 1} | " + " | ".join(cells) + " |")


def machine_section(add, machine, runs):
    add("### Machine")
    add("")
    duckdb = next((rs[0] for t, rs in runs.items() if t.startswith("duckdb")), None)
    if duckdb and "duckdb_node_api" in machine:
        machine = dict(machine, duckdb=f"{duckdb.get('duckdb', '?')} (npm `@duckdb/node-api` "
                       f"{machine['duckdb_node_api']}, native library from the package; ICU built in)")
    for key in ("date", "cpu", "nproc", "memory", "load", "os", "kernel", "compiler", "build", "python",
                "pandas", "numpy", "pyicu", "node", "duckdb", "source"):
        if key in machine:
            add(f"- {key}: {machine[key]}")


def reproduce(add):
    add("### Reproduce")
    add("")
    add("```sh")
    add("bench/run.sh                      # full size: builds, generates bench/data/ once, 3 runs each")
    add("ZWGK_BENCH_SCALE=0.01 bench/run.sh  # a quick run (100 units)")
    add("```")
    add("")
    add("Environment: `ZWGK_BENCH_SCALE` (default 1), `ZWGK_BENCH_REPS` (3), `ZWGK_BENCH_COMPARE` "
        "(quarters whose totals are compared, default 2020Q3), `ZWGK_BENCH_PANDAS` (0 skips the pandas "
        "baseline), `ZWGK_BENCH_IDLE_WAIT` (seconds to wait for idle CPUs before each run, default 300), "
        "`ZWGK_BENCH_BUILD` (build directory, default build/bench), `ZWGK_BENCH_DOC` (output, default "
        "docs/benchmarks.md). The pandas baseline needs Debian's `/usr/bin/python3` with python3-pandas; with "
        "python3-icu installed it also sorts names in pinyin order and the row order is compared exactly. "
        "The DuckDB baseline needs `node` and npm: run.sh installs `@duckdb/node-api` (pinned in "
        "`bench/package-lock.json`, native library included) into `bench/node_modules` with `npm ci` when "
        "it is missing.")


def intro(add, runs):
    n = len(runs["zwgk"])
    threads = [t[len("duckdb"):] for t in runs if t.startswith("duckdb")]
    add("## Import + score + rank of a province-sized year")
    add("")
    add("For every quarter of a generated province-sized year, `zwgk_bench_assess` runs")
    add("`ingest::load_data_dir` (scheme, unit registry, the quarter's CSV files) and `zwgk::assess`")
    many = ("pandas" in runs) + bool(threads) > 1
    add("(validation, scoring, ranking of the four tables). "
        f"{'The baselines do' if many else 'The baseline does'} the same computation on the same files:")
    add("")
    if "pandas" in runs:
        add("- `bench/baseline_pandas.py` in pandas;")
    if threads:
        add("- `bench/baseline_duckdb.mjs` in DuckDB (SQL through `@duckdb/node-api`, run with node), "
            f"with {' and with '.join(threads)} worker thread{'s' if threads != ['1'] else ''}.")
    add("")
    add("Times are wall-clock for the whole year (all four quarters, each tool in a single process, from the")
    add("start of its main function); CPU time is the process's user + system time, so it also counts the")
    add("interpreter's start-up and imports and, for DuckDB, its worker threads; peak memory is the process's")
    add("peak RSS (`getrusage`).")
    add(f"Each tool ran {'once' if n == 1 else f'{n} times'}, interleaved, with the files in the page cache; "
        "the tables show the median.")


def main():
    results, data_dir, output = sys.argv[1:4]
    runs = {"zwgk": load_runs(results, "zwgk")}
    if not runs["zwgk"]:
        sys.exit(f"summarize: no zwgk runs in {results}")
    for peer in PEERS:
        rs = load_runs(results, peer)
        if rs:
            runs[peer] = rs
    with open(os.path.join(results, "machine.json")) as f:
        machine = json.load(f)

    lines = []
    add = lines.append
    add("<!-- Generated by bench/run.sh (bench/summarize.py); edits are overwritten. -->")
    add("")
    intro(add, runs)
    add("")
    main_table(add, runs)
    add("")
    add("The machine is shared: before each run the script waits (up to 5 minutes) for the CPUs to be "
        "at least 90% idle; the table at the end shows how idle they were. CPU time is less sensitive than "
        f"wall time to other work; the 1-minute load average was {machine.get('load', '?')}.")
    add("")
    targets(add, runs)
    add("")
    same_results(add, runs, load_compares(results), scheme_tailoring(data_dir))
    add("")
    data_set(add, data_dir, read_generated(data_dir), runs["zwgk"])
    add("")
    repetitions(add, runs)
    add("")
    machine_section(add, machine, runs)
    add("")
    reproduce(add)
    add("")
    replace_section(output, "province", "\n".join(lines))
    z = runs["zwgk"]
    peers = ", ".join(f"{label(t, rs, short=True)} {median(rs, 'wall_s'):.2f} s "
                      f"({median(rs, 'wall_s') / median(z, 'wall_s'):.1f}x)" for t, rs in runs.items() if t != "zwgk")
    print(f"summarize: wrote {output}: zwgk {median(z, 'wall_s'):.2f} s / {mib(median(z, 'peak_rss_kb')):.0f} MiB; {peers}")


if __name__ == "__main__":
    main()
