#!/usr/bin/env python3
"""Write a synthetic item bank and simulee abilities as forvalt's CSV interchange files.

    python3 tests/compare/make_data.py --items 300 --examinees 2000 --topics 10 --out /tmp/cat300

writes /tmp/cat300/params.csv (id,topic,a,b,c) and /tmp/cat300/thetas.csv (examinee,theta).
Parameters follow catsim's own bank generator (catsim.irt / item_bank): a ~ N(1.2, 0.25),
b ~ N(0, 1), c ~ N(0.25, 0.02), clipped to sane ranges; theta ~ N(0, 1). Standard library only, seeded, so every tool sees identical data.
"""
import argparse
import os
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--examinees", type=int, default=2000)
    parser.add_argument("--topics", type=int, default=10)
    parser.add_argument("--c", type=float, default=0.25, help="mean guessing parameter")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "params.csv"), "w") as f:
        f.write("id,topic,a,b,c\n")
        for i in range(args.items):
            a = max(0.3, rng.gauss(1.2, 0.25))
            b = max(-3.5, min(3.5, rng.gauss(0.0, 1.0)))
            c = max(0.0, min(0.4, rng.gauss(args.c, 0.02)))
            f.write(f"i{i:04d},t{i % args.topics:02d},{a:.4f},{b:.4f},{c:.4f}\n")
    with open(os.path.join(args.out, "thetas.csv"), "w") as f:
        f.write("examinee,theta\n")
        for e in range(args.examinees):
            f.write(f"e{e:05d},{rng.gauss(0.0, 1.0):.4f}\n")


if __name__ == "__main__":
    main()
