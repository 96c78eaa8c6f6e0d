"""Peer for bench/model/train-throughput.bench.ts: the same ClusTremor autoencoder in Keras 3 on
TensorFlow CPU, trained with train_on_batch at batch 32, pinned to one thread.

Prints one JSON line: {"peer", "samples_per_s", "step_ms", "versions", ...}.
Usage: python peer_train_throughput.py [--steps N] [--warmup N] [--batch N] [--jit auto|off]
"""
import argparse
import json
import os
import time

# One thread everywhere, set before TensorFlow loads.
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

ENCODER = [(8, (7, 5)), (16, (5, 3)), (32, (5, 3)), (64, (5, 3))]
DECODER = [(32, (5, 3), "elu"), (16, (5, 3), "elu"), (8, (5, 3), "elu"), (1, (7, 5), "linear")]


def build(jit):
    keras.utils.set_random_seed(1)
    inp = keras.Input(shape=(96, 128, 1))
    h = inp
    for filters, kernel in ENCODER:
        h = keras.layers.Conv2D(filters, kernel, strides=2, padding="same", activation="elu")(h)
    bottleneck = tuple(h.shape[1:])
    h = keras.layers.Flatten()(h)
    h = keras.layers.Dense(24)(h)
    h = keras.layers.Dense(int(np.prod(bottleneck)), activation="elu")(h)
    h = keras.layers.Reshape(bottleneck)(h)
    for filters, kernel, activation in DECODER:
        h = keras.layers.Conv2DTranspose(filters, kernel, strides=2, padding="same", activation=activation)(h)
    model = keras.Model(inp, h)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", jit_compile=(jit == "auto") and "auto" or False)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--jit", choices=["auto", "off"], default="off")
    args = parser.parse_args()
    model = build(args.jit)
    rng = np.random.default_rng(7)
    batches = [rng.standard_normal((args.batch, 96, 128, 1), dtype=np.float32) for _ in range(4)]
    for i in range(args.warmup):
        model.train_on_batch(batches[i % 4], batches[i % 4])
    start = time.perf_counter()
    for i in range(args.steps):
        loss = model.train_on_batch(batches[i % 4], batches[i % 4])
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "peer": f"keras {keras.__version__} / tensorflow-cpu {tf.__version__} (jit_compile={args.jit})",
        "samples_per_s": args.steps * args.batch / elapsed,
        "step_ms": 1000 * elapsed / args.steps,
        "threads": {"intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
                    "inter_op": tf.config.threading.get_inter_op_parallelism_threads()},
        "final_loss": float(np.asarray(loss).reshape(-1)[0]),
    }))


if __name__ == "__main__":
    main()
