import { ProtobufWriter } from './protobuf-writer';
import { DT, encodeSavedModel } from './graph-proto';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('ProtobufWriter', () => {
  it('writes varints as in the protobuf encoding guide (150 -> 08 96 01, 300 -> ac 02)', () => {
    expect(hex(new ProtobufWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtobufWriter().int(2, 300).finish())).toBe('10ac02');
    expect(hex(new ProtobufWriter().int(1, 0).int(1, true).finish())).toBe('08000801');
  });

  it('writes negative integers as 10-byte two-complement varints (-1 as an unknown dimension)', () => {
    expect(hex(new ProtobufWriter().int(1, -1).finish())).toBe('08ffffffffffffffffff01');
  });

  it('writes length-delimited strings, nested messages, packed varints and little-endian floats', () => {
    expect(hex(new ProtobufWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtobufWriter().message(3, (w) => w.int(1, 150)).finish())).toBe('1a03089601');
    expect(hex(new ProtobufWriter().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
    expect(hex(new ProtobufWriter().float(4, 1).finish())).toBe('250000803f');
    expect(hex(new ProtobufWriter().packedFloats(5, [1, -2]).finish())).toBe('2a080000803f000000c0');
  });
});

describe('encodeSavedModel', () => {
  it('encodes SavedModel{schema 1, MetaGraphDef{tags, GraphDef{NodeDef, versions}}} byte for byte', () => {
    const bytes = encodeSavedModel([{ name: 'x', op: 'Placeholder', inputs: [], attrs: { dtype: { type: DT.float }, shape: { shape: [-1, 2] } } }]);
    // NodeDef: name "x", op "Placeholder", attr entries sorted by key.
    const dtypeEntry = '0a05' + hex(Buffer.from('dtype')) + '1202' + '3001'; // key, AttrValue{type: DT_FLOAT}
    const shapeValue = '3a' + '11' + '120b08ffffffffffffffffff01' + '12020802'; // AttrValue{shape{dim{-1} (11 bytes + key and length), dim{2}}}: 17 bytes
    const shapeEntry = '0a05' + hex(Buffer.from('shape')) + '1213' + shapeValue;
    const node = '0a0178' + '120b' + hex(Buffer.from('Placeholder')) + '2a0b' + dtypeEntry + '2a1c' + shapeEntry;
    const graph = '0a' + (node.length / 2).toString(16) + node + '2203' + '08aa13'; // versions{producer: 2474}
    const meta = '0a07' + '2205' + hex(Buffer.from('serve')) + '12' + (graph.length / 2).toString(16) + graph;
    expect(hex(bytes)).toBe('0801' + '12' + (meta.length / 2).toString(16) + meta);
  });
});
