import type { ByteSource } from './byte-source';
import { allocateSamples, ENCODING, isSupportedEncoding, sampleKindOf, SUPPORTED_ENCODINGS_TEXT, describeEncoding, type SampleArray } from './encodings';
import { SeismicFormatError } from './errors';
import type { MiniseedRecordHeader } from './record';
import { decodeSteim1 } from './steim1';
import { decodeSteim2 } from './steim2';

const BYTES_PER_SAMPLE: Readonly<Record<number, number>> = { 1: 2, 3: 4, 4: 4, 5: 8 };

/** Scratch buffer for Steim records decoded into float outputs; grown on demand, reused across calls. */
let steimScratch = new Int32Array(0);

/**
 * Decodes a record's samples into `out[outOffset .. outOffset + numSamples)`. Integer encodings
 * decode into any typed array (values are exact in Int32/Float64; Float32 rounds above 2^24);
 * float encodings should go into a float array of at least their precision.
 */
export function decodeRecordSamples(source: ByteSource, header: MiniseedRecordHeader, out: SampleArray, outOffset: number): void {
  const { numSamples, encoding } = header;
  if (numSamples === 0) return;
  if (outOffset < 0 || outOffset + numSamples > out.length) {
    throw new RangeError(`outOffset: expected room for ${numSamples} samples at ${outOffset} in an array of ${out.length}`);
  }
  if (!isSupportedEncoding(encoding)) {
    throw new SeismicFormatError(source.file, header.offset, 'unknown-encoding', SUPPORTED_ENCODINGS_TEXT, `encoding ${describeEncoding(encoding)}`);
  }
  if (encoding === ENCODING.STEIM1 || encoding === ENCODING.STEIM2) {
    const payload = { start: header.dataOffset, byteLength: header.dataLength, numSamples, littleEndian: header.dataLittleEndian };
    const decode = encoding === ENCODING.STEIM1 ? decodeSteim1 : decodeSteim2;
    if (out instanceof Int32Array) {
      decode(source, payload, out, outOffset);
      return;
    }
    if (steimScratch.length < numSamples) steimScratch = new Int32Array(numSamples);
    decode(source, payload, steimScratch, 0);
    for (let i = 0; i < numSamples; i++) out[outOffset + i] = steimScratch[i] as number;
    return;
  }
  decodePrimitive(source, header, out, outOffset);
}

/** Decodes a record's samples into a new array of its natural type (Int32Array for integer encodings). */
export function decodeRecord(source: ByteSource, header: MiniseedRecordHeader): SampleArray {
  if (header.numSamples === 0) return new Int32Array(0);
  if (!isSupportedEncoding(header.encoding)) {
    throw new SeismicFormatError(source.file, header.offset, 'unknown-encoding', SUPPORTED_ENCODINGS_TEXT, `encoding ${describeEncoding(header.encoding)}`);
  }
  const out = allocateSamples(sampleKindOf(header.encoding), header.numSamples);
  decodeRecordSamples(source, header, out, 0);
  return out;
}

function decodePrimitive(source: ByteSource, header: MiniseedRecordHeader, out: SampleArray, outOffset: number): void {
  const { view } = source;
  const { numSamples, encoding, dataOffset, dataLittleEndian: le } = header;
  const size = BYTES_PER_SAMPLE[encoding] as number;
  if (numSamples * size > header.dataLength) {
    throw new SeismicFormatError(
      source.file,
      dataOffset,
      'corrupt-data',
      `${numSamples} samples of ${size} bytes (${numSamples * size} bytes) in the data section`,
      `${header.dataLength} bytes`,
    );
  }
  const end = outOffset + numSamples;
  let at = dataOffset;
  if (encoding === ENCODING.INT16) for (let i = outOffset; i < end; i++, at += 2) out[i] = view.getInt16(at, le);
  else if (encoding === ENCODING.INT32) for (let i = outOffset; i < end; i++, at += 4) out[i] = view.getInt32(at, le);
  else if (encoding === ENCODING.FLOAT32) for (let i = outOffset; i < end; i++, at += 4) out[i] = view.getFloat32(at, le);
  else for (let i = outOffset; i < end; i++, at += 8) out[i] = view.getFloat64(at, le);
}
