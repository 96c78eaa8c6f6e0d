"""Benchmark peer for bench/cluster/run.ts: scikit-learn KMeans + calinski_harabasz_score, 1 thread.

Line protocol on stdin/stdout so the TypeScript bench can interleave our run and this one per k
(the machine is shared, so interleaving keeps both under the same load). Each request is a JSON line
{"path", "nRows", "nCols", "dtype", "k", "nInit", "seed"}; each reply a JSON line with wall and CPU
seconds, inertia, iterations, CH and peak RSS. Data are the Float32 rows the TypeScript side wrote.
"""
import json
import os
import resource
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.metrics import calinski_harabasz_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402


def main():
    cache = {}
    print(json.dumps({"ready": True, "sklearn": sklearn.__version__, "numpy": np.__version__}), flush=True)
    with threadpool_limits(1):
        for line in sys.stdin:
            req = json.loads(line)
            key = (req["path"], req["dtype"])
            if key not in cache:
                cache.clear()
                x = np.fromfile(req["path"], dtype=np.float32).reshape(req["nRows"], req["nCols"])
                cache[key] = x.astype(req["dtype"])
            x = cache[key]
            wall, cpu = time.perf_counter(), time.process_time()
            km = KMeans(n_clusters=req["k"], n_init=req["nInit"], random_state=req["seed"]).fit(x)
            ch = calinski_harabasz_score(x, km.labels_)
            reply = {
                "wall": time.perf_counter() - wall,
                "cpu": time.process_time() - cpu,
                "inertia": float(km.inertia_),
                "iterations": int(km.n_iter_),
                "calinskiHarabasz": float(ch),
                "algorithm": km.algorithm,
                "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
            print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
