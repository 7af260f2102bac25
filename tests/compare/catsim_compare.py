#!/usr/bin/env python3
"""Run catsim on forvalt's simulation CSVs and show the results next to `forvalt simulate`.

    python3 tests/compare/make_data.py --items 300 --examinees 2000 --out /tmp/cat300
    python3 tests/compare/catsim_compare.py --params /tmp/cat300/params.csv \\
        --thetas /tmp/cat300/thetas.csv --se 0.3 --max-items 30 --forvalt

Inputs are forvalt's interchange files: item parameters `id,topic,a,b,c` (3PL, logistic metric,
no 1.7 constant, exactly as catsim's model) and true abilities `examinee,theta`. catsim (tested
with 0.21.0: `pip install catsim==0.21.0`) runs its Simulator with the closest settings to
`forvalt simulate --estimator mle --exposure none`:

    initializer  FixedPointInitializer(0.0)           forvalt: first estimate is the prior mean 0
    selector     MaxInfoSelector()  (r_max = 1)       forvalt: maximum Fisher information, no exposure control
    estimator    NumericalSearchEstimator()           forvalt: MLE on [-6, 6]
                 = MLE by scipy's bounded Brent search on [-6, 6]; Dodd's heuristic while all answers
                 are right or all wrong (forvalt: EAP under N(0, 1) instead)
    stopper      MinErrorStopper(se, max_items=N)     forvalt: SE <= se or N items
    responses    drawn by catsim from the 3PL at the true theta from --thetas

and the same figures as forvalt's JSON are computed from catsim's results. With --forvalt the
forvalt binary is run on the very same files and examinees (with --estimator mle and eap) and the
speed ratio is printed. catsim is pure Python and single-threaded, forvalt uses every core, so
both wall-clock and CPU seconds are reported. See README.md beside this file for what is not
exactly equivalent.
"""
import argparse
import contextlib
import csv
import io
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time

# Banks larger than this get only AUTO_SUBSET examinees unless --examinees says otherwise: catsim
# takes about 0.2 s per examinee on a 3000-item bank.
AUTO_LARGE_BANK = 1000
AUTO_SUBSET = 200
DEFAULT_FORVALT = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "release", "forvalt")
)
# Keys of forvalt's JSON shown in the table, in this order.
TABLE_KEYS = [
    "examinees",
    "items_in_bank",
    "wall_seconds",
    "cpu_seconds",
    "seconds_per_examinee",
    "cpu_seconds_per_examinee",
    "mean_test_length",
    "mean_se",
    "rmse_theta",
    "bias_theta",
    "corr_theta",
    "max_item_exposure",
    "share_of_bank_never_used",
]


def read_csv(path, columns):
    """Rows of a CSV file as dicts, checking that the header has `columns`."""
    with open(path, newline="") as f:
        reader = csv.DictReader(f, skipinitialspace=True)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in columns if c not in header]
        if missing:
            sys.exit(f"{path}: header {header} lacks {missing} (expected {','.join(columns)})")
        reader.fieldnames = header
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def load_items(path):
    """(ids, topics, [[a, b, c, d=1], ...]) from an `id,topic,a,b,c` file."""
    rows = read_csv(path, ["id", "topic", "a", "b", "c"])
    ids = [r["id"] for r in rows]
    topics = [r["topic"] for r in rows]
    params = [[float(r["a"]), float(r["b"]), float(r["c"]), 1.0] for r in rows]
    return ids, topics, params


def load_thetas(path):
    """[(examinee, theta), ...] from an `examinee,theta` file."""
    return [(r["examinee"], float(r["theta"])) for r in read_csv(path, ["examinee", "theta"])]


def examinee_count(value):
    """argparse type for --examinees: a positive integer or "all"."""
    if value == "all":
        return None
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be a positive integer or 'all'")
    return n


def correlation(x, y):
    """Pearson correlation; 0 when either side has no variance (as forvalt)."""
    n = len(x)
    if n < 2:
        return 0.0
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return 0.0 if sxx == 0 or syy == 0 else sxy / math.sqrt(sxx * syy)


