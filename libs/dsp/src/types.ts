/** Any real-valued sample buffer the kernels accept. Outputs are always freshly allocated. */
export type RealArray = Float32Array | Float64Array;

/** A half-open sample index range `[start, end)`. */
export interface SampleRange {
  readonly start: number;
  readonly end: number;
}
