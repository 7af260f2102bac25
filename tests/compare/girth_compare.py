#!/usr/bin/env python3
"""Calibrate identical 2PL data with girth 0.8 `twopl_mml` and `forvalt calibrate`; compare time and recovery.

    pip install girth==0.8.0
    cargo build --release
    python3 tests/compare/girth_compare.py --items 100 --people 5000 --density 1.0
    python3 tests/compare/girth_compare.py --items 300 --people 20000 --density 0.1

The data are simulated here (numpy, seeded): a ~ U(0.7, 2.0), b ~ N(0, 1) clipped to [-2.5, 2.5],
theta ~ N(0, 1), and each person answers each item with probability --density, independently.
The same answers go to both tools: to forvalt as the interchange file `examinee,item,correct`,
to girth as an items x people matrix with missing answers set to `girth.INVALID_RESPONSE`
(girth 0.8's twopl_mml is its graded-response MML, which masks invalid responses out of every
likelihood product, so it accepts sparse data directly).

Timing: girth is timed around the `twopl_mml` call only (the matrix is already in memory);
forvalt twice, as the wall clock of the whole process (reading the CSV, calibrating, writing
the CSV) and as the calibration alone (the seconds it prints). Each tool runs --repeat times and
the minimum of each figure is kept, because the machine may be shared. girth runs one thread (numpy, no
num_processors option in twopl_mml); forvalt uses every core (2 here), so CPU seconds are shown
too. Recovery: RMSE of a and b against the true values, over the items both tools calibrated.
`--json FILE` saves every figure; `--keep DIR` keeps the data files.
"""
import argparse
import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

DEFAULT_FORVALT = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "release", "forvalt")
)


