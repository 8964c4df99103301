#!/usr/bin/env python3
"""Prints the benchmark's table (Markdown) from the measurements bench/run.sh
wrote: one row per run, the ratios to the references, and the targets of
issue 12 checked at the largest size measured.

    bench/report.py RESULTS.tsv
"""

import csv
import sys

MB = 1e6


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        r["articles"] = int(r["articles"])
        r["mb"] = int(r["text_bytes"]) / MB
        r["ran"] = r["wall_s"] != "-"
        if r["ran"]:
            r["wall"] = max(float(r["wall_s"]), 0.01)  # time -v rounds to 10 ms
            r["cpu"] = float(r["cpu_s"])
            r["rss_mb"] = int(r["peak_kb"]) / 1024
            r["out_mb"] = int(r["out_bytes"]) / MB
            r["triples_n"] = int(r["triples"]) if r["triples"].isdigit() else None
    return rows


def find(rows, articles, run, jobs="1"):
    for r in rows:
        if r["articles"] == articles and r["run"] == run and r["jobs"] == jobs and r["ran"]:
            return r
    return None


def fmt(x, digits=2, suffix=""):
    return "–" if x is None else f"{x:,.{digits}f}{suffix}"


def runs_table(rows, sizes):
    print("| articles | text MB | run | -j | wall s | CPU s | text MB/s | MB per CPU s | triples/s "
          "| peak RSS MB | output MB | time × | RSS × | note |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if not r["ran"]:
            print(f"| {r['articles']:,} | {r['mb']:.1f} | {r['run']} | | | | | | | | | | | {r['note']} |")
            continue
        prev_size = sizes[sizes.index(r["articles"]) - 1] if sizes.index(r["articles"]) > 0 else None
        prev = find(rows, prev_size, r["run"], r["jobs"]) if prev_size else None
        text_speed = r["mb"] / r["wall"] if r["run"] != "serdi-ntriples" else None
        cpu_speed = r["mb"] / max(r["cpu"], 0.01) if r["run"] != "serdi-ntriples" else None
        triples = r["triples_n"] / r["wall"] if r["triples_n"] and r["run"] != "compromise" else None
        growth_t = r["wall"] / prev["wall"] if prev else None
        growth_m = r["rss_mb"] / prev["rss_mb"] if prev else None
        out_mb = r["out_mb"] if r["run"] != "compromise" else None
        print(f"| {r['articles']:,} | {r['mb']:.1f} | {r['run']} | {r['jobs']} | {fmt(r['wall'])} | {fmt(r['cpu'])} "
              f"| {fmt(text_speed, 3)} | {fmt(cpu_speed, 3)} | {fmt(triples, 0)} | {fmt(r['rss_mb'], 1)} | {fmt(out_mb, 1)} "
              f"| {fmt(growth_t, 2, '×')} | {fmt(growth_m, 2, '×')} | {r['note']} |")


def ratios_table(rows, sizes):
    print("| articles | newskg ÷ compromise, MB/s (by CPU s) | newskg N-Triples time ÷ serdi's (by CPU s) "
          "| newskg Turtle time ÷ serdi's (by CPU s) | -j 2 speed-up (N-Triples) |")
    print("|---:|---:|---:|---:|---:|")
    for n in sizes:
        nt, nt2 = find(rows, n, "newskg-ntriples"), find(rows, n, "newskg-ntriples", "2")
        ttl, serdi, comp = find(rows, n, "newskg-turtle"), find(rows, n, "serdi-ntriples"), find(rows, n, "compromise")
        both = lambda a, b, key: fmt(a[key] / b[key], 2, "×") if a and b else "–"
        vs_comp = f"{both(comp, nt, 'wall')} ({both(comp, nt, 'cpu')})"  # same text: speed ratio = time ratio
        vs_serdi = f"{both(nt, serdi, 'wall')} ({both(nt, serdi, 'cpu')})"
        ttl_serdi = f"{both(ttl, serdi, 'wall')} ({both(ttl, serdi, 'cpu')})"
        print(f"| {n:,} | {vs_comp} | {vs_serdi} | {ttl_serdi} | {both(nt, nt2, 'wall')} |")


def targets(rows, sizes):
    """Issue 12's targets, at the largest size measured."""
    n = sizes[-1]
    nt, nt2 = find(rows, n, "newskg-ntriples"), find(rows, n, "newskg-ntriples", "2")
    ttl, serdi = find(rows, n, "newskg-turtle"), find(rows, n, "serdi-ntriples")
    comps = [find(rows, s, "compromise") for s in sizes if find(rows, s, "compromise")]
    newskg = [r for r in rows if r["articles"] == n and r["ran"] and r["run"].startswith("newskg")]
    checks = []
    if nt:
        speed = nt["mb"] / nt["wall"]
        checks.append(("N-Triples, one process: at least 2 MB of text per second",
                       f"{speed:.2f} MB/s ({nt['mb'] / nt['cpu']:.2f} per CPU s)", speed >= 2))
    if nt and serdi:
        ratio = nt["wall"] / serdi["wall"]
        checks.append(("N-Triples time at most 3 × serdi's", f"{ratio:.2f}× ({nt['cpu'] / serdi['cpu']:.2f}× by CPU s)", ratio <= 3))
    if ttl:
        speed = ttl["mb"] / ttl["wall"]
        checks.append(("Turtle at least half that speed (1 MB/s)",
                       f"{speed:.2f} MB/s ({ttl['mb'] / ttl['cpu']:.2f} per CPU s)", speed >= 1))
    if nt and comps:
        c = comps[-1]
        ratio = (nt["mb"] / nt["wall"]) / (c["mb"] / c["wall"])
        checks.append((f"more than 10 × compromise's MB/s (compromise at {c['articles']:,})",
                       f"{ratio:.1f}× ({(nt['mb'] / nt['cpu']) / (c['mb'] / c['cpu']):.1f}× by CPU s)", ratio > 10))
    if newskg:
        peak = max(r["rss_mb"] for r in newskg)
        checks.append(("peak memory under 256 MB in every format", f"{peak:.1f} MB", peak < 256))
    if nt and nt2:
        speedup = nt["wall"] / nt2["wall"]
        checks.append(("-j 2 at least 1.7 × faster than -j 1", f"{speedup:.2f}×", speedup >= 1.7))
        checks.append(("-j 2 output identical to -j 1", nt2["note"], nt2["note"] == "same output as -j 1"))
    print(f"Targets of issue 12 at {n:,} articles (met or not by wall time):\n")
    print("| target | measured | met |")
    print("|---|---:|---|")
    for what, value, ok in checks:
        print(f"| {what} | {value} | {'yes' if ok else '**no**'} |")


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: report.py RESULTS.tsv\n")
        return 2
    rows = load(argv[1])
    sizes = sorted({r["articles"] for r in rows})
    print("Runs (MB = 10^6 bytes; × = growth from the previous size, whose text was "
          + ", ".join(f"{rows_mb(rows, b) / rows_mb(rows, a):.2f}×" for a, b in zip(sizes, sizes[1:]))
          + " smaller):\n" if len(sizes) > 1 else "Runs (MB = 10^6 bytes):\n")
    runs_table(rows, sizes)
    print("\nRatios:\n")
    ratios_table(rows, sizes)
    print()
    targets(rows, sizes)
    return 0


def rows_mb(rows, articles):
    return next(r["mb"] for r in rows if r["articles"] == articles)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
