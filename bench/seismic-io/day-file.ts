import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { concat, shiftRecordStart, splitRecords } from '../../libs/seismic-io/src/testing/records';

export const WORKSPACE = path.resolve(__dirname, '../..');
export const LUHU_SDS = path.join(WORKSPACE, 'data/luhu/sds');
export const BENCH_DIR = path.join(tmpdir(), 'seisdec-bench-seismic-io');

/**
 * A full station-day at 100 Hz made of real data: the 80-minute Luhu file (129 Steim-2 records of
 * 4096 bytes, 480 001 samples) repeated 18 times, each copy's record times moved on by 4800.01 s so
 * the copies join without gap or overlap: 8 640 018 samples, 2322 records, about 9.5 MB.
 */
export function fullDayFile(sourceKey: string, dayOffsetDays = 0): Uint8Array {
  const records = splitRecords(readFileSync(path.join(LUHU_SDS, sourceKey)), sourceKey);
  const parts: Uint8Array[] = [];
  for (let copy = 0; copy < 18; copy++) {
    for (const r of records) parts.push(shiftRecordStart(r.bytes, copy * 4800.01 + dayOffsetDays * 86_400));
  }
  return concat(parts);
}

/** Writes `days` x 3 components of full-day files as an SDS tree under BENCH_DIR/sds; returns the root. */
export function writeSdsArchive(days: number): string {
  const root = path.join(BENCH_DIR, 'sds');
  for (const component of ['EHE', 'EHN', 'EHZ']) {
    const source = `2020/TW/LH01/${component}.D/TW.LH01.00.${component}.D.2020.088`;
    for (let d = 0; d < days; d++) {
      const doy = String(88 + d).padStart(3, '0');
      const dir = path.join(root, '2020/TW/LH01', `${component}.D`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `TW.LH01.00.${component}.D.2020.${doy}`), fullDayFile(source, d));
    }
  }
  return root;
}

export function writeDayFile(): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, 'TW.LH01.00.EHZ.D.2020.088.fullday');
  writeFileSync(file, fullDayFile('2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088'));
  return file;
}
