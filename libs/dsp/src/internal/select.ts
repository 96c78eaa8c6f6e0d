/** In-place quickselect: after the call, a[k] is the k-th smallest value (0-based). O(n) average. */
export function selectKth(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    // median-of-three pivot keeps sorted / constant inputs linear
    const mid = (left + right) >>> 1;
    const pivot = medianOfThree(a[left]!, a[mid]!, a[right]!);
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

/** numpy.median semantics (mean of the two middle values for even length); reorders `a`. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  const upper = selectKth(a, n >>> 1);
  if (n % 2 === 1) return upper;
  // the lower middle is the maximum of the (already partitioned) lower half
  let lower = -Infinity;
  for (let i = 0; i < n >>> 1; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}
