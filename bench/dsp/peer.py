"""Python peer of bench/dsp/run.ts: the same workloads with scipy / obspy (see cases.ts, day.ts).

usage: python bench/dsp/peer.py stft|pipeline   -> one JSON line of measurements on stdout
"""
import json
import resource
import statistics
import sys
import time

import numpy as np
import obspy
import scipy
import scipy.ndimage
import scipy.signal

SAC = "data/luhu/sac/TW.LH01.EHZ.00.2020.088.13.sac"
DAY = 8_640_000


def station_day():
    tile = obspy.read(SAC)[0].data[:480_000].astype(np.float32)
    idx = np.arange(DAY)
    return [tile[(idx + shift) % tile.size] for shift in (0, 160_000, 320_000)]


def timed(runs, fn):
    fn()
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return {"minMs": min(times), "medianMs": statistics.median(times), "cpuMinMs": min(cpu), "runs": runs}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def featurize(x):
    tr = obspy.Trace(data=x.copy(), header={"sampling_rate": 100.0})
    tr.detrend("demean")
    tr.taper(max_percentage=0.05, max_length=60, type="cosine")
    tr.filter("bandpass", freqmin=1.0, freqmax=20.0, corners=4, zerophase=True)
    tr.resample(50.0)
    f, _, z = scipy.signal.stft(tr.data, fs=50.0, nperseg=256, noverlap=128)
    db = 10 * np.log10(np.maximum(np.abs(z) ** 2, 1e-10)).astype(np.float32)
    db = db[(f >= 1.0) & (f <= 20.0)]
    out = []
    for start in range(0, db.shape[1] - 128 + 1, 64):
        win = db[:, start:start + 128]
        out.append(scipy.ndimage.zoom(win, (96 / win.shape[0], 128 / win.shape[1]), order=1, mode="nearest", grid_mode=True, prefilter=False))
    return out


def main():
    mode = sys.argv[1]
    label = f"python scipy {scipy.__version__}"
    if mode == "stft":
        z = station_day()[0]
        res = timed(15, lambda: scipy.signal.stft(z, fs=100.0, nperseg=256, noverlap=128))
        rows = [{"impl": label, "case": "day STFT complex (scipy.signal.stft)", **res, "peakRssMb": peak_rss_mb()}]
    else:
        comps = station_day()
        count = {}

        def run():
            per = [featurize(c) for c in comps]
            tensors = [np.stack([p[w] for p in per], axis=-1) for w in range(len(per[0]))]
            count["n"] = len(tensors)

        res = timed(2, run)
        rows = [{"impl": f"python obspy {obspy.__version__}", "case": "station-day featurisation (3 comp.)", **res, "peakRssMb": peak_rss_mb(), "detail": f"{count['n']} windows of 96x128x3"}]
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
