import { proxyActivities } from '@temporalio/workflow';
import type { ClusterActivities, ClusterSettings, ReportInput, ReportResult, SweepPointResult } from '@seisdec/contracts';

/**
 * Test-only workflow (bundled by cluster-worker.temporal.spec.ts): the parent workflow's last two
 * cluster steps, selecting k from a sweep and writing the report, on a given cluster task queue.
 */
export async function selectAndReport(input: {
  clusterTaskQueue: string;
  sweep: SweepPointResult[];
  criterion: ClusterSettings['criterion'];
  report: Omit<ReportInput, 'k' | 'sweep' | 'criterion'>;
}): Promise<{ k: number; explanation: string; report: ReportResult }> {
  const cluster = proxyActivities<ClusterActivities>({
    taskQueue: input.clusterTaskQueue,
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumAttempts: 3 },
  });
  const { k, explanation } = await cluster.selectK({ sweep: input.sweep, criterion: input.criterion });
  const report = await cluster.writeReport({ ...input.report, k, sweep: input.sweep, criterion: input.criterion });
  return { k, explanation, report };
}
