#!/usr/bin/python3
"""Build a newsgraph graph on a Dask cluster: `newsgraph extract` (the map) runs on the workers, one
partition of article lines each, and `newsgraph merge` (the reduce) of their outputs runs here.

    dask_build.py NEWSGRAPH OUT.jsonld ARTICLES.jsonl... [--partitions N]
                  [--scheduler ADDRESS | --scheduler-file FILE | --workers N] [--local-directory DIR]

ARTICLES are JSON Lines of {"id", "date", "text"} (docs/scale.md). Without --scheduler or
--scheduler-file a local cluster is started and stopped: a scheduler in this process and --workers
worker processes (default 2), on ports the system picks. NEWSGRAPH must be at the same path on every
worker. Merging is commutative, so the partitions may finish in any order: OUT.jsonld is byte-identical
to `newsgraph build` of the same articles.

On stderr: the cluster (the pid of every worker of a local cluster), which worker process ran each
partition, and every message of newsgraph. Exit status: 0 ok; 1 when some article was reported and
skipped (as newsgraph's); 2 on usage errors or when a partition or the merge failed.
"""
import argparse
import logging
import os
import subprocess
import sys
import tempfile


def extract_partition(lines, newsgraph):
    """The map step, on a worker: a partition of article lines in, document-graph lines out."""
    r = subprocess.run([newsgraph, "extract", "-j", "1"], input="".join(lines).encode("utf-8"),
                       capture_output=True, check=False)
    if r.returncode not in (0, 1):  # 1: some articles were reported and skipped; 2+: newsgraph failed
        raise RuntimeError(f"newsgraph extract exited with {r.returncode}: {r.stderr.decode('utf-8', 'replace')}")
    return {"graphs": r.stdout, "messages": r.stderr.decode("utf-8", "replace"),
            "status": r.returncode, "pid": os.getpid()}


def read_articles(paths):
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines.extend(line if line.endswith("\n") else line + "\n" for line in f if line.strip())
    return lines


def run_on(client, newsgraph, out, partitions):
    """Maps the partitions on the client's cluster, then merges their outputs into `out`."""
    futures = client.map(extract_partition, partitions, newsgraph=newsgraph, pure=False)
    results = client.gather(futures)
    status = 0
    with tempfile.TemporaryDirectory(prefix="dask_build_") as tmp:
        files = []
        for i, result in enumerate(results):
            sys.stderr.write(f"dask_build: partition {i} ({len(partitions[i])} articles) ran in worker pid {result['pid']}\n")
            sys.stderr.write(result["messages"])
            status = max(status, result["status"])
            files.append(os.path.join(tmp, f"part-{i}.jsonl"))
            with open(files[-1], "wb") as f:
                f.write(result["graphs"])
        merged = subprocess.run([newsgraph, "merge", *files, "--jsonld", out], check=False)
    if merged.returncode not in (0, 1):
        sys.stderr.write(f"dask_build: newsgraph merge exited with {merged.returncode}\n")
        return 2
    return max(status, merged.returncode)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("newsgraph", help="the newsgraph executable (same path on every worker)")
    parser.add_argument("out", help="the JSON-LD graph to write")
    parser.add_argument("articles", nargs="+", help="JSON Lines of articles")
    parser.add_argument("--partitions", type=int, default=8, help="number of map tasks (default 8)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running scheduler, e.g. tcp://host:8786")
    where.add_argument("--scheduler-file", help="the file a running scheduler wrote (dask scheduler --scheduler-file)")
    where.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster (default 2)")
    parser.add_argument("--local-directory", help="where local workers keep their files (default: a temporary directory)")
    args = parser.parse_args()
    if args.partitions < 1:
        parser.error("--partitions must be at least 1")

    # Dask is imported here so that --help works without it.
    from dask.distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.WARNING)
    newsgraph = os.path.abspath(args.newsgraph)
    lines = read_articles(args.articles)
    partitions = [p for p in (lines[i::args.partitions] for i in range(args.partitions)) if p]
    if not partitions:
        sys.stderr.write("dask_build: no articles\n")
        return 1

    if args.scheduler or args.scheduler_file:
        with Client(args.scheduler, scheduler_file=args.scheduler_file) as client:
            sys.stderr.write(f"dask_build: scheduler {client.scheduler.address}\n")
            return run_on(client, newsgraph, args.out, partitions)

    with tempfile.TemporaryDirectory(prefix="dask_build_workers_") as default_space:
        space = args.local_directory or default_space
        # Port 0 everywhere: the system picks free ports, so several clusters can run side by side.
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, scheduler_port=0,
                          dashboard_address=None, local_directory=space, silence_logs=logging.WARNING) as cluster, \
                Client(cluster) as client:
            pids = client.run(os.getpid)
            sys.stderr.write(f"dask_build: local cluster, scheduler {cluster.scheduler_address}, "
                             f"worker pids {' '.join(str(p) for p in sorted(pids.values()))}\n")
            return run_on(client, newsgraph, args.out, partitions)


if __name__ == "__main__":  # worker processes are spawned and import this file: keep the guard
    sys.exit(main())
