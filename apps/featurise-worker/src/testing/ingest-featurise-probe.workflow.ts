// Test-only workflow (bundled by the Temporal worker in ingest-featurise.temporal.spec.ts): drives the
// ingest and featurise activities the way reprocessArchive's first two stages do, so a test can
// prove they are registered on their services' task queues and that every input and result
// survives Temporal's payload serialisation.
import { proxyActivities } from '@temporalio/workflow';
import type {
  FeaturiseActivities,
  FeaturiseShardResult,
  IngestActivities,
  IngestUnitResult,
  PlanIngestResult,
  Preprocess,
  Selection,
  SpectrogramSettings,
  Windowing,
} from '@seisdec/contracts';

export interface ProbeInput {
  archive: string;
  prefix: string;
  selection: Selection;
  preprocess: Preprocess;
  windowing: Windowing;
  spectrogram: SpectrogramSettings;
  ingestQueue: string;
  featuriseQueue: string;
}

export interface ProbeResult {
  plan: PlanIngestResult;
  units: IngestUnitResult[];
  shards: FeaturiseShardResult[];
  dataset: { datasetKey: string; count: number; reused: boolean };
}

export async function ingestFeaturiseProbe(input: ProbeInput): Promise<ProbeResult> {
  const options = { startToCloseTimeout: '2 minutes', heartbeatTimeout: '1 minute', retry: { maximumAttempts: 3, initialInterval: '1 second' } } as const;
  const ingest = proxyActivities<IngestActivities>({ ...options, taskQueue: input.ingestQueue });
  const featurise = proxyActivities<FeaturiseActivities>({ ...options, taskQueue: input.featuriseQueue });
  const { archive, prefix, selection, preprocess, windowing, spectrogram } = input;
  const plan = await ingest.planIngest({ archive, prefix, selection });
  const units = await Promise.all(Array.from({ length: plan.units }, (_, index) => ingest.ingestStationDay({ unitsKey: plan.unitsKey, index, selection, preprocess, windowing })));
  const shards = await Promise.all(
    units.flatMap((unit) => (unit.windows && unit.metaKey ? [featurise.featuriseShard({ windows: unit.windows, metaKey: unit.metaKey, spectrogram })] : [])),
  );
  const dataset = await featurise.buildDataset({ shards, normalisation: spectrogram.datasetNormalisation });
  return { plan, units, shards, dataset };
}
