import type { QuarantinedFile, StageOutcome, SweepPointResult } from '@seisdec/contracts';

/** The facts index.html shows, as `summary.json`. */
export interface ReportSummary {
  archive: string;
  runId: string;
  generatedAt: string;
  windows: number;
  stations: string[];
  channels: string[];
  k: number;
  kSelection: { criterion: string; explanation: string; fixed: boolean };
  clusterSizes: number[];
  decIterations: number;
  sweep: SweepPointResult[];
  pretraining: { epochs: number; seconds: number; finalLoss: number | null; bestValLoss: number | null };
  stages: StageOutcome[];
  quarantined: QuarantinedFile[];
  /** File names relative to the report prefix. */
  files: { index: string; summary: string; labelsCsv: string; figures: { name: string; title: string; caption: string; svg: string; png: string }[] };
}
