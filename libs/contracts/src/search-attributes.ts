import { z } from 'zod';

/**
 * Custom search attributes that seisdec workflows upsert, so runs can be filtered in the Temporal UI
 * and with `temporal workflow list --query`. The dev stack and the Kubernetes registration Job
 * register exactly this list.
 */
export const SEARCH_ATTRIBUTES = {
  /** Archive being reprocessed, e.g. `luhu`. */
  SeisdecArchive: 'Keyword',
  /** Current pipeline stage, e.g. `ingest`, `pretrain`, `ksweep`. */
  SeisdecStage: 'Keyword',
  /** `running`, `completed`, `failed`. */
  SeisdecStatus: 'Keyword',
} as const satisfies Record<string, SearchAttributeKind>;

export const SearchAttributeKindSchema = z.enum(['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList']);
export type SearchAttributeKind = z.infer<typeof SearchAttributeKindSchema>;
export type SeisdecSearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;
