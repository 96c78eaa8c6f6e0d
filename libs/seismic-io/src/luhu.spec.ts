import { readMiniseedTraces } from './read-traces';
import { readSac } from './sac';
import { LUHU_EHZ_088, LUHU_SAC, readRepoFile, reference, sha256OfSamples } from './testing/fixtures';

describe('Luhu: the SDS miniSEED copy and the SAC original of TW.LH01 EHZ, day 2020.088', () => {
  const mseed = readMiniseedTraces(readRepoFile(LUHU_EHZ_088), LUHU_EHZ_088);
  const sac = readSac(readRepoFile(LUHU_SAC), LUHU_SAC);

  it('is one continuous 100 Hz trace in each format', () => {
    expect(mseed.segments).toHaveLength(1);
    expect(mseed.gaps).toEqual([]);
    expect(mseed.overlaps).toEqual([]);
    expect(mseed.segments[0]!.sampleRate).toBe(100);
    expect(sac.sampleRate).toBe(100);
  });

  it('decodes to identical samples at identical times', () => {
    const [trace] = mseed.segments;
    expect(trace!.data).toBeInstanceOf(Int32Array);
    expect(trace!.data.length).toBe(480_001);
    expect(sac.data.length).toBe(480_001);
    expect(trace!.startNs).toBe(sac.startNs);
    let firstDifference = -1;
    for (let i = 0; i < sac.data.length && firstDifference < 0; i++) if (sac.data[i] !== trace!.data[i]) firstDifference = i;
    expect(firstDifference).toBe(-1);
    // The counts fit float32 exactly, so converting the SAC floats back gives the same int32 bytes.
    expect(sha256OfSamples(Int32Array.from(sac.data))).toBe(sha256OfSamples(trace!.data));
  });

  it('matches ObsPy on both files', () => {
    const sdsRef = reference.mseed2.find((r) => r.file === LUHU_EHZ_088)!.traces[0]!;
    const sacRef = reference.sac.find((r) => r.file === LUHU_SAC)!;
    expect(sha256OfSamples(mseed.segments[0]!.data)).toBe(sdsRef.sha256);
    expect(mseed.segments[0]!.startNs.toString()).toBe(sdsRef.startNs);
    expect(sha256OfSamples(sac.data)).toBe(sacRef.sha256);
    expect(sac.startNs!.toString()).toBe(sacRef.startNs);
  });

  it('keeps each format\'s own codes (the SAC original is labelled GG.LH01.10, the archive TW.LH01.00)', () => {
    expect(mseed.segments[0]!.id).toBe('TW.LH01.00.EHZ');
    expect(sac.id).toBe('GG.LH01.10.EHZ');
  });
});
