/**
 * Serialises a TensorFlow graph as a SavedModel (`saved_model.pb`) with one MetaGraphDef and no
 * variables directory, which TensorFlow's loader accepts as is (nothing to restore), so that
 * tfjs-node's `loadSavedModelMetaGraph` / `runSavedModel` (TF_LoadSessionFromSavedModel +
 * TF_SessionRun) can execute it. Field numbers are those of tensorflow/core/protobuf/saved_model.proto,
 * meta_graph.proto and tensorflow/core/framework/{graph,node_def,attr_value,tensor,tensor_shape,
 * versions}.proto (checked against the kXxxFieldNumber constants of the TF 2.21 wheel's *.pb.h).
 */
import { ProtobufWriter } from './protobuf-writer';

/** TensorFlow DataType enum values used here (types.proto). */
export const DT = { float: 1, int32: 3, int64: 9, bool: 10, resource: 20 } as const;
export type DataTypeCode = (typeof DT)[keyof typeof DT];

/** -1 is an unknown dimension. */
export type Shape = readonly number[];

export interface TensorValue {
  dtype: DataTypeCode;
  shape: Shape;
  /** float32 or int32 values, written as tensor_content (little endian). */
  values: Float32Array | Int32Array;
}

/** One AttrValue (only the variants our graphs use). */
export type AttrValue =
  | { s: string }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { type: DataTypeCode }
  | { shape: Shape }
  | { tensor: TensorValue }
  | { listInts: readonly number[] }
  | { listTypes: readonly DataTypeCode[] }
  | { listShapes: readonly Shape[] };

export interface NodeDef {
  name: string;
  op: string;
  /** "node", "node:1" or "^node" (control input), data inputs first. */
  inputs: readonly string[];
  attrs: Readonly<Record<string, AttrValue>>;
}

function writeShape(w: ProtobufWriter, shape: Shape): void {
  for (const size of shape) w.message(2, (dim) => dim.int(1, size));
}

function writeTensor(w: ProtobufWriter, t: TensorValue): void {
  w.int(1, t.dtype);
  w.message(2, (s) => writeShape(s, t.shape));
  w.bytes(4, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
}

function writeAttr(w: ProtobufWriter, value: AttrValue): void {
  if ('s' in value) w.string(2, value.s);
  else if ('i' in value) w.int(3, value.i);
  else if ('f' in value) w.float(4, value.f);
  else if ('b' in value) w.int(5, value.b);
  else if ('type' in value) w.int(6, value.type);
  else if ('shape' in value) w.message(7, (s) => writeShape(s, value.shape));
  else if ('tensor' in value) w.message(8, (t) => writeTensor(t, value.tensor));
  else if ('listInts' in value) w.message(1, (l) => (value.listInts.length > 0 ? l.packedInts(3, value.listInts) : undefined));
  else if ('listTypes' in value) w.message(1, (l) => (value.listTypes.length > 0 ? l.packedInts(6, value.listTypes) : undefined));
  else w.message(1, (l) => value.listShapes.forEach((shape) => l.message(7, (s) => writeShape(s, shape))));
}

function writeNode(w: ProtobufWriter, node: NodeDef): void {
  w.string(1, node.name);
  w.string(2, node.op);
  for (const input of node.inputs) w.string(3, input);
  for (const name of Object.keys(node.attrs).sort()) {
    const value = node.attrs[name] as AttrValue;
    w.message(5, (entry) => {
      entry.string(1, name);
      entry.message(2, (a) => writeAttr(a, value));
    });
  }
}

/** GraphDef producer version written into the graph (TF_GRAPH_DEF_VERSION of TF 2.21). */
export const GRAPH_DEF_PRODUCER = 2474;

/** Serialised GraphDef. */
export function encodeGraphDef(nodes: readonly NodeDef[]): Uint8Array {
  const w = new ProtobufWriter();
  for (const node of nodes) w.message(1, (n) => writeNode(n, node));
  w.message(4, (v) => v.int(1, GRAPH_DEF_PRODUCER));
  return w.finish();
}

/** Serialised SavedModel with one MetaGraphDef carrying `tags` and the graph. */
export function encodeSavedModel(nodes: readonly NodeDef[], tags: readonly string[] = ['serve']): Uint8Array {
  const graphDef = encodeGraphDef(nodes);
  const w = new ProtobufWriter();
  w.int(1, 1);
  w.message(2, (meta) => {
    meta.message(1, (info) => {
      for (const tag of tags) info.string(4, tag);
    });
    meta.bytes(2, graphDef);
  });
  return w.finish();
}
