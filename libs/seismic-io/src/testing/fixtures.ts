import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SampleArray } from '../encodings';

/** Workspace root, so tests can name committed fixtures and data/luhu by their repository paths. */
export const WORKSPACE = path.resolve(__dirname, '../../../..');
export const FIXTURES = path.join(WORKSPACE, 'tools/fixtures/seismic-io');
export const LUHU_SDS = path.join(WORKSPACE, 'data/luhu/sds');
export const LUHU_EHZ_088 = 'data/luhu/sds/2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088';
export const LUHU_SAC = 'data/luhu/sac/TW.LH01.EHZ.00.2020.088.13.sac';

export function readRepoFile(relative: string): Buffer {
  return readFileSync(path.join(WORKSPACE, relative));
}

/** sha256 of samples as little-endian bytes of their own type: the checksum make_reference.py records. */
export function sha256OfSamples(data: SampleArray | Float32Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

interface Summary {
  npts: number;
  dtype: string;
  sha256: string;
  sum: number;
  min: number;
  max: number;
  first: number[];
  last: number[];
}

export interface Mseed2Reference {
  file: string;
  records: {
    offset: number;
    id: string;
    startNs: string;
    sampleRate: number;
    numSamples: number;
    encoding: number;
    byteorder: '<' | '>';
    recordLength: number;
    activityFlags: number;
    ioClockFlags: number;
    dataQualityFlags: number;
    timeCorrection: number;
    timingQuality: number | null;
  }[];
  traces: ({ id: string; startNs: string; sampleRate: number; quality: string } & Summary)[];
}

export interface Mseed3Reference {
  file: string;
  records: {
    offset: number;
    sourceId: string;
    startNs: string;
    sampleRate: number;
    numSamples: number;
    encoding: number;
    recordLength: number;
    crc: number;
    publicationVersion: number;
    extra: string | null;
  }[];
  traces: ({ sourceId: string; startNs: string; sampleRate: number } & Summary)[];
}

export interface SacReference extends Summary {
  file: string;
  id: string;
  startNs: string;
  sampleRate: number;
  header: Record<string, number | string>;
}

export interface NpyReference extends Partial<Summary> {
  file: string;
  shape: number[];
  descr: string;
  fortranOrder: boolean;
}

export interface Reference {
  versions: Record<string, string>;
  mseed2: Mseed2Reference[];
  mseed3: Mseed3Reference[];
  sac: SacReference[];
  npy: NpyReference[];
}

export const reference: Reference = JSON.parse(readFileSync(path.join(FIXTURES, 'reference.json'), 'utf8'));
