/**
 * A minimal protocol-buffers wire-format writer (proto3 encoding rules), enough to serialise the
 * few TensorFlow messages in graph-proto.ts. Hand-written instead of a registry library because
 * the messages are few and fixed, the generated code of a protobuf compiler would need the
 * TensorFlow .proto sources (not in any npm package we install), and the project has no direct
 * protobuf dependency (protobufjs / google-protobuf are only transitive ones).
 *
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. Field key = (number << 3) | type.
 * Negative int32/int64 values are written as 10-byte two's-complement varints, as protobuf does.
 */
export class ProtobufWriter {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];

  /** A varint-encoded unsigned value (used for keys, lengths and non-negative integers). */
  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      this.scratch.push(v === 0n ? byte : byte | 0x80);
    } while (v !== 0n);
  }

  private flushScratch(): void {
    if (this.scratch.length > 0) {
      this.chunks.push(Uint8Array.from(this.scratch));
      this.scratch = [];
    }
  }

  private key(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint((field << 3) | wireType);
  }

  /** int32 / int64 / enum / bool field (varint). */
  int(field: number, value: number | bigint | boolean): this {
    this.key(field, 0);
    this.varint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return this;
  }

  /** float field (fixed32, little endian). */
  float(field: number, value: number): this {
    this.key(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.scratch.push(...bytes);
    return this;
  }

  /** bytes field. */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    this.flushScratch();
    this.chunks.push(value);
    return this;
  }

  /** string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** Embedded message field. */
  message(field: number, build: (w: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated varint field (int32/int64/enum). */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtobufWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated float field. */
  packedFloats(field: number, values: readonly number[]): this {
    const bytes = new Uint8Array(4 * values.length);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(4 * i, v, true));
    return this.bytes(field, bytes);
  }

  /** The serialised message. */
  finish(): Uint8Array {
    this.flushScratch();
    const total = this.chunks.reduce((sum, c) => sum + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
