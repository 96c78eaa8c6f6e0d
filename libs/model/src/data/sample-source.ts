/**
 * Where training and inference read samples from. Nothing here holds a whole data set on the tfjs
 * backend: callers ask for one batch or chunk at a time, so a source may page windows in from disk
 * or the object store (200k spectrogram windows of 96x128 floats are 9.8 GB).
 */
export interface SampleSource {
  /** Number of samples. */
  readonly count: number;
  /** Shape of one sample, [height, width, channels]. */
  readonly sampleShape: readonly [number, number, number];
  /** Samples start..end-1 (0 <= start < end <= count), row-major, (end - start) * H * W * C values. */
  read(start: number, end: number): Float32Array | Promise<Float32Array>;
  /** Samples at `indices` (any order, repeats allowed), for shuffled mini-batches. */
  gather(indices: Int32Array): Float32Array | Promise<Float32Array>;
}

/** Number of values in one sample of `source`. */
export function sampleLength(source: Pick<SampleSource, 'sampleShape'>): number {
  const [h, w, c] = source.sampleShape;
  return h * w * c;
}

/**
 * A source over samples already in memory (row-major, `count * H * W * C` values). `read` returns
 * views, not copies.
 */
export function arraySource(data: Float32Array, sampleShape: readonly [number, number, number]): SampleSource {
  const [h, w, c] = sampleShape;
  if (![h, w, c].every((d) => Number.isInteger(d) && d > 0)) {
    throw new RangeError(`sampleShape: expected 3 positive integers, got [${sampleShape.join(', ')}]`);
  }
  const length = h * w * c;
  if (data.length % length !== 0) {
    throw new RangeError(`data: expected a multiple of ${length} values (one sample), got ${data.length}`);
  }
  const count = data.length / length;
  return {
    count,
    sampleShape: [h, w, c],
    read(start, end) {
      assertRange(start, end, count);
      return data.subarray(start * length, end * length);
    },
    gather(indices) {
      const out = new Float32Array(indices.length * length);
      for (let i = 0; i < indices.length; i++) {
        const index = indices[i]!;
        if (!(index >= 0 && index < count)) throw new RangeError(`indices[${i}]: expected 0..${count - 1}, got ${index}`);
        out.set(data.subarray(index * length, (index + 1) * length), i * length);
      }
      return out;
    },
  };
}

export function assertRange(start: number, end: number, count: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= count)) {
    throw new RangeError(`read(${start}, ${end}): expected integers with 0 <= start < end <= ${count}`);
  }
}
