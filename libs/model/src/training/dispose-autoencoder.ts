import type { Autoencoder } from '../architecture/build-autoencoder';

/**
 * Releases the weights of an autoencoder's three views (autoencoder, encoder and decoder share one
 * set of weight variables). Not `autoencoder.dispose()`: tfjs counts a layer once per symbolic
 * call, and the decoder's layers are called twice (decoder and autoencoder views), so disposing
 * one model leaves them allocated, and disposing all three in turn trips over the encoder layers
 * the autoencoder and the encoder share.
 */
export function disposeAutoencoder(model: Autoencoder): void {
  for (const weight of model.autoencoder.weights) weight.dispose();
}
