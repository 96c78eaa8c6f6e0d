/**
 * Reader for the IDX format of (Fashion-)MNIST: big-endian header `0x00 0x00 <type> <ndims>`, then
 * ndims uint32 sizes, then the values row-major. Only unsigned bytes (type 0x08) occur in these sets.
 * Files ending in .gz are gunzipped first.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array): IdxArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4 || view.getUint16(0) !== 0) throw new Error('idx: missing the 0x0000 magic prefix');
  const type = view.getUint8(2);
  if (type !== 0x08) throw new Error(`idx: only unsigned byte data (0x08) is supported, got 0x${type.toString(16)}`);
  const ndims = view.getUint8(3);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * ndims;
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength - offset !== size) throw new Error(`idx: header announces ${size} values, file has ${bytes.byteLength - offset}`);
  return { shape, data: bytes.subarray(offset) };
}

export function readIdxFile(file: string): IdxArray {
  const raw = readFileSync(file);
  return parseIdx(file.endsWith('.gz') ? gunzipSync(raw) : raw);
}

/** All 70,000 images (train then test) scaled to [0, 1], and their labels. */
export function loadFashionMnist(directory: string): { images: Float32Array; labels: Int32Array; count: number; height: number; width: number } {
  const parts = ['train', 't10k'].map((split) => ({
    images: readIdxFile(`${directory}/${split}-images-idx3-ubyte.gz`),
    labels: readIdxFile(`${directory}/${split}-labels-idx1-ubyte.gz`),
  }));
  const count = parts.reduce((n, p) => n + p.labels.shape[0]!, 0);
  const [, height, width] = parts[0]!.images.shape as [number, number, number];
  const images = new Float32Array(count * height * width);
  const labels = new Int32Array(count);
  let row = 0;
  for (const part of parts) {
    if (part.images.shape[0] !== part.labels.shape[0]) throw new Error('idx: image and label counts differ');
    for (let i = 0; i < part.images.data.length; i++) images[row * height * width + i] = part.images.data[i]! / 255;
    labels.set(part.labels.data, row);
    row += part.labels.shape[0]!;
  }
  return { images, labels, count, height, width };
}
