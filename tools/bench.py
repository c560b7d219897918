#!/usr/bin/env python3
"""The scale benchmark of docs/benchmark.md: garant against granit-parser pulling the same events.

    python3 tools/bench.py [--shapes many,wide] [--scales 0.1,1,3] [--runs 3] [--out FILE]

For each shape and scale, generates the data once with tools/gen_bench.py (kept in --data and reused while
the generator is unchanged), then runs, N times and interleaved, `garant check --as-of 2026-12-31 --format
json --output /dev/null DATA` with GARANT_TIMING=1 and `granit_pull DATA` (examples/granit_pull.rs:
granit-parser pulling every event on 2 threads). Each round runs every dataset, garant and granit_pull one
after the other (in turns first), so that the ratios are taken between runs made at the same moment: the
ratio to granit_pull within each pair, the growth between scales within each round; the tables give the
medians of those ratios, and of the times. Records each run's wall time, peak memory (the child's maximum
resident set, from wait4), and from garant's standard error the load and evaluation times and each rule's
time. Prints Markdown tables (and writes them to --out). Standard library only.

Build first: `cargo build --release --bin garant --example granit_pull` (or pass --build).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "tools", "gen_bench.py")
STAMP = "bench-stamp.json"          # not a data file: garant reads only *.yaml and *.yml
UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
SMALL = 1e-3                        # rules under this at every scale are named, not tabulated
FAST, FAST_MIN = 1.5, 50e-3          # growth marked when FAST x the records', on a rule of FAST_MIN or more
DURATION = re.compile(r"([0-9.]+)(ns|µs|us|ms|s)$")


def seconds(text):
    """A Rust Duration as `{:.2?}` prints it (`1.23s`, `456.78ms`, `12.30µs`), in seconds."""
    m = DURATION.match(text.strip())
    if not m:
        raise ValueError("not a duration: %r" % text)
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_timing(stderr):
    """The load time, the evaluation time and each rule's time from GARANT_TIMING's lines."""
    out = {"load": None, "eval": None, "rules": {}}
    for line in stderr.splitlines():
        if line.startswith("garant: data loaded in "):
            out["load"] = seconds(line[len("garant: data loaded in "):])
        elif line.startswith("garant: rules evaluated in "):
            out["eval"] = seconds(line[len("garant: rules evaluated in "):])
        elif line.startswith("garant:   ") and " in " in line:
            rule, took = line[len("garant:   "):].rsplit(" in ", 1)
            out["rules"][rule] = seconds(took)
    return out


def run(cmd, env=None):
    """Runs cmd; gives its wall time, peak resident memory in MiB, exit status, stdout and stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "mib": usage.ru_maxrss / 1024, "status": proc.returncode,
                "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace")}


def dataset(root, shape, scale):
    """The folder of one dataset, generated unless a stamp says it was, by the same generator."""
    path = os.path.join(root, "%s-%s" % (shape, scale))
    with open(GEN, "rb") as fh:
        key = {"generator": hashlib.sha256(fh.read()).hexdigest(), "shape": shape, "scale": scale}
    try:
        with open(os.path.join(path, STAMP), encoding="utf-8") as fh:
            stamp = json.load(fh)
        if {k: stamp.get(k) for k in key} == key:
            return path, stamp
    except (OSError, ValueError):
        pass
    part = path + ".part"
    shutil.rmtree(part, ignore_errors=True)
    print("generating %s scale %s in %s" % (shape, scale, path), file=sys.stderr)
    gen = subprocess.run([sys.executable, GEN, part, str(scale), "--shape", shape],
                         check=True, capture_output=True, text=True)
    counts = {}
    for item in gen.stdout.splitlines()[-1].split(", "):
        name, n = item.rsplit(" ", 1)
        counts[name] = int(n)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(part) for f in fs)
    stamp = dict(key, records=sum(counts.values()), counts=counts, bytes=size)
    with open(os.path.join(part, STAMP), "w", encoding="utf-8") as fh:
        json.dump(stamp, fh, indent=1)
    shutil.rmtree(path, ignore_errors=True)
    os.rename(part, path)
    return path, stamp


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt_s(x):
    if x is None:
        return "-"
    return "%.0f µs" % (x * 1e6) if x < 1e-3 else "%.1f ms" % (x * 1e3) if x < 1 else "%.2f s" % x


