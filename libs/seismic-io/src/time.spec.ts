import { epochNsToMs, formatEpochNs, sampleOffsetNs, toEpochNs, yearDayToNs } from './time';

describe('time helpers', () => {
  it('converts SEED year/day times to epoch ns (day 088 of leap year 2020 is 28 March)', () => {
    expect(yearDayToNs(2020, 88, 12, 50, 0, 0)).toBe(BigInt(Date.UTC(2020, 2, 28, 12, 50)) * 1_000_000n);
    expect(yearDayToNs(2010, 58, 6, 50, 0, 69_539_000)).toBe(1_267_253_400_069_539_000n);
    // A leap second is the first second of the next minute, as in libmseed.
    expect(yearDayToNs(2016, 366, 23, 59, 60, 0)).toBe(yearDayToNs(2017, 1, 0, 0, 0, 0));
  });

  it('parses ISO-8601 with up to nanoseconds, and Dates', () => {
    expect(toEpochNs('2010-02-27T06:50:00.069539123Z')).toBe(1_267_253_400_069_539_123n);
    expect(toEpochNs('2010-02-27T06:50:00.5')).toBe(1_267_253_400_500_000_000n);
    expect(toEpochNs('2010-02-27')).toBe(1_267_228_800_000_000_000n);
    expect(toEpochNs('2010-02-27T08:50:00+02:00')).toBe(1_267_253_400_000_000_000n);
    expect(toEpochNs(new Date(Date.UTC(2020, 2, 28)))).toBe(1_585_353_600_000_000_000n);
    expect(() => toEpochNs('28/03/2020', 'start')).toThrow('start: expected an ISO-8601 UTC time');
  });

  it('formats with nine fraction digits, before 1970 too', () => {
    expect(formatEpochNs(1_267_253_400_069_539_000n)).toBe('2010-02-27T06:50:00.069539000Z');
    expect(formatEpochNs(-1n)).toBe('1969-12-31T23:59:59.999999999Z');
  });

  it('gives float milliseconds and sample offsets', () => {
    expect(epochNsToMs(1_267_253_400_069_539_000n)).toBeCloseTo(1_267_253_400_069.539, 3);
    expect(sampleOffsetNs(3, 40)).toBe(75_000_000);
    expect(sampleOffsetNs(1, 3)).toBe(333_333_333);
  });
});
