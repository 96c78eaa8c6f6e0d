// Port of scipy.signal.zpk2sos(pairing='nearest') for digital filters (scipy 1.15), including
// _cplxreal's ordering, so the section layout equals scipy's, not just the overall response.
import { type Complex, cabs, cconj, cmul, cadd, complex } from './complex';
import type { Zpk } from './zpk';

/** A cascade of biquads, row-major [b0, b1, b2, a0, a1, a2] per section (a0 = 1). */
export type SosMatrix = Float64Array;

const TOL = 100 * Number.EPSILON;
const isReal = (v: Complex): boolean => v.im === 0;

export function zpkToSos({ z: zeros, p: poles, k }: Zpk): SosMatrix {
  if (zeros.length === 0 && poles.length === 0) return Float64Array.from([k, 0, 0, 1, 0, 0]);
  let p = [...poles];
  let z = [...zeros];
  while (p.length < z.length) p.push(complex(0));
  while (z.length < p.length) z.push(complex(0));
  const nSections = Math.floor((p.length + 1) / 2);
  if (p.length % 2 === 1) {
    p.push(complex(0));
    z.push(complex(0));
  }
  z = splitConjugatePairs(z);
  p = splitConjugatePairs(p);
  const sos = new Float64Array(6 * nSections);
  const worstIndex = (values: Complex[]): number => argmin(values.map((v) => Math.abs(1 - cabs(v))));
  const take = <T>(values: T[], index: number): T => values.splice(index, 1)[0] as T;

  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worstIndex(p));
    let section: Float64Array;
    if (isReal(p1) && p.filter(isReal).length === 0) {
      const z1 = take(z, nearestIndex(z, p1, 'real'));
      section = singleSection([z1, complex(0)], [p1, complex(0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && p.filter(isReal).length === 1 && z.filter(isReal).length === 1) {
      const z1 = take(z, nearestIndex(z, p1, 'complex'));
      section = singleSection([z1, cconj(z1)], [p1, cconj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIndices = p.flatMap((v, i) => (isReal(v) ? [i] : []));
        const worstReal = realIndices[worstIndex(realIndices.map((i) => p[i]!))]!;
        p2 = take(p, worstReal);
      } else {
        p2 = cconj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIndex(z, p1, 'any'));
        if (!isReal(z1)) {
          section = singleSection([z1, cconj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = take(z, nearestIndex(z, p1, 'real'));
          section = singleSection([z1, z2], [p1, p2]);
        } else {
          section = singleSection([z1], [p1, p2]);
        }
      } else {
        section = singleSection([], [p1, p2]);
      }
    }
    sos.set(section, 6 * si);
  }
  for (let j = 0; j < 3; j++) sos[j] = sos[j]! * k;
  return sos;
}

function argmin(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[best]!) best = i;
  return best;
}

function nearestIndex(from: Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  const order = from
    .map((v, i) => ({ i, d: cabs({ re: v.re - to.re, im: v.im - to.im }) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((e) => e.i);
  if (which === 'any') return order[0]!;
  const wanted = order.find((i) => isReal(from[i]!) === (which === 'real'));
  if (wanted === undefined) throw new Error(`zpk2sos: no ${which} root left to pair`);
  return wanted;
}

/** scipy's _cplxreal: complex roots (one of each pair, positive imag) first, then real roots. */
function splitConjugatePairs(values: Complex[]): Complex[] {
  const sorted = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const reals: Complex[] = [];
  const positive: Complex[] = [];
  const negative: Complex[] = [];
  for (const v of sorted) {
    if (Math.abs(v.im) <= TOL * cabs(v)) reals.push(complex(v.re));
    else if (v.im > 0) positive.push(v);
    else negative.push(v);
  }
  if (positive.length !== negative.length) throw new Error('zpk2sos: complex root without a conjugate');
  sortRunsByImag(positive);
  sortRunsByImag(negative);
  const pairs = positive.map((v, i) => {
    const partner = negative[i]!;
    return { re: (v.re + partner.re) / 2, im: (v.im - partner.im) / 2 };
  });
  return [...pairs, ...reals];
}

/** Within runs of (nearly) equal real part, order by |imag| like _cplxreal does. */
function sortRunsByImag(values: Complex[]): void {
  let start = 0;
  while (start < values.length) {
    let stop = start + 1;
    while (stop < values.length && values[stop]!.re - values[stop - 1]!.re <= TOL * cabs(values[stop - 1]!)) stop++;
    const run = values.slice(start, stop).sort((a, b) => Math.abs(a.im) - Math.abs(b.im));
    values.splice(start, run.length, ...run);
    start = stop;
  }
}

/** One biquad from up to two zeros and poles (scipy's _single_zpksos with k = 1). */
function singleSection(z: Complex[], p: Complex[]): Float64Array {
  const b = polynomial(z);
  const a = polynomial(p);
  const section = new Float64Array(6);
  section.set(b, 3 - b.length);
  section.set(a, 6 - a.length);
  return section;
}

/** Real coefficients of prod(x - r) (numpy.poly), highest power first. */
function polynomial(roots: Complex[]): number[] {
  let coefficients: Complex[] = [complex(1)];
  for (const r of roots) {
    const next: Complex[] = [...coefficients, complex(0)];
    for (let i = 1; i < next.length; i++) {
      next[i] = cadd(next[i]!, cmul(coefficients[i - 1]!, { re: -r.re, im: -r.im }));
    }
    coefficients = next;
  }
  return coefficients.map((c) => c.re);
}
