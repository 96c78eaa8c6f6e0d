import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { selectK } from '@seisdec/cluster';
import { getTensor, putTensor } from '@seisdec/store';
import { buildSyntheticRun, type SyntheticRun } from '../testing/synthetic-run';
import { rejectionOf, tempStore } from '../testing/temp-store';
import { clusterOverTimeFigure } from './figures/cluster-over-time';
import { meanSpectrogramsFigure } from './figures/mean-spectrograms';
import { LABELS_CSV_HEADER } from './labels-csv';
import type { ClusterSpectrogram, WindowRow } from './run-data';
import type { ReportSummary } from './summary';
import { writeReport } from './write-report';

const FIGURES = ['cluster-over-time', 'k-selection', 'training-loss', 'mean-spectrograms', 'cluster-sizes'];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let env: Awaited<ReturnType<typeof tempStore>>;
let run: SyntheticRun;
let result: Awaited<ReturnType<typeof writeReport>>;
const text = async (name: string) => (await env.store.get(`${result.prefix}/${name}`)).toString('utf8');

beforeAll(async () => {
  env = await tempStore();
  // 3 stations x 2 days x 12 windows = 72 windows, k = 4, 32 x 32 x 3 spectrograms.
  run = await buildSyntheticRun(env.store, { prefix: 'runs/small' });
  result = await writeReport(env.store, run.input);
}, 60_000);
afterAll(() => env.cleanup());

