export { kmeans, type KmeansOptions, type KmeansResult } from './kmeans';
export { createRng, type Rng } from './rng';
