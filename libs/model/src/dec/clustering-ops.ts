import * as tf from '@tensorflow/tfjs';

/**
 * DEC's soft assignment as differentiable tfjs ops (Xie et al. 2016, eq. 1):
 *   q_ij = (1 + |z_i - mu_j|^2 / alpha)^(-(alpha + 1) / 2) / sum_j' (same with mu_j')
 * z: (n, d) embeddings, centroids: (k, d); returns (n, k), rows summing to 1. Gradients flow to both.
 * Distances by broadcasting (n, 1, d) - (1, k, d): k and d are small (tens), and it avoids the
 * transposed matMul that is slow on wasm.
 */
export function softAssignment(z: tf.Tensor2D, centroids: tf.Tensor2D, alpha = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const diff = tf.sub(tf.expandDims(z, 1), tf.expandDims(centroids, 0));
    const squared = tf.sum(tf.square(diff), 2);
    const kernel = tf.pow(tf.add(tf.div(squared, alpha), 1), -(alpha + 1) / 2);
    return tf.div(kernel, tf.sum(kernel, 1, true)) as tf.Tensor2D;
  });
}

/**
 * DEC's auxiliary target (eq. 3): p_ij = (q_ij^2 / f_j) / sum_j' (q_ij'^2 / f_j'), f_j = sum_i q_ij,
 * as tfjs ops over the rows given (the training loop computes it on the host over the whole data set).
 */
export function targetDistributionTf(q: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const weight = tf.div(tf.square(q), tf.sum(q, 0, true));
    return tf.div(weight, tf.sum(weight, 1, true)) as tf.Tensor2D;
  });
}

/**
 * KL(P || Q) = sum_j p_ij log(p_ij / q_ij), averaged over the rows (Keras' `kld` loss, which clips
 * both to [1e-7, 1] so that zero targets contribute nothing and log stays finite).
 */
export function klDivergenceLoss(p: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const pc = tf.clipByValue(p, 1e-7, 1);
    const qc = tf.clipByValue(q, 1e-7, 1);
    return tf.mean(tf.sum(tf.mul(pc, tf.log(tf.div(pc, qc))), 1)) as tf.Scalar;
  });
}