describe('writeReport on a small synthetic run', () => {
  it('writes every file under reports/<archive>/<runId>/ and returns their keys', () => {
    expect(result.prefix).toBe('reports/synthetic/run-1');
    expect(result.indexKey).toBe('reports/synthetic/run-1/index.html');
    expect(result.labelsCsvKey).toBe('reports/synthetic/run-1/labels.csv');
    const names = ['labels.csv', ...FIGURES.flatMap((f) => [`${f}.svg`, `${f}.png`]), 'summary.json', 'index.html'];
    expect([...result.files].sort()).toEqual(names.map((n) => `${result.prefix}/${n}`).sort());
  });

  it('labels.csv has the header and one row per window in dataset order', async () => {
    const lines = (await text('labels.csv')).trimEnd().split('\n');
    expect(lines[0]).toBe('station,channels,window_start_utc,window_end_utc,cluster,max_q');
    expect(lines[0]!.split(',')).toEqual([...LABELS_CSV_HEADER]);
    const windows = run.metas.flatMap((m) => m.windows.map((w) => ({ station: m.station, channels: m.components.join('|'), ...w })));
    expect(lines).toHaveLength(1 + 72);
    expect(windows).toHaveLength(72);
    const q = await getTensor(env.store, { ...run.input.dec.q, dtype: 'float32' });
    windows.forEach((w, i) => {
      const maxQ = Math.max(...q.subarray(i * 4, i * 4 + 4));
      expect(lines[i + 1]).toBe(`${w.station},${w.channels},${w.start},${w.end},${run.labels[i]},${maxQ.toFixed(6)}`);
    });
    expect(lines[1]).toMatch(/^TW\.LH01\.00,EHE\|EHN\|EHZ,2020-03-28T0\d:\d\d:\d\d\.000Z,2020-03-28T0\d:\d\d:\d\d\.000Z,[0-3],0\.\d{6}$/);
  });

  it.each(FIGURES)('%s.svg is well-formed SVG', async (name) => {
    const svg = await text(`${name}.svg`);
    expect(XMLValidator.validate(svg)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as Record<string, Record<string, string>>;
    expect(Object.keys(parsed)).toEqual(['svg']);
    expect(parsed['svg']!['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(Number(parsed['svg']!['@_width'])).toBeGreaterThan(200);
    expect(Number(parsed['svg']!['@_height'])).toBeGreaterThan(150);
  });

  it('the figures show what they claim', async () => {
    expect(await text('k-selection.svg')).toContain('>chosen k = 4<');
    const overTime = await text('cluster-over-time.svg');
    for (const station of ['TW.LH01.00', 'TW.LH02.00', 'TW.LH03.00']) expect(overTime).toContain(`>${station}<`);
    expect(overTime).toContain('2020-03-28 03:');
    expect(overTime).toContain('2020-04-06 03:');
    const spectra = await text('mean-spectrograms.svg');
    for (const label of ['cluster 0', 'cluster 3', '>EHE<', '>EHZ<']) expect(spectra).toContain(label);
    expect(await text('training-loss.svg')).toContain('validation loss');
  });

  it.each(FIGURES)('%s.png is a PNG of plausible size', async (name) => {
    const png = await env.store.get(`${result.prefix}/${name}.png`);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThanOrEqual(500);
    expect(width).toBeLessThanOrEqual(4000);
    expect(height).toBeGreaterThanOrEqual(400);
    expect(height).toBeLessThanOrEqual(4000);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('index.html shows every figure, links labels.csv and states the run summary', async () => {
    const html = await text('index.html');
    for (const f of FIGURES) {
      expect(html).toContain(`<img src="${f}.svg"`);
      expect(html).toContain(`<a href="${f}.png">`);
    }
    expect(html).toContain('<a href="labels.csv">');
    expect(html).toContain('<a href="summary.json">');
    expect(html).toMatch(/Chosen k<\/th><td><strong>4<\/strong> by calinski-harabasz/);
    expect(html).toContain('k = 4 has the highest Calinski-Harabasz score');
    expect(html).toContain('Steim-2 frame 3: integration constant mismatch');
    expect(html).toMatch(/<td>pretrain<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">131\.7<\/td>/);
    expect(html).toMatch(/<td>featurise<\/td><td class="num">0<\/td><td class="num">6<\/td>/);
  });

  it('summary.json holds the same facts', async () => {
    const summary = JSON.parse(await text('summary.json')) as ReportSummary;
    const sizes = [0, 1, 2, 3].map((j) => run.labels.filter((l) => l === j).length);
    expect(summary).toMatchObject({
      archive: 'synthetic',
      runId: 'run-1',
      windows: 72,
      stations: ['TW.LH01.00', 'TW.LH02.00', 'TW.LH03.00'],
      channels: ['EHE', 'EHN', 'EHZ'],
      k: 4,
      kSelection: { criterion: 'calinski-harabasz', explanation: selectK(run.input.sweep, 'calinski-harabasz').explanation, fixed: false },
      clusterSizes: sizes,
      decIterations: 840,
      stages: run.input.stages,
      quarantined: run.input.quarantined,
      pretraining: { epochs: 30 },
    });
    expect(summary.files.figures.map((f) => f.png)).toEqual(FIGURES.map((f) => `${f}.png`));
    expect(sizes.reduce((a, b) => a + b)).toBe(72);
  });

  it('says when k was fixed rather than chosen by the criterion', async () => {
    const fixed = await writeReport(env.store, { ...run.input, runId: 'fixed-k', k: 3, dec: { ...run.input.dec, ...(await threeClusters()) } });
    const summary = JSON.parse((await env.store.get(`${fixed.prefix}/summary.json`)).toString('utf8')) as ReportSummary;
    expect(summary.kSelection).toMatchObject({ fixed: true, explanation: 'k = 3 was fixed in the run settings (the calinski-harabasz criterion alone would pick k = 4).' });
    expect((await env.store.get(`${fixed.prefix}/k-selection.svg`)).toString('utf8')).toContain('>chosen k = 3 (fixed)<');

    const onlyK = await writeReport(env.store, { ...run.input, runId: 'only-k', sweep: run.input.sweep.filter((p) => p.k === 4) });
    const onlySummary = JSON.parse((await env.store.get(`${onlyK.prefix}/summary.json`)).toString('utf8')) as ReportSummary;
    expect(onlySummary.kSelection).toMatchObject({ fixed: true, explanation: 'k = 4 was fixed in the run settings; only that k was scored.' });
  });
});

/** DEC output for k = 3 over the same windows (cluster 3 merged into 2). */
async function threeClusters() {
  const labels = run.labels.map((l) => Math.min(l, 2));
  const q = Float32Array.from({ length: 72 * 3 }, (_, i) => (i % 3 === labels[Math.floor(i / 3)] ? 0.8 : 0.1));
  return { labels: await putTensor(env.store, 'runs/small/dec/labels-k3.i32', labels, [72]), q: await putTensor(env.store, 'runs/small/dec/q-k3.f32', q, [72, 3]) };
}

describe('writeReport on bad input', () => {
  it('rejects labels whose count differs from the dataset, naming both counts', async () => {
    const short = await putTensor(env.store, 'runs/small/dec/labels-short.i32', run.labels.subarray(0, 71), [71]);
    const error = await rejectionOf(writeReport(env.store, { ...run.input, dec: { ...run.input.dec, labels: short } }));
    expect(error).toMatchObject({ nonRetryable: true, type: 'InvalidInput' });
    expect(error.message).toBe(
      'dec.labels runs/small/dec/labels-short.i32 has 71 labels but dataset runs/small/dataset.json has 72 windows; they must be the same windows in the same order',
    );
  });

  it('rejects q with the wrong number of clusters, labels out of range, and a dataset whose shards disagree with its count', async () => {
    const wrongK = await rejectionOf(writeReport(env.store, { ...run.input, k: 5 }));
    expect(wrongK.message).toMatch(/dec\.q runs\/small\/dec\/q\.f32 has 4 columns but k = 5/);

    const outOfRange = await putTensor(env.store, 'runs/small/dec/labels-bad.i32', Int32Array.from(run.labels, (l, i) => (i === 7 ? 9 : l)), [72]);
    const badLabel = await rejectionOf(writeReport(env.store, { ...run.input, dec: { ...run.input.dec, labels: outOfRange } }));
    expect(badLabel.message).toMatch(/window 7 has cluster 9, outside 0\.\.3 for k = 4/);

    const dataset = JSON.parse((await env.store.get(run.input.datasetKey)).toString('utf8')) as { shards: unknown[]; count: number };
    await env.store.put('runs/small/dataset-short.json', JSON.stringify({ ...dataset, shards: dataset.shards.slice(1) }));
    const missingShard = await rejectionOf(writeReport(env.store, { ...run.input, datasetKey: 'runs/small/dataset-short.json' }));
    expect(missingShard).toMatchObject({ nonRetryable: true });
    expect(missingShard.message).toMatch(/dataset runs\/small\/dataset-short\.json: count is 72 but its 5 shards hold 60 windows/);

    const noHistory = await rejectionOf(writeReport(env.store, { ...run.input, pretrainHistoryKey: 'runs/small/none.json' }));
    expect(noHistory.message).toMatch(/pretrainHistoryKey: object runs\/small\/none\.json does not exist/);

    const badInput = await rejectionOf(writeReport(env.store, { ...run.input, sweep: 'all' as never }));
    expect(badInput.message).toMatch(/writeReport: invalid input: sweep/);
  });
});

describe('figure size limits', () => {
  it('cluster-over-time thins ticks to one per cluster and time bin beyond 6,000 windows', () => {
    const start = Date.parse('2020-03-28T00:00:00Z');
    const windows: WindowRow[] = Array.from({ length: 20_000 }, (_, i) => ({
      station: `XX.S${i % 4}.00`,
      components: ['HHZ'],
      start: new Date(start + i * 60_000).toISOString(),
      end: new Date(start + i * 60_000 + 60_000).toISOString(),
      startMs: start + i * 60_000,
      cluster: Math.floor(i / 50) % 3,
      maxQ: 0.9,
    }));
    const figure = clusterOverTimeFigure(windows, 3);
    const values = (figure.spec as { data: { values: unknown[] } }).data.values;
    expect(values.length).toBeLessThan(4 * 480 * 3 + 1);
    expect(values.length).toBeGreaterThan(480);
    expect(figure.caption).toMatch(/one tick marks each cluster present in a 41\.7-minute bin/);
  });

  it('mean spectrograms are block-averaged to stay under the cell budget, preserving the mean', () => {
    const k = 15;
    const spectrograms: ClusterSpectrogram[] = Array.from({ length: k }, (_, cluster) => ({
      cluster,
      count: 10,
      mean: Float64Array.from({ length: 64 * 64 * 3 }, (_, i) => (i % 3) + cluster),
    }));
    const figure = meanSpectrogramsFigure(spectrograms, [64, 64, 3], ['E', 'N', 'Z'], 20);
    const values = (figure.spec as { data: { values: { value: number; channel: string; panel: string }[] } }).data.values;
    expect(values.length).toBe(k * 3 * 16 * 16); // factor 3 would give 45 x 22 x 22 = 21,780 cells; factor 4: 64 -> 16
    expect(values.length).toBeLessThanOrEqual(14_000);
    expect(values.find((v) => v.channel === 'Z' && v.panel.startsWith('cluster 4 '))?.value).toBe(6);
    expect(figure.caption).toMatch(/block-averaged 4×4 \(16×16 of 64×64 cells\)/);
  });

  it('labels the frequency axis in Hz from the run\'s band (row 0 the lowest), in bins without it', () => {
    const spectrograms: ClusterSpectrogram[] = [{ cluster: 0, count: 2, mean: Float64Array.from({ length: 64 * 64 }, (_, i) => Math.floor(i / 64)) }];
    type Spec = { data: { values: { f0: number; f1: number; value: number }[] }; spec: { encoding: { y: { scale: { domain: number[] }; axis: { title: string } } } } };
    const hz = meanSpectrogramsFigure(spectrograms, [64, 64, 1], ['Z'], 20, [1, 45]).spec as Spec;
    expect(hz.spec.encoding.y.axis.title).toBe('frequency (Hz)');
    expect(hz.spec.encoding.y.scale.domain).toEqual([1, 45]);
    // 44 Hz over 64 rows: row 32 (value 32) starts at 1 + 32 * 44 / 64 = 23 Hz.
    const row32 = hz.data.values.find((v) => v.value === 32)!;
    expect(row32.f0).toBeCloseTo(23, 10);
    expect(Math.min(...hz.data.values.map((v) => v.f0))).toBe(1);
    const bins = meanSpectrogramsFigure(spectrograms, [64, 64, 1], ['Z'], 20).spec as Spec;
    expect(bins.spec.encoding.y.axis.title).toBe('frequency bin');
    expect(bins.spec.encoding.y.scale.domain).toEqual([0, 64]);
  });
});
