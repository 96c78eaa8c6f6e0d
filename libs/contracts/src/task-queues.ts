/**
 * Temporal task queues, one per worker service. Workers poll exactly one of these; workflows route
 * activities to them. Changing a name here is a deployment change (infra/k8s reads the same names).
 */
export const TASK_QUEUES = {
  /** Workflows only (reprocessArchive, k-sweep children). */
  orchestrator: 'seisdec-orchestrator',
  /** Archive walking, miniSEED decoding, preprocessing and windowing. */
  ingest: 'seisdec-ingest',
  /** Spectrograms and dataset statistics. */
  featurise: 'seisdec-featurise',
  /** Autoencoder pretraining, embedding and DEC fine-tuning: the only queue whose workers load tfjs. */
  gpu: 'seisdec-gpu',
  /** k-means restarts, k-selection scores and the report. */
  cluster: 'seisdec-cluster',
} as const;

export type TaskQueueName = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];