def fmt_x(x):
    return "-" if x is None else "%.2f" % x


def ratio(a, b):
    return a / b if a is not None and b else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shapes", default="many,wide", help="comma-separated: many, wide (default both)")
    ap.add_argument("--scales", default="0.1,1,3", help="comma-separated scales (default 0.1,1,3)")
    ap.add_argument("--runs", type=int, default=3, help="rounds of timed runs (default 3)")
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "garant-bench"),
                    help="where the datasets are generated and kept (default TMPDIR/garant-bench)")
    ap.add_argument("--garant", default=os.path.join(ROOT, "target", "release", "garant"))
    ap.add_argument("--pull", default=os.path.join(ROOT, "target", "release", "examples", "granit_pull"))
    ap.add_argument("--as-of", default="2026-12-31")
    ap.add_argument("--build", action="store_true", help="cargo build --release the two programs first")
    ap.add_argument("--out", metavar="FILE", help="also write the Markdown tables to FILE")
    a = ap.parse_args()
    shapes = a.shapes.split(",")
    scales = [float(s) for s in a.scales.split(",")]
    if any(s not in ("many", "wide") for s in shapes) or any(s <= 0 for s in scales) or a.runs < 1:
        sys.exit("shapes are many and wide, scales positive, runs at least 1")
    scales = sorted(set(scales))
    if a.build:
        subprocess.run(["cargo", "build", "--release", "--bin", "garant", "--example", "granit_pull"],
                       cwd=ROOT, check=True)
    for exe in (a.garant, a.pull):
        if not os.access(exe, os.X_OK):
            sys.exit("%s is missing: cargo build --release --bin garant --example granit_pull" % exe)

    env = dict(os.environ, GARANT_TIMING="1")
    sets = [(sh, sc) for sh in shapes for sc in scales]
    data, stamps, findings, events = {}, {}, {}, {}
    for key in sets:
        data[key], stamps[key] = dataset(a.data, *key)
    # one untimed run of each (the files into the page cache), the findings counted from the report
    for key in sets:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "report.json")
            r = run([a.garant, "check", "--as-of", a.as_of, "--format", "json", "--output", out, data[key]])
            if r["status"] not in (0, 1):
                sys.exit("garant check %s failed (status %d):\n%s" % (data[key], r["status"], r["stderr"]))
            with open(out, encoding="utf-8") as fh:
                counts = {}
                for f in json.load(fh)["findings"]:
                    counts[f["rule"]] = counts.get(f["rule"], 0) + 1
            findings[key] = counts
        p = run([a.pull, data[key]])
        if p["status"] != 0:
            sys.exit("granit_pull %s failed:\n%s" % (data[key], p["stderr"]))
        events[key] = int(re.search(r"(\d+) events", p["stdout"]).group(1))

    runs = {key: [] for key in sets}      # per round: (garant run with its timing, granit_pull run)
    for n in range(a.runs):
        for key in sets:
            cmd = [a.garant, "check", "--as-of", a.as_of, "--format", "json", "--output", os.devnull, data[key]]
            pull = [a.pull, data[key]]
            if n % 2 == 0:
                g, p = run(cmd, env), run(pull)
            else:
                p, g = run(pull), run(cmd, env)
            if g["status"] not in (0, 1) or p["status"] != 0:
                sys.exit("a run failed on %s:\n%s%s" % (data[key], g["stderr"], p["stderr"]))
            g.update(parse_timing(g["stderr"]))
            runs[key].append((g, p))
            print("round %d %s %s: garant %.2f s %.0f MiB, granit_pull %.2f s"
                  % (n + 1, key[0], key[1], g["wall"], g["mib"], p["wall"]), file=sys.stderr)

    text = tables(a, shapes, scales, sets, stamps, findings, events, runs)
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as fh:
            fh.write(text)


