/**
 * Test-only workflows that call the train activities the way reprocessArchive does (same contract
 * types, results passed on by key), on a task queue chosen by the test.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DecInput, DecResult, EmbedResult, PretrainInput, PretrainResult, TrainActivities } from '@seisdec/contracts';

const train = (taskQueue: string) =>
  proxyActivities<TrainActivities>({
    taskQueue,
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1, maximumAttempts: 3 },
  });

export async function pretrainThenEmbed(input: { taskQueue: string; pretrain: PretrainInput }): Promise<{ pretrained: PretrainResult; embedded: EmbedResult }> {
  const activities = train(input.taskQueue);
  const pretrained = await activities.pretrain(input.pretrain);
  const embedded = await activities.embed({ datasetKey: input.pretrain.datasetKey, modelKey: pretrained.modelKey });
  return { pretrained, embedded };
}

export async function decOnly(input: { taskQueue: string; dec: DecInput }): Promise<DecResult> {
  return train(input.taskQueue).decFineTune(input.dec);
}