def simulate(n_items, n_people, density, seed):
    """True parameters and an items x people response matrix (-1 = not answered)."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.7, 2.0, n_items)
    b = np.clip(rng.normal(0.0, 1.0, n_items), -2.5, 2.5)
    theta = rng.normal(0.0, 1.0, n_people)
    p = 1.0 / (1.0 + np.exp(-a[:, None] * (theta[None, :] - b[:, None])))
    correct = (rng.random((n_items, n_people)) < p).astype(np.int64)
    answered = rng.random((n_items, n_people)) < density
    return a, b, np.where(answered, correct, -1)


def write_responses(path, matrix):
    people, items = np.nonzero(matrix.T >= 0)  # ordered by person: one person's answers together
    values = matrix.T[people, items]
    with open(path, "w") as f:
        f.write("examinee,item,correct\n")
        f.writelines(f"e{p:05d},i{i:04d},{v}\n" for p, i, v in zip(people, items, values))
    return len(values)


def rmse(estimate, truth):
    ok = np.isfinite(estimate)
    return float(np.sqrt(np.mean((estimate[ok] - truth[ok]) ** 2))), int(ok.sum())


def run_girth(matrix, repeat):
    import girth

    data = np.where(matrix >= 0, matrix, girth.INVALID_RESPONSE).astype(np.int64)
    best = None
    for _ in range(repeat):
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        result = girth.twopl_mml(data.copy())
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        if best is None:
            best = {"wall_seconds": wall, "cpu_seconds": cpu}
        best["wall_seconds"] = min(best["wall_seconds"], wall)
        best["cpu_seconds"] = min(best["cpu_seconds"], cpu)
    best["a"] = np.asarray(result["Discrimination"], dtype=float)
    best["b"] = np.asarray(result["Difficulty"], dtype=float)
    return best


def run_forvalt(binary, responses, out, repeat, extra):
    command = [binary, "calibrate", "--responses", responses, "--model", "2pl", "--out", out] + extra
    best = None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1):
            sys.exit(f"forvalt failed ({proc.returncode}): {proc.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        summary = proc.stderr.strip().splitlines()[0]
        match = re.search(r"; ([0-9.]+) s$", summary)
        calib = float(match.group(1)) if match else float("nan")
        if best is None:
            best = {"wall_seconds": wall, "cpu_seconds": cpu, "calibration_seconds": calib, "summary": summary}
        # Each figure's own minimum: on a shared machine the runs are disturbed independently.
        best["wall_seconds"] = min(best["wall_seconds"], wall)
        best["cpu_seconds"] = min(best["cpu_seconds"], cpu)
        best["calibration_seconds"] = min(best["calibration_seconds"], calib)
    a, b = {}, {}
    with open(out) as f:
        next(f)
        for line in f:
            fields = line.rstrip("\n").split(",")
            index = int(fields[0][1:])
            a[index] = float(fields[1]) if fields[1] else math.nan
            b[index] = float(fields[2]) if fields[2] else math.nan
    n = max(a) + 1
    best["a"] = np.array([a.get(i, math.nan) for i in range(n)])
    best["b"] = np.array([b.get(i, math.nan) for i in range(n)])
    best["command"] = " ".join(command)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--density", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the fastest is kept")
    parser.add_argument("--girth-repeat", type=int, default=None, help="runs of girth (default: --repeat)")
    parser.add_argument("--forvalt", default=DEFAULT_FORVALT, metavar="BINARY")
    parser.add_argument("--forvalt-args", default="", help="extra arguments to forvalt calibrate")
    parser.add_argument("--no-girth", action="store_true", help="run forvalt only")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--keep", metavar="DIR", help="write the data files here and keep them")
    args = parser.parse_args()
    if not os.access(args.forvalt, os.X_OK):
        sys.exit(f"{args.forvalt}: not an executable (build it with `cargo build --release`)")

    a, b, matrix = simulate(args.items, args.people, args.density, args.seed)
    directory = args.keep or tempfile.mkdtemp(prefix="girth-compare-")
    os.makedirs(directory, exist_ok=True)
    responses = os.path.join(directory, "responses.csv")
    n_answers = write_responses(responses, matrix)
    with open(os.path.join(directory, "truth.csv"), "w") as f:
        f.write("id,a,b,c\n")
        f.writelines(f"i{i:04d},{a[i]:.6f},{b[i]:.6f},0\n" for i in range(args.items))
    print(f"{args.items} items x {args.people} people at density {args.density}: {n_answers} answers, seed {args.seed}")

    results = {}
    forvalt = run_forvalt(args.forvalt, responses, os.path.join(directory, "forvalt.csv"), args.repeat,
                          args.forvalt_args.split())
    results["forvalt"] = forvalt
    print(f"forvalt: {forvalt['command']}\n         {forvalt['summary']}")
    if not args.no_girth:
        results["girth"] = run_girth(matrix, args.girth_repeat or args.repeat)

    figures = {"items": args.items, "people": args.people, "density": args.density, "answers": n_answers,
               "seed": args.seed}
    print(f"\n{'tool':<10} {'wall s':>9} {'calib s':>9} {'cpu s':>9} {'RMSE(a)':>9} {'RMSE(b)':>9} {'items':>6}")
    for name, result in results.items():
        rmse_a, n_a = rmse(result["a"], a)
        rmse_b, _ = rmse(result["b"], b)
        calib = result.get("calibration_seconds", result["wall_seconds"])
        print(f"{name:<10} {result['wall_seconds']:9.3f} {calib:9.3f} {result['cpu_seconds']:9.3f} "
              f"{rmse_a:9.4f} {rmse_b:9.4f} {n_a:6d}")
        figures[name] = {"wall_seconds": result["wall_seconds"], "calibration_seconds": calib,
                         "cpu_seconds": result["cpu_seconds"], "rmse_a": rmse_a, "rmse_b": rmse_b,
                         "items_estimated": n_a}
    if "girth" in results:
        g, f = figures["girth"], figures["forvalt"]
        figures["speedup_wall"] = g["wall_seconds"] / f["wall_seconds"]
        figures["speedup_calibration"] = g["wall_seconds"] / f["calibration_seconds"]
        figures["speedup_cpu"] = g["cpu_seconds"] / f["cpu_seconds"]
        print(f"\nforvalt is {figures['speedup_wall']:.1f}x faster by wall clock of the whole process, "
              f"{figures['speedup_calibration']:.1f}x by calibration time, {figures['speedup_cpu']:.1f}x by CPU seconds "
              f"(girth: one thread; forvalt: {os.cpu_count()} cores here)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    if not args.keep:
        for name in ("responses.csv", "truth.csv", "forvalt.csv"):
            os.remove(os.path.join(directory, name))
        os.rmdir(directory)


if __name__ == "__main__":
    main()
