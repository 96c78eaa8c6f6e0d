import fc from 'fast-check';
import { compileNslcPattern } from './nslc-pattern';

const lh01 = { network: 'TW', station: 'LH01', location: '00', channel: 'EHZ' };

describe('compileNslcPattern', () => {
  it.each([
    ['TW.LH0?.*.EH?', true],
    ['TW.LH01.00.EHZ', true],
    ['*.*.*.*', true],
    ['TW.LH0[1-3].*.EH[ZN]', true],
    ['TW.LH0[!1].*.*', false],
    ['TW.LH02.*.*', false],
    ['TW.LH0?..EHZ', false], // empty location only
    ['tw.LH01.00.EHZ', false], // case-sensitive, like SEED codes
    ['TW.LH01.00.EH', false], // whole-part match
  ])('%s matches TW.LH01.00.EHZ: %s', (pattern, expected) => {
    expect(compileNslcPattern(pattern).matches(lh01)).toBe(expected);
  });

  it('reads "--" and an empty part as the empty location', () => {
    const blank = { ...lh01, location: '' };
    expect(compileNslcPattern('TW.LH01.--.EHZ').matches(blank)).toBe(true);
    expect(compileNslcPattern('TW.LH01..EHZ').matches(blank)).toBe(true);
    expect(compileNslcPattern('TW.LH01..EHZ').matches(lh01)).toBe(false);
  });

  it('exposes the literal codes so an SDS listing can narrow its prefix', () => {
    expect(compileNslcPattern('TW.LH0?.*.EH?').literal).toEqual({ network: 'TW' });
    expect(compileNslcPattern('TW.LH01.00.EHZ').literal).toEqual(lh01);
  });

  it('matches every code literally when it has no wildcard (property)', () => {
    const code = fc.stringMatching(/^[A-Z0-9]{1,5}$/);
    fc.assert(
      fc.property(code, code, code, code, (network, station, location, channel) => {
        const codes = { network, station, location, channel };
        expect(compileNslcPattern(`${network}.${station}.${location}.${channel}`).matches(codes)).toBe(true);
        expect(compileNslcPattern(`${network}.${station}.${location}.${channel}X`).matches(codes)).toBe(false);
      }),
    );
  });

  it('refuses patterns without four parts, naming the parameter', () => {
    expect(() => compileNslcPattern('TW.LH01.EHZ')).toThrow('patterns: expected NET.STA.LOC.CHA with four dot-separated parts');
    expect(() => compileNslcPattern('TW.LH0[1.*.*')).toThrow('patterns: unclosed "["');
  });
});
