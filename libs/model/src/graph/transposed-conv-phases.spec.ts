import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../backend/init-backend';
import { GraphBuilder } from './graph-builder';
import { encodeSavedModel } from './graph-proto';
import { savedModelBackend } from './graph-trainer';
import { describeNative } from './native-for-tests';


interface Geometry {
  stride: number;
  dy: [number, number, number]; // h, w, inC
  kernel: [number, number];
  channels: number;
}

const geometries: Geometry[] = [
  { stride: 2, dy: [6, 8, 8], kernel: [7, 5], channels: 1 }, // ClusTremor's last layer, smaller
  { stride: 2, dy: [5, 3, 4], kernel: [5, 3], channels: 2 },
  { stride: 2, dy: [4, 4, 3], kernel: [1, 1], channels: 3 }, // kernel smaller than the stride
  { stride: 2, dy: [3, 5, 2], kernel: [2, 4], channels: 4 }, // even kernels
  { stride: 3, dy: [4, 3, 5], kernel: [7, 4], channels: 2 },
  { stride: 3, dy: [2, 2, 1], kernel: [2, 5], channels: 1 },
];

describeNative('conv2dBackpropInputByPhases against TF Conv2DBackpropInput', () => {
  beforeAll(async () => {
    expect((await initBackend({ prefer: 'tensorflow', log: () => undefined })).backend).toBe('tensorflow');
  });

  it.each(geometries)('gives the same output: stride $stride, dy $dy, kernel $kernel, $channels channels', ({ stride, dy, kernel, channels }) => {
    const [h, w, inC] = dy;
    const batch = 3;
    const output: [number, number, number] = [stride * h, stride * w, channels];
    const g = new GraphBuilder();
    const dyNode = g.placeholder('dy', [-1, h, w, inC]);
    const filter = g.placeholder('filter', [kernel[0], kernel[1], channels, inC]);
    const sizes = g.constInt32('sizes', [batch, ...output]);
    g.identity('reference', g.conv2dBackpropInput('bpi', sizes, filter, dyNode, { strides: [stride, stride], padding: 'SAME' }));
    g.identity('phases', g.conv2dBackpropInputByPhases('by_phases', dyNode, filter, { stride, kernel, output, inChannels: inC }));
    const dir = mkdtempSync(path.join(tmpdir(), 'seisdec-phases-'));
    const backend = savedModelBackend();
    let session: number;
    try {
      writeFileSync(path.join(dir, 'saved_model.pb'), encodeSavedModel(g.nodes));
      session = backend.loadSavedModelMetaGraph(dir, 'serve');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const dyValue = tf.randomNormal([batch, h, w, inC], 0, 1, 'float32', 1);
    const filterValue = tf.randomNormal([kernel[0], kernel[1], channels, inC], 0, 1, 'float32', 2);
    try {
      const [reference, phases] = backend.runSavedModel(session, [dyValue, filterValue], [{ name: 'dy:0' }, { name: 'filter:0' }], ['reference:0', 'phases:0']) as [tf.Tensor, tf.Tensor];
      expect(phases.shape).toEqual([batch, ...output]);
      const expected = reference.dataSync();
      const actual = phases.dataSync();
      const scale = Math.max(1, ...Array.from(expected, Math.abs));
      expect(Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i]!)))).toBeLessThanOrEqual(1e-5 * scale);
      tf.dispose([reference, phases]);
    } finally {
      backend.deleteSavedModel(session);
      tf.dispose([dyValue, filterValue]);
    }
  });
});
