import type { BlobSpec } from './blobs';

/** The sweep benchmark data: the size of the slope-hazard data set's latent space. */
export const sweepSpec: BlobSpec = { nRows: 47049, dim: 64, centres: 6, box: 4, stdMin: 1, stdMax: 2.5, seed: 42 };
