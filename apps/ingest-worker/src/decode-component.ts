import type { QuarantinedFile } from '@seisdec/contracts';
import { readMiniseedTraces, SeismicFormatError, type TraceGap, type TraceSegment } from '@seisdec/seismic-io';
import { BlobNotFoundError, type BlobStore } from '@seisdec/store';

/**
 * Gap policy: gaps up to this long are filled by linear interpolation (seismic-io's merge, reported
 * in `gaps`), longer ones split the trace; each piece is then preprocessed on its own and windows
 * never straddle a split. One second at 100 Hz is 100 samples: short telemetry dropouts are bridged
 * without inventing an event, while real outages keep their edges.
 */
export const MAX_INTERPOLATED_GAP_SECONDS = 1;

export type DecodedComponent =
  | { ok: true; key: string; segments: TraceSegment[]; gaps: TraceGap[] }
  | { ok: false; quarantined: QuarantinedFile };

/**
 * Fetches one station-day file and decodes it into continuous segments of channel `expectedId`
 * (NET.STA.LOC.CHA), trimmed to [start, end). A file that cannot be decoded (or vanished since the
 * plan) is quarantined with its key, the byte offset of the problem and the decoder's message;
 * any other store error is thrown so the activity is retried.
 */
export async function decodeComponent(store: BlobStore, key: string, expectedId: string, start: bigint, end: bigint): Promise<DecodedComponent> {
  let bytes: Buffer;
  try {
    bytes = await store.get(key);
  } catch (error) {
    if (error instanceof BlobNotFoundError) return { ok: false, quarantined: { key, offset: 0, reason: error.message } };
    throw error;
  }
  let decoded;
  try {
    decoded = readMiniseedTraces(bytes, key, { gapPolicy: 'interpolate', maxGapSeconds: MAX_INTERPOLATED_GAP_SECONDS, start, end });
  } catch (error) {
    if (error instanceof SeismicFormatError) return { ok: false, quarantined: { key, offset: error.offset, reason: error.message } };
    throw error;
  }
  const segments = decoded.segments.filter((s) => s.id === expectedId);
  const others = [...new Set(decoded.segments.filter((s) => s.id !== expectedId).map((s) => s.id))];
  if (segments.length === 0 && others.length > 0) {
    return { ok: false, quarantined: { key, offset: 0, reason: `${key}: holds ${others.join(', ')}, expected ${expectedId} (the SDS file name)` } };
  }
  return { ok: true, key, segments, gaps: decoded.gaps.filter((g) => g.id === expectedId) };
}
