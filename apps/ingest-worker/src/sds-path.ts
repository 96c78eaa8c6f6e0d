/**
 * SDS file paths: `YEAR/NET/STA/CHAN.TYPE/NET.STA.LOC.CHAN.TYPE.YEAR.DOY` (SeisComP Data Structure).
 * Returns the stream id and day, or why the path is not an SDS data file.
 */
export function parseSdsPath(relativePath: string): { stream: string; day: string } | { reason: string } {
  const parts = relativePath.split('/');
  if (parts.length !== 5) return { reason: `expected YEAR/NET/STA/CHAN.D/NET.STA.LOC.CHAN.D.YEAR.DOY, got ${parts.length} path segments` };
  const [year, net, sta, chanDir, file] = parts as [string, string, string, string, string];
  const m = /^([A-Z0-9]{1,2})\.([A-Z0-9]{1,5})\.([A-Z0-9]{0,2})\.([A-Z0-9]{3})\.([A-Z])\.(\d{4})\.(\d{3})$/i.exec(file);
  if (!m) return { reason: 'file name is not NET.STA.LOC.CHAN.TYPE.YEAR.DOY' };
  const [, fNet, fSta, loc, chan, type, fYear, doy] = m as unknown as [string, string, string, string, string, string, string, string];
  if (fNet !== net || fSta !== sta || `${chan}.${type}` !== chanDir || fYear !== year) {
    return { reason: `file name ${file} does not match its directory ${year}/${net}/${sta}/${chanDir}` };
  }
  const dayOfYear = Number(doy);
  if (dayOfYear < 1 || dayOfYear > 366) return { reason: `day of year ${doy} is outside 001-366` };
  return { stream: `${net}.${sta}.${loc}.${chan}`, day: `${year}.${doy}` };
}
