#!/usr/bin/env python3
"""Reference persistence diagrams for the Orleans.Analytics.Topology tests and benchmark.

Usage: tda_oracle.py ENGINE CSV [--dim D] [--threshold T] [--alpha A] [--precision P]
ENGINE is ripser (the Debian /usr/bin/ripser binary), gudhi-rips or gudhi-alpha.
P is GUDHI's alpha-complex precision: safe (its default) or exact (filtration values are the exact squared
radii turned into doubles, so they can be compared bit for bit).
Prints one interval per line as "dim birth death" (death "inf" for essential classes),
then "betti b0 b1 ... bD" and "time_seconds S" (time of the computation only).
"""
import argparse
import math
import re
import subprocess
import sys
import time


def read_points(path):
    points = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            points.append([float(t) for t in line.split(',')])
    return points


def run_ripser(path, dim, threshold):
    args = ['/usr/bin/ripser', '--format', 'point-cloud', '--dim', str(dim)]
    if threshold is not None and math.isfinite(threshold):
        args += ['--threshold', repr(threshold)]
    with open(path) as f:
        text = ''.join(l.replace(',', ' ') for l in f if l.strip() and not l.startswith('#'))
    start = time.perf_counter()
    out = subprocess.run(args, input=text, capture_output=True, text=True, check=True).stdout
    elapsed = time.perf_counter() - start
    pairs = []
    current = None
    for line in out.splitlines():
        m = re.match(r'persistence intervals in dim (\d+):', line)
        if m:
            current = int(m.group(1))
            continue
        m = re.match(r'\s*\[([^,]*),([^)]*)\)', line)
        if m and current is not None:
            birth = float(m.group(1))
            death = m.group(2).strip()
            pairs.append((current, birth, math.inf if death == '' else float(death)))
    return pairs, elapsed


def run_gudhi(engine, points, dim, threshold, alpha, precision):
    import gudhi
    start = time.perf_counter()
    if engine == 'gudhi-rips':
        rips = gudhi.RipsComplex(points=points, max_edge_length=threshold if threshold is not None else math.inf)
        tree = rips.create_simplex_tree(max_dimension=dim + 1)
    else:
        ac = gudhi.AlphaComplex(points=points, precision=precision)
        tree = ac.create_simplex_tree(max_alpha_square=alpha if alpha is not None else math.inf)
    diagram = tree.persistence(homology_coeff_field=2, min_persistence=0)
    elapsed = time.perf_counter() - start
    pairs = [(d, b, de) for d, (b, de) in diagram if d <= dim]
    return pairs, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('engine', choices=['ripser', 'gudhi-rips', 'gudhi-alpha'])
    parser.add_argument('csv')
    parser.add_argument('--dim', type=int, default=2)
    parser.add_argument('--threshold', type=float, default=None)
    parser.add_argument('--alpha', type=float, default=None)
    parser.add_argument('--precision', choices=['safe', 'exact'], default='safe')
    a = parser.parse_args()
    if a.engine == 'ripser':
        pairs, elapsed = run_ripser(a.csv, a.dim, a.threshold)
    else:
        pairs, elapsed = run_gudhi(a.engine, read_points(a.csv), a.dim, a.threshold, a.alpha, a.precision)
    pairs = [p for p in pairs if p[1] != p[2]]
    betti = [0] * (a.dim + 1)
    for d, b, de in sorted(pairs):
        print(d, repr(b), 'inf' if math.isinf(de) else repr(de))
        if math.isinf(de):
            betti[d] += 1
    print('betti', *betti)
    print('time_seconds', repr(elapsed))


if __name__ == '__main__':
    sys.exit(main())
