/** A preprocessed continuous piece of one component. */
export interface ProcessedSegment {
  startNs: bigint;
  sampleRate: number;
  data: Float64Array;
}

/** A stretch of time every component covers: equal-length views, sample i at startNs + i / sampleRate. */
export interface AlignedBlock {
  startNs: bigint;
  sampleRate: number;
  length: number;
  /** One view per component, in component order (subarrays of the segments, no copy). */
  channels: Float64Array[];
}

const NS = 1e9;

/**
 * Intersects the segments of every component into blocks that all components cover, at least
 * `minSamples` long. Time grid: the first component's samples; another component's sample nearest
 * in time is taken as simultaneous (its segment start rounded to the nearest sample), so components
 * recorded by one digitiser (the usual case, identical start times) line up exactly and a
 * sub-sample skew between digitisers is at most half a sample. Every component must share one
 * sample rate (the caller resamples first).
 */
export function alignComponents(components: ProcessedSegment[][], minSamples: number): AlignedBlock[] {
  const [reference, ...others] = components;
  if (!reference) return [];
  const blocks: AlignedBlock[] = [];
  for (const ref of reference) {
    const rate = ref.sampleRate;
    // Candidate intervals in reference sample indices, narrowed by each other component's segments;
    // `parts` remembers, per component, the segment used and the reference index of its sample 0.
    let pieces: Piece[] = [{ from: 0, to: ref.data.length, parts: [{ data: ref.data, offset: 0 }] }];
    for (const segments of others) {
      const next: Piece[] = [];
      for (const piece of pieces) {
        for (const seg of segments) {
          const offset = Math.round((Number(seg.startNs - ref.startNs) * rate) / NS);
          const from = Math.max(piece.from, offset);
          const to = Math.min(piece.to, offset + seg.data.length);
          if (to - from >= minSamples) next.push({ from, to, parts: [...piece.parts, { data: seg.data, offset }] });
        }
      }
      pieces = next;
    }
    for (const { from, to, parts } of pieces) {
      if (to - from < minSamples) continue;
      blocks.push({
        startNs: ref.startNs + BigInt(Math.round((from * NS) / rate)),
        sampleRate: rate,
        length: to - from,
        channels: parts.map((p) => p.data.subarray(from - p.offset, to - p.offset)),
      });
    }
  }
  return blocks.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
}

interface Piece {
  from: number;
  to: number;
  parts: { data: Float64Array; offset: number }[];
}
