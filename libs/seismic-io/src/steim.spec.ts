import { byteSource } from './byte-source';
import { decodeSteim1 } from './steim1';
import { decodeSteim2 } from './steim2';

/** Packs `values` of `bits` each below a header of `headerBits` (dnib plus unused bits) into one word. */
function packWord(dnib: number, headerBits: number, bits: number, values: number[]): number {
  let word = dnib << 30;
  values.forEach((v, d) => {
    const shift = 32 - headerBits - (d + 1) * bits;
    word |= (v & ((1 << bits) - 1)) << shift;
  });
  return word >>> 0;
}

/** One 64-byte frame: control word from 2-bit codes, then words 1..15. */
function frame(codes: number[], words: number[], littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(64);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, codes.reduce((ctrl, code, w) => ctrl | (code << (30 - 2 * w)), 0) >>> 0, littleEndian);
  words.forEach((word, i) => view.setUint32(4 * (i + 1), word >>> 0, littleEndian));
  return bytes;
}

/** A word of four int8 differences, stored byte by byte (never swapped). */
function int8Word(values: number[], littleEndian: boolean): number {
  const bytes = new Uint8Array(values.map((v) => v & 0xff));
  return new DataView(bytes.buffer).getUint32(0, littleEndian);
}

describe.each([false, true])('decodeSteim2 on a hand-packed frame (little-endian words: %s)', (littleEndian) => {
  // X0 = 100; every difference kind once; the first difference (0) refers to the previous record.
  const expected = [
    100, 101, 99, 102, // four 8-bit: (0), 1, -2, 3
    -99898, // one 30-bit: -100000
    -83898, -99898, // two 15-bit: 16000, -16000
    -99387, -99899, -99898, // three 10-bit: 511, -512, 1
    -99867, -99899, -99899, -99898, -99899, // five 6-bit: 31, -32, 0, 1, -1
    -99884, -99900, -99898, -99900, -99900, -99899, // six 5-bit: 15, -16, 2, -2, 0, 1
    -99892, -99900, -99899, -99900, -99898, -99900, -99900, // seven 4-bit: 7, -8, 1, -1, 2, -2, 0
  ];
  const words = [
    100, // X0
    -99900, // Xn
    int8Word([0, 1, -2, 3], littleEndian),
    packWord(1, 2, 30, [-100000]),
    packWord(2, 2, 15, [16000, -16000]),
    packWord(3, 2, 10, [511, -512, 1]),
    packWord(0, 2, 6, [31, -32, 0, 1, -1]),
    packWord(1, 2, 5, [15, -16, 2, -2, 0, 1]),
    packWord(2, 4, 4, [7, -8, 1, -1, 2, -2, 0]),
  ];
  const codes = [0, 0, 0, 1, 2, 2, 2, 3, 3, 3];

  it('decodes every difference width', () => {
    const source = byteSource(frame(codes, words, littleEndian), 'hand.mseed');
    const out = new Int32Array(expected.length + 2);
    decodeSteim2(source, { start: 0, byteLength: 64, numSamples: expected.length, littleEndian }, out, 1);
    expect(Array.from(out)).toEqual([0, ...expected, 0]);
  });

  it('rejects a wrong reverse integration constant Xn', () => {
    const bad = [...words];
    bad[1] = -99901;
    const source = byteSource(frame(codes, bad, littleEndian), 'hand.mseed');
    expect(() => decodeSteim2(source, { start: 0, byteLength: 64, numSamples: expected.length, littleEndian }, new Int32Array(28), 0)).toThrow(
      'hand.mseed: byte 8: corrupt-data: expected Steim-2 last sample -99900 to equal the reverse integration constant Xn, found -99901',
    );
  });

  it('rejects code 2 with dnib 0, naming the word', () => {
    const bad = [...words];
    bad[3] = packWord(0, 2, 30, [5]);
    const source = byteSource(frame(codes, bad, littleEndian), 'hand.mseed');
    expect(() => decodeSteim2(source, { start: 0, byteLength: 64, numSamples: expected.length, littleEndian }, new Int32Array(28), 0)).toThrow(
      'hand.mseed: byte 16: corrupt-data: expected a Steim-2 code-2 word with dnib 1, 2 or 3, found dnib 0',
    );
  });

  it('rejects a header promising more samples than the frames hold', () => {
    const source = byteSource(frame(codes, words, littleEndian), 'hand.mseed');
    expect(() => decodeSteim2(source, { start: 0, byteLength: 64, numSamples: 40, littleEndian }, new Int32Array(40), 0)).toThrow(
      /corrupt-data: expected 40 samples \(record header\) in 1 Steim-2 frames, found 28 differences/,
    );
  });
});

describe.each([false, true])('decodeSteim1 on a hand-packed frame (little-endian words: %s)', (littleEndian) => {
  const expected = [-5, 5, -15, 112, -32656, -31656, 999_968_344];
  const view = (bytes: Uint8Array) => new DataView(bytes.buffer);
  const twoInt16 = (a: number, b: number) => {
    const bytes = new Uint8Array(4);
    view(bytes).setInt16(0, a, littleEndian);
    view(bytes).setInt16(2, b, littleEndian);
    return view(bytes).getUint32(0, littleEndian);
  };
  const words = [-5, 999_968_344, int8Word([0, 10, -20, 127], littleEndian), twoInt16(-32768, 1000), 1_000_000_000];

  it('decodes 8-, 16- and 32-bit differences', () => {
    const source = byteSource(frame([0, 0, 0, 1, 2, 3], words, littleEndian), 'hand.mseed');
    const out = new Int32Array(expected.length);
    decodeSteim1(source, { start: 0, byteLength: 64, numSamples: expected.length, littleEndian }, out, 0);
    expect(Array.from(out)).toEqual(expected);
  });

  it('continues into the next frame, whose words 1 and 2 are data', () => {
    const first = frame([0, 0, 0, 1, 2, 3], words, littleEndian);
    const second = frame([0, 1], [int8Word([1, 1, 1, 1], littleEndian)], littleEndian);
    const bytes = new Uint8Array(128);
    bytes.set(first);
    bytes.set(second, 64);
    view(bytes).setInt32(8, 999_968_348, littleEndian); // Xn moves to the new last sample
    const out = new Int32Array(11);
    decodeSteim1(byteSource(bytes, 'hand.mseed'), { start: 0, byteLength: 128, numSamples: 11, littleEndian }, out, 0);
    expect(Array.from(out)).toEqual([...expected, 999_968_345, 999_968_346, 999_968_347, 999_968_348]);
  });

  it('starts from X0 even when frame 0 carries no differences (the first one, in frame 1, is d(0))', () => {
    const bytes = new Uint8Array(128);
    bytes.set(frame([0, 0, 0], [7, 9], littleEndian));
    bytes.set(frame([0, 1], [int8Word([50, 1, 0, 1], littleEndian)], littleEndian), 64);
    const out = new Int32Array(4);
    decodeSteim1(byteSource(bytes, 'hand.mseed'), { start: 0, byteLength: 128, numSamples: 4, littleEndian }, out, 0);
    expect(Array.from(out)).toEqual([7, 8, 8, 9]);
  });
});