def tables(a, shapes, scales, sets, stamps, findings, events, runs):
    """The Markdown tables."""
    lines = ["Medians of %d rounds; ratios are taken within a pair of runs (garant / granit_pull) or within a "
             "round (scale / scale), then their median is given. `garant check --as-of %s`; granit_pull on %d "
             "threads." % (a.runs, a.as_of, 2), "",
             "| shape | scale | records | MB | events | time | peak MiB | / granit_pull | granit_pull | load | eval "
             "| findings |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key in sets:
        rs, st = runs[key], stamps[key]
        f = findings[key]
        lines.append("| %s | %s | %s | %.1f | %s | %s | %.0f | %s | %s | %s | %s | %s |" % (
            key[0], "%g" % key[1], "{:,}".format(st["records"]), st["bytes"] / 1e6, "{:,}".format(events[key]),
            fmt_s(median(g["wall"] for g, _ in rs)), median(g["mib"] for g, _ in rs),
            fmt_x(median(ratio(g["wall"], p["wall"]) for g, p in rs)), fmt_s(median(p["wall"] for _, p in rs)),
            fmt_s(median(g["load"] for g, _ in rs)), fmt_s(median(g["eval"] for g, _ in rs)),
            ", ".join("%s %d" % kv for kv in sorted(f.items())) or "none"))
    pairs = [(lo, hi) for lo, hi in zip(scales, scales[1:])]
    if pairs:
        lines += ["", "Growth from one scale to the next (the records, then the medians of the ratios within a "
                  "round):", "",
                  "| shape | scales | records × | events × | time × | peak memory × | granit_pull × | load × "
                  "| eval × |", "|---|---|---|---|---|---|---|---|---|"]
        for sh in shapes:
            for lo, hi in pairs:
                a_, b_ = runs[(sh, lo)], runs[(sh, hi)]

                def grow(pick):
                    return fmt_x(median(ratio(pick(y), pick(x)) for x, y in zip(a_, b_)))
                lines.append("| %s | %g → %g | %.2f | %.2f | %s | %s | %s | %s | %s |" % (
                    sh, lo, hi, stamps[(sh, hi)]["records"] / stamps[(sh, lo)]["records"],
                    events[(sh, hi)] / events[(sh, lo)], grow(lambda r: r[0]["wall"]), grow(lambda r: r[0]["mib"]),
                    grow(lambda r: r[1]["wall"]), grow(lambda r: r[0]["load"]), grow(lambda r: r[0]["eval"])))
    for sh in shapes:
        rules = {}
        for sc in scales:
            for g, _ in runs[(sh, sc)]:
                for rule in g["rules"]:
                    rules.setdefault(rule, None)
        top = scales[-1]
        med = {(r, sc): median(g["rules"].get(r) for g, _ in runs[(sh, sc)]) for r in rules for sc in scales}
        order = sorted(rules, key=lambda r: -(med[(r, top)] or 0))
        small = [r for r in order if all((med[(r, sc)] or 0) < SMALL for sc in scales)]
        head = ["rule"] + ["scale %g" % sc for sc in scales] + ["× %g → %g" % p for p in pairs]
        lines += ["", "Each rule's time, shape %s (the wall time of one rule on one thread; the rules run 2 at a "
                  "time), slowest first; growth as above, in bold where a rule of at least %s grows more than %g "
                  "times as fast as the records:" % (sh, fmt_s(FAST_MIN), FAST), "",
                  "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
        for rule in order:
            if rule in small:
                continue
            cells = [rule] + [fmt_s(med[(rule, sc)]) for sc in scales]
            for lo, hi in pairs:
                g = median(ratio(y[0]["rules"].get(rule), x[0]["rules"].get(rule))
                           for x, y in zip(runs[(sh, lo)], runs[(sh, hi)]))
                data = stamps[(sh, hi)]["records"] / stamps[(sh, lo)]["records"]
                fast = g is not None and (med[(rule, hi)] or 0) >= FAST_MIN and g > FAST * data
                cells.append(("**%s**" if fast else "%s") % fmt_x(g))
            lines.append("| " + " | ".join(cells) + " |")
        if small:
            lines += ["", "Under %s at every scale: %s." % (fmt_s(SMALL), ", ".join(sorted(small)))]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
