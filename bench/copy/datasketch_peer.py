#!/usr/bin/env python3
"""jianfu against datasketch's MinHashLSH on the same texts and parameters.

docs/PERFORMANCE.md, "Peer comparison with datasketch". The issue asks for
at least 20 times the throughput of datasketch's MinHashLSH with the same
parameters. Both tools start from the same normalised texts (exported by
jianfu's copy_peer helper, one per line) and do, single-threaded:

  - the distinct 5-character shingles of each text (a text shorter than 5
    characters is one shingle, itself);
  - a MinHash signature of 128 values (datasketch: MinHash.bulk, num_perm=128,
    its default SHA-1 hashing and 128 permutations; jianfu: its default
    one-permutation scheme, and the classic 128-function scheme);
  - LSH with 21 bands of 6 rows (datasketch: MinHashLSH(num_perm=128,
    params=(21, 6)), insertion session), every text inserted;
  - every text queried (the keys sharing a band key, itself included).

Runs alternate between the tools so that both see the same machine load;
the medians are reported.

Requirements (a benchmark tool, not part of jianfu's setup): Debian's
python3-numpy and python3-scipy, datasketch's source on PYTHONPATH, and the
release build of bench/copy/copy_peer.

  PYTHONPATH=/tmp/datasketch /usr/bin/python3 bench/copy/datasketch_peer.py \
      [--laws ../shared/corpus/laws] [--posts 20000] [--runs 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import datasketch
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
PARAMS = (21, 6)
SHINGLE = 5


def shingles(text):
    if len(text) < SHINGLE:
        return {text.encode("utf-8")} if text else set()
    return {text[i:i + SHINGLE].encode("utf-8") for i in range(len(text) - SHINGLE + 1)}


def run_datasketch(texts):
    start = time.perf_counter()
    sets = [shingles(t) for t in texts]
    minhashes = MinHash.bulk(sets, num_perm=NUM_PERM)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=PARAMS)
    with lsh.insertion_session() as session:
        for i, m in enumerate(minhashes):
            session.insert(i, m, check_duplication=False)
    candidates = 0
    for m in minhashes:
        candidates += len(lsh.query(m))
    return time.perf_counter() - start, candidates


def run_jianfu(peer, path, scheme):
    out = subprocess.run([peer, "run", path, scheme, "1"], check=True, capture_output=True, text=True).stdout
    run = json.loads(out)["runs"][0]
    return run["seconds"], run["candidates"]


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--laws", default=os.path.join(repo, "..", "shared", "corpus", "laws"))
    ap.add_argument("--posts", type=int, default=20000, help="generated posts (0: skip)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer", default=os.path.join(repo, "build", "release", "bench", "copy", "copy_peer"))
    args = ap.parse_args()

    with open("/proc/cpuinfo") as f:
        cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    source = os.path.dirname(os.path.dirname(os.path.abspath(datasketch.__file__)))
    commit = subprocess.run(["git", "-C", source, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "?"
    print(f"machine: {cpu}, nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}; "
          f"python {sys.version.split()[0]}, datasketch {datasketch.__version__} ({source}, commit {commit})")

    work = tempfile.mkdtemp(prefix="jianfu_peer_")
    corpora = []
    if os.path.isdir(args.laws):
        path = os.path.join(work, "laws.txt")
        subprocess.run([args.peer, "export-laws", args.laws, path], check=True)
        corpora.append(("laws", path))
    if args.posts > 0:
        path = os.path.join(work, "posts.txt")
        subprocess.run([args.peer, "export-posts", str(args.posts), "7", path], check=True)
        corpora.append((f"generated posts ({args.posts})", path))

    rows = []
    for name, path in corpora:
        with open(path, encoding="utf-8") as f:
            texts = [line.rstrip("\n") for line in f]
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        times = {"datasketch": [], "one_permutation": [], "independent": []}
        cands = {}
        for r in range(args.runs):
            for tool in ("datasketch", "one_permutation", "independent"):
                if tool == "datasketch":
                    seconds, c = run_datasketch(texts)
                else:
                    seconds, c = run_jianfu(args.peer, path, tool)
                times[tool].append(seconds)
                cands[tool] = c
            print(f"  {name} run {r + 1}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()),
                  f"(load {os.getloadavg()[0]:.2f})", flush=True)
        med = {k: statistics.median(v) for k, v in times.items()}
        rows.append((name, len(texts), mb, med, cands))

    print()
    print("| corpus | texts | MB | tool | median s | texts/s | MB/s | candidates | × datasketch |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, n, mb, med, cands in rows:
        for tool in ("datasketch", "independent", "one_permutation"):
            label = "datasketch MinHashLSH" if tool == "datasketch" else f"jianfu ({tool})"
            ratio = med["datasketch"] / med[tool]
            print(f"| {name} | {n} | {mb:.1f} | {label} | {med[tool]:.3f} | {n / med[tool]:,.0f} | "
                  f"{mb / med[tool]:.1f} | {cands[tool]} | {ratio:.1f} |")


if __name__ == "__main__":
    main()