def summarize(true_thetas, estimates, ses, administered, topics, max_items, wall, cpu):
    """The figures of forvalt's JSON, computed the way forvalt computes them."""
    n = len(true_thetas)
    errors = [e - t for t, e in zip(true_thetas, estimates)]
    exposure = [0] * len(topics)
    topic_counts = {}
    for items in administered:
        for ix in items:
            exposure[ix] += 1
            topic_counts[topics[ix]] = topic_counts.get(topics[ix], 0) + 1
    total_items = sum(len(items) for items in administered)
    stop_reasons = {}
    for items in administered:
        reason = "max_length" if len(items) >= max_items else "precision"
        stop_reasons[reason] = stop_reasons.get(reason, 0) + 1
    return {
        "examinees": n,
        "items_in_bank": len(topics),
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "seconds_per_examinee": wall / n,
        "cpu_seconds_per_examinee": cpu / n,
        "seconds_per_item": wall / max(total_items, 1),
        "mean_test_length": total_items / n,
        "mean_se": sum(ses) / n,
        "rmse_theta": math.sqrt(sum(e * e for e in errors) / n),
        "bias_theta": sum(errors) / n,
        "corr_theta": correlation(true_thetas, estimates),
        "max_item_exposure": max(exposure) / n,
        "share_of_bank_never_used": exposure.count(0) / len(topics),
        "topic_mean_items": {t: topic_counts.get(t, 0) / n for t in sorted(set(topics))},
        "stop_reasons": stop_reasons,
    }


def run_catsim(params, topics, thetas, args):
    """Simulate with catsim and summarize; returns forvalt-style figures plus a few extras."""
    import numpy
    import catsim
    from catsim import irt
    from catsim.estimation import NumericalSearchEstimator
    from catsim.initialization import FixedPointInitializer
    from catsim.item_bank import ItemBank
    from catsim.selection import MaxInfoSelector
    from catsim.simulation import Simulator
    from catsim.stopping import MinErrorStopper

    # ItemBank's validation prints its (empty) list of complaints: keep that out of the table.
    with contextlib.redirect_stdout(io.StringIO()):
        bank = ItemBank(numpy.array(params, dtype=float))
    simulator = Simulator(bank, numpy.array(thetas, dtype=float), seed=args.seed)
    parts = (
        FixedPointInitializer(0.0),
        MaxInfoSelector(),
        NumericalSearchEstimator(method=args.catsim_method),
        MinErrorStopper(args.se, max_items=args.max_items),
    )
    wall0, cpu0 = time.perf_counter(), time.process_time()
    simulator.simulate(*parts, verbose=args.progress)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0

    estimates = [float(e) for e in simulator.latest_estimations]
    items = bank.items
    ses = [irt.see(e, items[a]) for e, a in zip(estimates, simulator.administered_items)]
    result = summarize(thetas, estimates, ses, simulator.administered_items, topics,
                       args.max_items, wall, cpu)
    result["tool"] = f"catsim {catsim.__version__}"
    import scipy
    result["settings"] = " | ".join(str(p) for p in parts) + (
        f" (numpy {numpy.__version__}, scipy {scipy.__version__}, python {sys.version.split()[0]})")
    # catsim's own figures, as a cross-check of the ones computed above.
    result["catsim_rmse"] = float(simulator.rmse)
    result["catsim_bias"] = float(simulator.bias)
    return result


