import { formatIssues } from './connection';
import { StageArchiveInputSchema, stageArchiveWorkflowId } from './stage-archive';
import { SEARCH_ATTRIBUTES, SearchAttributeKindSchema } from './search-attributes';
import { TASK_QUEUES } from './task-queues';

describe('StageArchiveInputSchema', () => {
  it('fills defaults', () => {
    expect(StageArchiveInputSchema.parse({ archive: 'luhu', sourceDir: '/data/luhu/sds' })).toEqual({
      archive: 'luhu',
      sourceDir: '/data/luhu/sds',
      batchSize: 16,
      concurrency: 4,
    });
  });

  it('explains every bad field in one message', () => {
    const result = StageArchiveInputSchema.safeParse({ archive: 'Luhu Data', sourceDir: 'data', batchSize: 0, prefix: 'x/' });
    expect(result.success).toBe(false);
    const message = formatIssues(result.error!);
    expect(message).toMatch(/archive: expected 1-63 lowercase/);
    expect(message).toMatch(/sourceDir: expected an absolute path/);
    expect(message).toMatch(/batchSize:/);
    expect(message).toMatch(/prefix: expected a key prefix without a trailing "\/"/);
  });

  it('builds business-key workflow IDs', () => {
    expect(stageArchiveWorkflowId('luhu')).toBe('stage/luhu');
  });
});

describe('registries', () => {
  it('has one distinct task queue per service', () => {
    const names = Object.values(TASK_QUEUES);
    expect(new Set(names).size).toBe(names.length);
    expect(TASK_QUEUES.gpu).toBe('seisdec-gpu');
  });

  it('declares search attributes with valid kinds', () => {
    for (const kind of Object.values(SEARCH_ATTRIBUTES)) expect(SearchAttributeKindSchema.parse(kind)).toBe(kind);
  });
});
