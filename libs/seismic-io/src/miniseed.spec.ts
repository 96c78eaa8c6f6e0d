import { byteSource } from './byte-source';
import { readMiniseedHeaders, readMiniseedRecords } from './read-records';
import { readMiniseedTraces } from './read-traces';
import { readRepoFile, reference, sha256OfSamples } from './testing/fixtures';

describe('miniSEED 2 against ObsPy (reference.json)', () => {
  it('covers test.mseed from libmseed-doc, the Luhu day file and every encoding/byte order/record length variant', () => {
    const files = reference.mseed2.map((r) => r.file);
    expect(files).toContain('tools/fixtures/seismic-io/test.mseed');
    const encodings = new Set(reference.mseed2.flatMap((r) => r.records.map((rec) => `${rec.encoding}${rec.byteorder}`)));
    expect([...encodings].sort()).toEqual(['10<', '10>', '11<', '11>', '1<', '3>', '4<', '5>']);
  });

  describe.each(reference.mseed2.map((r) => [r.file, r] as const))('%s', (file, ref) => {
    const bytes = readRepoFile(file);

    it('parses every record header like ObsPy', () => {
      const headers = readMiniseedHeaders(byteSource(bytes, file));
      expect(headers).toHaveLength(ref.records.length);
      headers.forEach((h, i) => {
        const r = ref.records[i]!;
        expect({
          offset: h.offset,
          id: h.id,
          startNs: h.startNs.toString(),
          sampleRate: h.sampleRate,
          numSamples: h.numSamples,
          encoding: h.encoding,
          byteorder: h.dataLittleEndian ? '<' : '>',
          recordLength: h.recordLength,
          activityFlags: h.activityFlags,
          ioClockFlags: h.ioClockFlags,
          dataQualityFlags: h.dataQualityFlags,
          timeCorrection: h.timeCorrection,
          timingQuality: h.timingQuality ?? null,
        }).toEqual(r);
      });
    });

    it('merges into the same traces, with identical samples (sha256)', () => {
      const merged = readMiniseedTraces(bytes, file);
      expect(merged.gaps).toEqual([]);
      expect(merged.overlaps).toEqual([]);
      expect(merged.segments).toHaveLength(ref.traces.length);
      merged.segments.forEach((segment, i) => {
        const r = ref.traces[i]!;
        expect(segment.id).toBe(r.id);
        expect(segment.startNs.toString()).toBe(r.startNs);
        expect(segment.sampleRate).toBe(r.sampleRate);
        expect(segment.data.length).toBe(r.npts);
        expect(segment.data.constructor.name).toBe({ int32: 'Int32Array', float32: 'Float32Array', float64: 'Float64Array' }[r.dtype]);
        expect(Array.from(segment.data.subarray(0, 10))).toEqual(r.first);
        expect(sha256OfSamples(segment.data)).toBe(r.sha256);
      });
    });
  });

  it('decodes record by record to the same samples as the merged trace', () => {
    const file = 'tools/fixtures/seismic-io/test.mseed';
    const records = readMiniseedRecords(readRepoFile(file), file);
    const joined = new Int32Array(records.reduce((n, r) => n + r.samples.length, 0));
    let at = 0;
    for (const r of records) {
      joined.set(r.samples, at);
      at += r.samples.length;
    }
    expect(sha256OfSamples(joined)).toBe(reference.mseed2[0]!.traces[0]!.sha256);
    expect(records[0]!.header.quality).toBe('M');
  });
});

describe('miniSEED 3 against pymseed / libmseed 3 (reference.json)', () => {
  describe.each(reference.mseed3.map((r) => [r.file, r] as const))('%s', (file, ref) => {
    const bytes = readRepoFile(file);

    it('parses every record header like libmseed 3, verifying each CRC-32C', () => {
      const headers = readMiniseedHeaders(byteSource(bytes, file));
      expect(headers).toHaveLength(ref.records.length);
      headers.forEach((h, i) => {
        const r = ref.records[i]!;
        expect(h.format).toBe(3);
        expect({
          offset: h.offset,
          sourceId: h.sourceId,
          startNs: h.startNs.toString(),
          sampleRate: h.sampleRate,
          numSamples: h.numSamples,
          encoding: h.encoding,
          recordLength: h.recordLength,
          crc: h.crc,
          publicationVersion: h.publicationVersion,
          extra: h.extraHeaders === undefined ? null : JSON.stringify(h.extraHeaders),
        }).toEqual(r);
        expect(h.id).toBe('IU.COLA.00.LHZ');
      });
    });

    it('merges into one trace with nanosecond start and identical samples', () => {
      const merged = readMiniseedTraces(bytes, file);
      expect(merged.segments).toHaveLength(1);
      const [segment] = merged.segments;
      const r = ref.traces[0]!;
      expect(segment!.startNs.toString()).toBe(r.startNs);
      expect(segment!.data.length).toBe(r.npts);
      expect(sha256OfSamples(segment!.data)).toBe(r.sha256);
    });
  });
});
