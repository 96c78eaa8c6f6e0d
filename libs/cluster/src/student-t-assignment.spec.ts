import fc from 'fast-check';
import { klDivergence } from './kl-divergence';
import { labelChangeFraction } from './label-change-fraction';
import { studentTAssignment } from './student-t-assignment';
import { targetDistribution } from './target-distribution';

const finite = fc.double({ min: -50, max: 50, noNaN: true, noDefaultInfinity: true });

describe('studentTAssignment', () => {
  it('hand-checkable: alpha = 1 kernel 1 / (1 + d^2)', () => {
    // z = 0, centroids at 1 and 2: kernels 1/2 and 1/5 -> q = (5/7, 2/7).
    const q = studentTAssignment(Float64Array.from([0]), 1, 1, Float64Array.from([1, 2]), 2);
    expect(q[0]).toBeCloseTo(5 / 7, 14);
    expect(q[1]).toBeCloseTo(2 / 7, 14);
    // alpha = 2: (1 + d^2/2)^(-3/2) -> (1.5^-1.5, 3^-1.5) normalised.
    const q2 = studentTAssignment(Float64Array.from([0]), 1, 1, Float64Array.from([1, 2]), 2, { alpha: 2 });
    const a = 1.5 ** -1.5;
    const b = 3 ** -1.5;
    expect(q2[0]).toBeCloseTo(a / (a + b), 14);
  });

  it('rows sum to 1 and stay finite even far from every centroid', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 6, maxLength: 6 }), fc.array(finite, { minLength: 6, maxLength: 6 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (z, c, alpha) => {
        const q = studentTAssignment(Float64Array.from(z), 3, 2, Float64Array.from(c), 3, { alpha });
        for (let i = 0; i < 3; i++) {
          expect(q[i * 3]! + q[i * 3 + 1]! + q[i * 3 + 2]!).toBeCloseTo(1, 12);
          for (let j = 0; j < 3; j++) expect(q[i * 3 + j]).toBeGreaterThanOrEqual(0);
        }
      }),
    );
    const far = studentTAssignment(Float64Array.from([1e200]), 1, 1, Float64Array.from([0, 1]), 2, { alpha: 1 });
    expect(far[0]! + far[1]!).toBeCloseTo(1, 12);
  });

  it('rejects bad input naming the parameter', () => {
    expect(() => studentTAssignment(Float64Array.from([0, NaN]), 1, 2, Float64Array.from([0, 0]), 1)).toThrow(/^z: row 0 column 1 is NaN/);
    expect(() => studentTAssignment(Float64Array.from([0, 0]), 1, 2, Float64Array.from([0, 0, 1]), 2)).toThrow(/^centroids: length 3/);
    expect(() => studentTAssignment(Float64Array.from([0, 0]), 1, 2, Float64Array.from([0, 0]), 1, { alpha: 0 })).toThrow(/^options.alpha/);
  });
});

describe('targetDistribution', () => {
  it('hand-checkable: p_ij proportional to q_ij^2 / f_j', () => {
    const q = Float64Array.from([0.8, 0.2, 0.4, 0.6]);
    // f = (1.2, 0.8); row 0 weights 0.64/1.2, 0.04/0.8.
    const p = targetDistribution(q, 2, 2);
    const w0 = 0.64 / 1.2;
    const w1 = 0.04 / 0.8;
    expect(p[0]).toBeCloseTo(w0 / (w0 + w1), 14);
  });

  it('rows sum to 1, and with balanced cluster frequencies p sharpens q (higher max, lower entropy)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), (weights) => {
        // All 4 cyclic shifts of one row: every column sums to the same frequency.
        const k = 4;
        const total = weights.reduce((s, w) => s + w, 0);
        const row = weights.map((w) => w / total);
        const q = new Float64Array(k * k);
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) q[i * k + j] = row[(j + i) % k]!;
        const p = targetDistribution(q, k, k);
        for (let i = 0; i < k; i++) {
          const pRow = Array.from(p.subarray(i * k, i * k + k));
          const qRow = Array.from(q.subarray(i * k, i * k + k));
          expect(pRow.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
          expect(Math.max(...pRow)).toBeGreaterThanOrEqual(Math.max(...qRow) - 1e-12);
          expect(entropy(pRow)).toBeLessThanOrEqual(entropy(qRow) + 1e-12);
        }
      }),
    );
  });

  it('rejects negative or non-finite probabilities naming q', () => {
    expect(() => targetDistribution(Float64Array.from([0.5, -0.5]), 1, 2)).toThrow(/^q: entry 1/);
    expect(() => targetDistribution(Float64Array.from([0.5, 0.5]), 1, 3)).toThrow(/^q: length 2/);
  });
});

describe('klDivergence', () => {
  it('sums p log(p/q) over all entries, 0 for p = q, skipping p = 0', () => {
    const p = Float64Array.from([0.5, 0.5, 1, 0]);
    const q = Float64Array.from([0.25, 0.75, 0.5, 0.5]);
    expect(klDivergence(p, q)).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3) + Math.log(2), 14);
    expect(klDivergence(q, q)).toBe(0);
    expect(klDivergence(Float64Array.from([1, 0]), Float64Array.from([0, 1]))).toBe(Infinity);
  });

  it('is non-negative for row-stochastic p and q', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }), (w) => {
        const q = studentTAssignment(Float64Array.from(w), 2, 3, Float64Array.from([0, 0, 0, 1, 1, 1]), 2);
        expect(klDivergence(targetDistribution(q, 2, 2), q)).toBeGreaterThanOrEqual(-1e-12);
      }),
    );
  });

  it('rejects mismatched lengths', () => {
    expect(() => klDivergence(new Float64Array(2), new Float64Array(3))).toThrow(/^p and q: lengths differ/);
  });
});

describe('labelChangeFraction', () => {
  it('counts differing raw labels', () => {
    expect(labelChangeFraction(Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 1, 3, 2]))).toBe(0.5);
    expect(labelChangeFraction(Int32Array.from([4]), Int32Array.from([4]))).toBe(0);
    expect(() => labelChangeFraction(Int32Array.from([0]), Int32Array.from([0, 1]))).toThrow(/^previous and next: lengths differ/);
  });
});

function entropy(row: number[]): number {
  return -row.reduce((s, v) => (v > 0 ? s + v * Math.log(v) : s), 0);
}
