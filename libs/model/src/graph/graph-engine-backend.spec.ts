import * as tf from '@tensorflow/tfjs';
import { CLUSTREMOR_ARCHITECTURE } from '../architecture/architecture';
import { GraphAutoencoderTrainer } from './graph-trainer';

describe('graph engine on a non-native backend', () => {
  it('refuses to start, naming the backend it needs and the one that is active', async () => {
    await tf.setBackend('cpu');
    expect(() => new GraphAutoencoderTrainer(CLUSTREMOR_ARCHITECTURE, { kind: 'adam' })).toThrow(
      /graph engine: needs the native 'tensorflow' backend of @tensorflow\/tfjs-node .*the active backend is 'cpu'/,
    );
  });
});
