// Analog prototypes and frequency transforms, ported from scipy.signal (_filter_design.py,
// scipy 1.15) so that designs match scipy.signal.butter / cheby2 / iirfilter value for value.
import { type Complex, cabs, cadd, cdiv, cmul, complex, cprod, cscale, csqrt, csub } from './complex';

export interface Zpk {
  readonly z: Complex[];
  readonly p: Complex[];
  readonly k: number;
}

/** scipy.signal.buttap: N poles on the left unit half-circle, no zeros, unit gain. */
export function butterworthPrototype(order: number): Zpk {
  const p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const angle = (Math.PI * m) / (2 * order);
    // the middle pole (m = 0) is exactly -1, as scipy's
    p.push(m === 0 ? complex(-1) : complex(-Math.cos(angle), -Math.sin(angle)));
  }
  return { z: [], p, k: 1 };
}

/** scipy.signal.cheb2ap: Chebyshev type II prototype with stopband attenuation rs (dB). */
export function chebyshev2Prototype(order: number, rs: number): Zpk {
  const de = 1 / Math.sqrt(10 ** (0.1 * rs) - 1);
  const mu = Math.asinh(1 / de) / order;
  const ms: number[] = [];
  if (order % 2 === 1) {
    for (let m = -order + 1; m < 0; m += 2) ms.push(m);
    for (let m = 2; m < order; m += 2) ms.push(m);
  } else {
    for (let m = -order + 1; m < order; m += 2) ms.push(m);
  }
  // z = -conj(1j / sin(m pi / 2N)) = 1j / sin(...)
  const z = ms.map((m) => complex(0, 1 / Math.sin((m * Math.PI) / (2 * order))));
  const p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const angle = (Math.PI * m) / (2 * order);
    const unit = complex(-Math.cos(angle), -Math.sin(angle));
    const warped = complex(Math.sinh(mu) * unit.re, Math.cosh(mu) * unit.im);
    p.push(cdiv(complex(1), warped));
  }
  const k = cdiv(cprod(p.map((v) => cscale(v, -1))), cprod(z.map((v) => cscale(v, -1)))).re;
  return { z, p, k };
}

export function lowpassTransform({ z, p, k }: Zpk, wo: number): Zpk {
  const degree = p.length - z.length;
  return { z: z.map((v) => cscale(v, wo)), p: p.map((v) => cscale(v, wo)), k: k * wo ** degree };
}

export function highpassTransform({ z, p, k }: Zpk, wo: number): Zpk {
  const degree = p.length - z.length;
  const zh = z.map((v) => cdiv(complex(wo), v));
  const ph = p.map((v) => cdiv(complex(wo), v));
  for (let i = 0; i < degree; i++) zh.push(complex(0));
  const gain = cdiv(cprod(z.map((v) => cscale(v, -1))), cprod(p.map((v) => cscale(v, -1)))).re;
  return { z: zh, p: ph, k: k * gain };
}

export function bandpassTransform({ z, p, k }: Zpk, wo: number, bw: number): Zpk {
  const degree = p.length - z.length;
  const shift = (values: Complex[]): Complex[] => {
    const scaled = values.map((v) => cscale(v, bw / 2));
    const roots = scaled.map((v) => csqrt(csub(cmul(v, v), complex(wo * wo))));
    return [...scaled.map((v, i) => cadd(v, roots[i]!)), ...scaled.map((v, i) => csub(v, roots[i]!))];
  };
  const zb = shift(z);
  for (let i = 0; i < degree; i++) zb.push(complex(0));
  return { z: zb, p: shift(p), k: k * bw ** degree };
}

/** scipy.signal.bilinear_zpk with fs = 2 (frequencies already pre-warped). */
export function bilinearTransform({ z, p, k }: Zpk): Zpk {
  const fs2 = complex(4);
  const degree = p.length - z.length;
  const zz = z.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  const pz = p.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  for (let i = 0; i < degree; i++) zz.push(complex(-1));
  const gain = cdiv(cprod(z.map((v) => csub(fs2, v))), cprod(p.map((v) => csub(fs2, v)))).re;
  return { z: zz, p: pz, k: k * gain };
}

/** scipy's pre-warp for digital designs: 2 fs tan(pi Wn / fs) with fs = 2, Wn in (0, 1). */
export function prewarp(normalizedFrequency: number): number {
  return 4 * Math.tan((Math.PI * normalizedFrequency) / 2);
}

export const magnitude = cabs;