def run_forvalt(binary, params_path, thetas_path, estimator, args):
    """Run `forvalt simulate` and return its JSON, with the CPU seconds it used added."""
    cmd = [
        binary, "simulate",
        "--params", params_path, "--thetas", thetas_path,
        "--se", str(args.se), "--max-items", str(args.max_items),
        "--estimator", estimator, "--exposure", "none", "--seed", str(args.seed),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    result = json.loads(done.stdout)
    # Whole-process CPU (includes reading the CSVs, negligible next to the simulation).
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["cpu_seconds"] = cpu
    result["cpu_seconds_per_examinee"] = cpu / max(result["examinees"], 1)
    result["tool"] = f"forvalt {estimator}"
    result["command"] = " ".join(cmd)
    return result


def fmt(value):
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e-3 and value != 0 else f"{value:.4f}"
    return str(value)


def print_table(results):
    """Key by key, one column per run."""
    names = [r["tool"] for r in results]
    width = max(len(k) for k in TABLE_KEYS) + 2
    col = max(14, max(len(n) for n in names) + 2)
    print("".ljust(width) + "".join(n.rjust(col) for n in names))
    for key in TABLE_KEYS:
        print(key.ljust(width) + "".join(fmt(r.get(key, "-")).rjust(col) for r in results))
    reasons = sorted(set().union(*(r.get("stop_reasons", {}).keys() for r in results)))
    for reason in reasons:
        print(f"stopped by {reason}".ljust(width) + "".join(
            str(r.get("stop_reasons", {}).get(reason, 0)).rjust(col) for r in results))
    topics = sorted(set().union(*(r.get("topic_mean_items", {}).keys() for r in results)))
    if topics:
        print("topic_mean_items")
        for t in topics:
            print(f"  {t}".ljust(width) + "".join(
                fmt(r.get("topic_mean_items", {}).get(t, "-")).rjust(col) for r in results))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", required=True, help="item parameters CSV: id,topic,a,b,c")
    parser.add_argument("--thetas", required=True, help="true abilities CSV: examinee,theta")
    parser.add_argument("--se", type=float, default=0.3, help="stop at this standard error (default 0.3)")
    parser.add_argument("--max-items", type=int, default=30, help="maximum test length (default 30)")
    parser.add_argument(
        "--examinees", type=examinee_count, default=argparse.SUPPRESS, metavar="N|all",
        help=f"use only the first N examinees of --thetas (default: all of them, but only the "
             f"first {AUTO_SUBSET} on banks of more than {AUTO_LARGE_BANK} items, where catsim is slow)")
    parser.add_argument("--seed", type=int, default=1, help="seed for both tools (default 1)")
    parser.add_argument(
        "--catsim-method", default="bounded",
        choices=["bounded", "brent", "golden", "golden2", "ternary", "dichotomous", "fibonacci"],
        help="search method of catsim's NumericalSearchEstimator (default: bounded, catsim's own default)")
    parser.add_argument(
        "--forvalt", nargs="?", const=DEFAULT_FORVALT, default=None, metavar="BINARY",
        help=f"also run forvalt (--estimator mle and eap) on the same files; BINARY defaults to "
             f"{DEFAULT_FORVALT}")
    parser.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE as JSON")
    parser.add_argument("--progress", action="store_true", help="show catsim's progress bar")
    args = parser.parse_args()

    ids, topics, params = load_items(args.params)
    people = load_thetas(args.thetas)
    if not ids or not people:
        sys.exit("no items or no examinees")

    notes = []
    if hasattr(args, "examinees"):
        limit = args.examinees
    elif len(ids) > AUTO_LARGE_BANK and len(people) > AUTO_SUBSET:
        limit = AUTO_SUBSET
        notes.append(f"bank of {len(ids)} items: only the first {AUTO_SUBSET} of {len(people)} "
                     f"examinees are used, to keep catsim's run short (--examinees all for every one)")
    else:
        limit = None
    subset = limit is not None and limit < len(people)
    if subset:
        people = people[:limit]
    thetas = [t for _, t in people]

    print(f"bank {args.params}: {len(ids)} items; examinees {args.thetas}: {len(thetas)} used; "
          f"stop at SE <= {args.se} or {args.max_items} items; seed {args.seed}")
    for note in notes:
        print(f"NOTE: {note}")
    sys.stdout.flush()

    results = [run_catsim(params, topics, thetas, args)]
    print(f"catsim settings: {results[0]['settings']}")

    if args.forvalt:
        if not os.access(args.forvalt, os.X_OK):
            sys.exit(f"{args.forvalt}: not an executable (build it with `cargo build --release`)")
        with tempfile.TemporaryDirectory() as tmp:
            thetas_path = args.thetas
            if subset:
                # forvalt has no "first N" switch with --thetas: give it the same subset as a file.
                thetas_path = os.path.join(tmp, "thetas.csv")
                with open(thetas_path, "w", newline="") as f:
                    f.write("examinee,theta\n")
                    for name, theta in people:
                        f.write(f"{name},{theta!r}\n")
            for estimator in ("mle", "eap"):
                results.append(run_forvalt(args.forvalt, args.params, thetas_path, estimator, args))
        print(f"forvalt: {results[1]['command']} (and --estimator eap)")

    print()
    print_table(results)

    if args.forvalt:
        catsim_run = results[0]
        print()
        for other in results[1:]:
            wall = catsim_run["seconds_per_examinee"] / other["seconds_per_examinee"]
            cpu = catsim_run["cpu_seconds_per_examinee"] / max(other["cpu_seconds_per_examinee"], 1e-12)
            print(f"speed: {other['tool']} is {wall:,.0f}x faster than catsim per examinee by wall clock, "
                  f"{cpu:,.0f}x by CPU seconds")
        print(f"(forvalt runs one thread per core, {os.cpu_count()} here; catsim runs one thread. "
              f"CPU seconds compare the work done, wall clock the time waited.)")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"notes": notes, "runs": results}, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
