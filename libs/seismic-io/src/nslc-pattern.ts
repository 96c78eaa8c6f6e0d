/** SEED codes of one channel. */
export interface Nslc {
  network: string;
  station: string;
  location: string;
  channel: string;
}

/** A compiled `NET.STA.LOC.CHA` glob; `literal` holds the codes that contain no wildcard. */
export interface NslcPattern {
  readonly pattern: string;
  matches(codes: Nslc): boolean;
  readonly literal: Partial<Nslc>;
}

/**
 * Compiles a `NET.STA.LOC.CHA` pattern such as `TW.LH0?.*.EH?`: four dot-separated parts, each a
 * shell-style glob (`*` any run, `?` one character, `[ABC]` / `[A-C]` / `[!A]` a set), matched per
 * part like obspy's `Stream.select`, case-sensitive. An empty location may be written `--` or left
 * empty (`TW.LH01..EHZ`).
 */
export function compileNslcPattern(pattern: string): NslcPattern {
  const parts = pattern.split('.');
  if (parts.length !== 4) {
    throw new RangeError(`patterns: expected NET.STA.LOC.CHA with four dot-separated parts (e.g. "TW.LH0?.*.EH?"), got ${JSON.stringify(pattern)}`);
  }
  const [network = '', station = '', location = '', channel = ''] = parts.map((p, i) => (i === 2 && p === '--' ? '' : p));
  const regexes = [network, station, location, channel].map((part) => globToRegExp(part, pattern));
  const literal: Partial<Nslc> = {};
  (['network', 'station', 'location', 'channel'] as const).forEach((key, i) => {
    const part = [network, station, location, channel][i] as string;
    if (!/[*?[]/.test(part)) literal[key] = part;
  });
  return {
    pattern,
    literal,
    matches: (codes) =>
      (regexes[0] as RegExp).test(codes.network) &&
      (regexes[1] as RegExp).test(codes.station) &&
      (regexes[2] as RegExp).test(codes.location) &&
      (regexes[3] as RegExp).test(codes.channel),
  };
}

function globToRegExp(glob: string, pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) throw new RangeError(`patterns: unclosed "[" in ${JSON.stringify(pattern)}`);
      let set = glob.slice(i + 1, close);
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      source += `[${set.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
