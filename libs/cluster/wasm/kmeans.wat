;; k-means kernels in WebAssembly SIMD128 (Node >= 16.4). Compiled to src/kmeans-wasm-bytes.ts by
;; `npx tsx libs/cluster/wasm/build.ts` (wabt); kmeans-wasm-bytes.spec.ts checks the bytes match this file.
;;
;; Why hand-written WebAssembly: V8 does not vectorise the scalar JS distance loop (~65 ns per 64-d
;; Float32 x Float64 distance) and every JS -> wasm call costs a crossing, so the whole Elkan assignment
;; pass runs here, with data, centres, bounds and running sums resident in this memory.
;;
;; Exports (addresses are byte offsets in memory m; n and dim must be multiples of 4):
;;   f32(a, b, n) -> f64        exact squared distance, n Float32 at a against n Float64 at b
;;   f64(a, b, n) -> f64        the same for Float64 at a
;;   f32f32(a, b, n) -> f64     squared distance between n Float32 at a and n Float32 at b, float32 lanes
;;   assign(...) -> i32         one Elkan assignment pass (lloyd-elkan.ts, assignmentPassJs)
;;   seedFirst / seedTrials     the k-means++ distance passes (kmeans-plus-plus.ts)
;;   sumRows                    the per-cluster running sums at the start of a Lloyd run
;;   inertia -> f64             sum of exact squared distances to the Float64 centres
;;   m                          the memory
;; Every pass mirrors its JS twin operation for operation, with the same distance function, so both
;; give identical labels and bounds (lloyd-elkan.spec.ts, kmeans-plus-plus.spec.ts). On Float32 data the
;; passes compare rows with a Float32 copy of the centres (f32f32), the precision scikit-learn uses for
;; float32 input; inertia and everything reported is double precision against the Float64 centres.
(module
  (memory (export "m") 1)

  (func $d32 (export "f32") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $end8 i32) (local $end i32) (local $t v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $end8 (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    ;; Four accumulators over 8 values per step: shorter add dependency chains than two.
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $a) (local.get $end8)))
        (local.set $t (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))) (v128.load (local.get $b))))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))) (v128.load offset=16 (local.get $b))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $a))) (v128.load offset=32 (local.get $b))))
        (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $a))) (v128.load offset=48 (local.get $b))))
        (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (br $step)))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (local.set $t (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))) (v128.load (local.get $b))))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))) (v128.load offset=16 (local.get $b))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $t) (local.get $t))))))
    (local.set $t (f64x2.add (f64x2.add (local.get $acc0) (local.get $acc1)) (f64x2.add (local.get $acc2) (local.get $acc3))))
    (f64.add (f64x2.extract_lane 0 (local.get $t)) (f64x2.extract_lane 1 (local.get $t))))

  ;; Squared distance between n Float32 at a and n Float32 at b (a centre's Float32 copy), in float32
  ;; lanes: four f32x4 accumulators over 16 values per step, lanes summed in double at the end. This is
  ;; the precision scikit-learn works in for float32 input; about 2.4x fewer instructions than $d32.
  (func $d32f32 (export "f32f32") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $end16 i32) (local $end i32) (local $t v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $end16 (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $a) (local.get $end16)))
        (local.set $t (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $t) (local.get $t))))
        (local.set $t (f32x4.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $t) (local.get $t))))
        (local.set $t (f32x4.sub (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
        (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $t) (local.get $t))))
        (local.set $t (f32x4.sub (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
        (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $t) (local.get $t))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (br $step)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $t (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $t) (local.get $t))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $tail)))
    (local.set $t (f32x4.add (f32x4.add (local.get $acc0) (local.get $acc1)) (f32x4.add (local.get $acc2) (local.get $acc3))))
    (f64.add
      (f64.add (f64.promote_f32 (f32x4.extract_lane 0 (local.get $t))) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $t))))
      (f64.add (f64.promote_f32 (f32x4.extract_lane 2 (local.get $t))) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $t))))))

  (func $d64 (export "f64") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $end8 i32) (local $end i32) (local $t v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $end8 (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $a) (local.get $end8)))
        (local.set $t (f64x2.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
        (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
        (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (br $step)))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (local.set $t (f64x2.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $t) (local.get $t))))
        (local.set $t (f64x2.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $t) (local.get $t))))))
    (local.set $t (f64x2.add (f64x2.add (local.get $acc0) (local.get $acc1)) (f64x2.add (local.get $acc2) (local.get $acc3))))
    (f64.add (f64x2.extract_lane 0 (local.get $t)) (f64x2.extract_lane 1 (local.get $t))))

  ;; The pass distance between the row at byte address a and the centre at b: Float32 data against
  ;; the Float32 centre copy, Float64 data against the Float64 centres.
  (func $distanceSq (param $f32 i32) (param $a i32) (param $b i32) (param $dim i32) (result f64)
    (if (result f64) (local.get $f32)
      (then (call $d32f32 (local.get $a) (local.get $b) (local.get $dim)))
      (else (call $d64 (local.get $a) (local.get $b) (local.get $dim)))))

  ;; $distanceSq between data row i and centre j: a row and a centre have the same byte length
  ;; (dim values of 4 bytes for Float32 data, 8 for Float64).
  (func $rowCentreSq (param $x i32) (param $f32 i32) (param $i i32) (param $centres i32) (param $j i32) (param $dim i32) (result f64)
    (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $dim) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (call $distanceSq (local.get $f32)
      (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rowBytes)))
      (i32.add (local.get $centres) (i32.mul (local.get $j) (local.get $rowBytes)))
      (local.get $dim)))

  ;; Exact squared distance between data row i (Float32 promoted, or Float64) and Float64 centre j.
  (func $rowCentreExactSq (param $x i32) (param $f32 i32) (param $i i32) (param $centres i32) (param $j i32) (param $dim i32) (result f64)
    (if (result f64) (local.get $f32)
      (then (call $d32
        (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $dim)) (i32.const 2)))
        (i32.add (local.get $centres) (i32.shl (i32.mul (local.get $j) (local.get $dim)) (i32.const 3)))
        (local.get $dim)))
      (else (call $d64
        (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $dim)) (i32.const 3)))
        (i32.add (local.get $centres) (i32.shl (i32.mul (local.get $j) (local.get $dim)) (i32.const 3)))
        (local.get $dim)))))

  ;; Inertia sum_i |x_i - c_label(i)|^2 against the Float64 centres, in double precision.
  (func (export "inertia") (param $nRows i32) (param $dim i32) (param $x i32) (param $f32 i32) (param $labels i32) (param $centres i32) (result f64)
    (local $i i32) (local $total f64)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $nRows)))
        (local.set $total (f64.add (local.get $total) (call $rowCentreExactSq (local.get $x) (local.get $f32) (local.get $i) (local.get $centres)
          (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))) (local.get $dim))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (local.get $total))

  ;; Running sums from scratch: sums = 0, counts = 0, then every row added to its label's sum
  ;; (same order and arithmetic as addRow in lloyd-elkan.ts).
  (func (export "sumRows") (param $nRows i32) (param $dim i32) (param $k i32) (param $x i32) (param $f32 i32) (param $labels i32) (param $sums i32) (param $counts i32)
    (local $i i32)
    (memory.fill (local.get $sums) (i32.const 0) (i32.shl (i32.mul (local.get $k) (local.get $dim)) (i32.const 3)))
    (memory.fill (local.get $counts) (i32.const 0) (i32.shl (local.get $k) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $nRows)))
        (call $addRow (local.get $x) (local.get $f32) (local.get $i) (local.get $dim) (local.get $sums) (local.get $counts)
          (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
  )

  ;; k-means++ first round: squared distance of every row to centre 0 into nearestSq, its root into
  ;; lower[i * k], labels (nearest) set to 0; returns the potential (sum of nearestSq).
  (func (export "seedFirst") (param $nRows i32) (param $dim i32) (param $k i32) (param $x i32) (param $f32 i32) (param $centres i32)
    (param $nearest i32) (param $nearestSq i32) (param $lower i32) (result f64)
    (local $i i32) (local $d2 f64) (local $potential f64)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $nRows)))
        (local.set $d2 (call $rowCentreSq (local.get $x) (local.get $f32) (local.get $i) (local.get $centres) (i32.const 0) (local.get $dim)))
        (i32.store (i32.add (local.get $nearest) (i32.shl (local.get $i) (i32.const 2))) (i32.const 0))
        (f64.store (i32.add (local.get $nearestSq) (i32.shl (local.get $i) (i32.const 3))) (local.get $d2))
        (f32.store (i32.add (local.get $lower) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))) (f32.demote_f64 (f64.sqrt (local.get $d2))))
        (local.set $potential (f64.add (local.get $potential) (local.get $d2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (local.get $potential))

  ;; One k-means++ round's candidate pass (kmeans-plus-plus.ts, evaluateCandidatesJs, operation for
  ;; operation): for every row and candidate t (centre row k + t), skip when gapSq[t * k + own] >=
  ;; 4 nearestSq (the candidate cannot be nearer), else store the squared distance in
  ;; trialSq[i * trials + t]; trialPotential[t] accumulates min(d2, nearestSq) per row.
  (func (export "seedTrials") (param $nRows i32) (param $dim i32) (param $k i32) (param $trials i32) (param $x i32) (param $f32 i32) (param $centres i32)
    (param $nearest i32) (param $nearestSq i32) (param $gapSq i32) (param $trialSq i32) (param $trialPotential i32)
    (local $i i32) (local $t i32) (local $own i32) (local $current f64) (local $limit f64) (local $d2 f64) (local $p i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $nRows)))
        (local.set $current (f64.load (i32.add (local.get $nearestSq) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $own (i32.load (i32.add (local.get $nearest) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $limit (f64.mul (f64.const 4) (local.get $current)))
        (local.set $t (i32.const 0))
        (block $trialsDone
          (loop $trial
            (br_if $trialsDone (i32.ge_u (local.get $t) (local.get $trials)))
            (local.set $p (i32.add (local.get $trialPotential) (i32.shl (local.get $t) (i32.const 3))))
            (if (f64.ge
                  (f64.load (i32.add (local.get $gapSq) (i32.shl (i32.add (i32.mul (local.get $t) (local.get $k)) (local.get $own)) (i32.const 3))))
                  (local.get $limit))
              (then (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $current))))
              (else
                (local.set $d2 (call $rowCentreSq (local.get $x) (local.get $f32) (local.get $i) (local.get $centres)
                  (i32.add (local.get $k) (local.get $t)) (local.get $dim)))
                (f64.store (i32.add (local.get $trialSq) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $trials)) (local.get $t)) (i32.const 3)))
                  (local.get $d2))
                (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
                  (select (local.get $d2) (local.get $current) (f64.lt (local.get $d2) (local.get $current)))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $trial)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
  )

  ;; sums[cluster] += x[i] (add != 0) or -= x[i]; counts[cluster] += +-1. dim is a multiple of 4.
  (func $addRow (param $x i32) (param $f32 i32) (param $i i32) (param $dim i32) (param $sums i32) (param $counts i32) (param $cluster i32) (param $add i32)
    (local $s i32) (local $end i32) (local $v v128)
    (local.set $s (i32.add (local.get $sums) (i32.shl (i32.mul (local.get $cluster) (local.get $dim)) (i32.const 3))))
    (local.set $end (i32.add (local.get $s) (i32.shl (local.get $dim) (i32.const 3))))
    (local.set $x (i32.add (local.get $x)
      (i32.shl (i32.mul (local.get $i) (local.get $dim)) (select (i32.const 2) (i32.const 3) (local.get $f32)))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $s) (local.get $end)))
        (if (local.get $f32)
          (then
            (local.set $v (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $x))))
            (local.set $x (i32.add (local.get $x) (i32.const 8))))
          (else
            (local.set $v (v128.load (local.get $x)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))))
        (if (local.get $add)
          (then (v128.store (local.get $s) (f64x2.add (v128.load (local.get $s)) (local.get $v))))
          (else (v128.store (local.get $s) (f64x2.sub (v128.load (local.get $s)) (local.get $v)))))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (br $step)))
    (local.set $s (i32.add (local.get $counts) (i32.shl (local.get $cluster) (i32.const 2))))
    (i32.store (local.get $s) (i32.add (i32.load (local.get $s)) (select (i32.const 1) (i32.const -1) (local.get $add)))))

  ;; One row's k Float32 lower bounds decayed in place, two lanes at a time, in double precision:
  ;; l_j = max(l_j - (now_j - then_j), 0) with now/then the cumulative centre moves at the two update
  ;; counts, rounded to Float32 on store; returns min over j != own of the stored bounds. The same
  ;; IEEE operations per element as the scalar loop of assignmentPassJs on its Float32Array (pmax(0, l)
  ;; is l > 0 ? l : 0).
  (func $decayBounds (param $p i32) (param $now i32) (param $then i32) (param $k i32) (param $own i32) (result f64)
    (local $end2 i32) (local $v v128) (local $idx v128) (local $ownV v128) (local $low v128) (local $l f64) (local $lowest f64)
    (local.set $end2 (i32.add (local.get $p) (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 2))))
    (local.set $idx (v128.const i64x2 0 1))
    (local.set $ownV (i64x2.splat (i64.extend_i32_u (local.get $own))))
    (local.set $low (v128.const f64x2 inf inf))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $p) (local.get $end2)))
        (local.set $v (f32x4.demote_f64x2_zero (f64x2.pmax (v128.const f64x2 0 0)
          (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))
            (f64x2.sub (v128.load (local.get $now)) (v128.load (local.get $then)))))))
        (v128.store64_lane 0 (local.get $p) (local.get $v))
        (local.set $low (f64x2.pmin (local.get $low)
          (v128.bitselect (v128.const f64x2 inf inf) (f64x2.promote_low_f32x4 (local.get $v)) (i64x2.eq (local.get $idx) (local.get $ownV)))))
        (local.set $idx (i64x2.add (local.get $idx) (v128.const i64x2 2 2)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $now (i32.add (local.get $now) (i32.const 16)))
        (local.set $then (i32.add (local.get $then) (i32.const 16)))
        (br $pair)))
    (local.set $lowest (f64.min (f64x2.extract_lane 0 (local.get $low)) (f64x2.extract_lane 1 (local.get $low))))
    (if (i32.and (local.get $k) (i32.const 1))
      (then
        (local.set $l (f64.sub (f64.promote_f32 (f32.load (local.get $p))) (f64.sub (f64.load (local.get $now)) (f64.load (local.get $then)))))
        (local.set $l (f64.promote_f32 (f32.demote_f64 (select (local.get $l) (f64.const 0) (f64.gt (local.get $l) (f64.const 0))))))
        (f32.store (local.get $p) (f32.demote_f64 (local.get $l)))
        (if (i32.and (i32.ne (local.get $own) (i32.sub (local.get $k) (i32.const 1))) (f64.lt (local.get $l) (local.get $lowest)))
          (then (local.set $lowest (local.get $l))))))
    (local.get $lowest))

  ;; min over j != skip of the k Float32 values at p (as doubles), two lanes at a time.
  (func $minOther (param $p i32) (param $k i32) (param $skip i32) (result f64)
    (local $end2 i32) (local $idx v128) (local $skipV v128) (local $low v128) (local $lowest f64) (local $l f64)
    (local.set $end2 (i32.add (local.get $p) (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 2))))
    (local.set $idx (v128.const i64x2 0 1))
    (local.set $skipV (i64x2.splat (i64.extend_i32_u (local.get $skip))))
    (local.set $low (v128.const f64x2 inf inf))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $p) (local.get $end2)))
        (local.set $low (f64x2.pmin (local.get $low)
          (v128.bitselect (v128.const f64x2 inf inf) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))) (i64x2.eq (local.get $idx) (local.get $skipV)))))
        (local.set $idx (i64x2.add (local.get $idx) (v128.const i64x2 2 2)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $pair)))
    (local.set $lowest (f64.min (f64x2.extract_lane 0 (local.get $low)) (f64x2.extract_lane 1 (local.get $low))))
    (if (i32.and (i32.and (local.get $k) (i32.const 1)) (i32.ne (local.get $skip) (i32.sub (local.get $k) (i32.const 1))))
      (then
        (local.set $l (f64.promote_f32 (f32.load (local.get $p))))
        (if (f64.lt (local.get $l) (local.get $lowest)) (then (local.set $lowest (local.get $l))))))
    (local.get $lowest))

  ;; Elkan assignment pass with lazily decayed bounds: a line-by-line port of assignmentPassJs in
  ;; lloyd-elkan.ts (same comparisons, same arithmetic). Addresses are byte offsets in memory m.
  ;; Returns the number of rows whose label changed.
  (func (export "assign")
    (param $nRows i32) (param $dim i32) (param $k i32) (param $now i32) (param $x i32) (param $f32 i32)
    (param $labels i32) (param $upper i32) (param $lower i32) (param $stamp i32) (param $lowerMin i32)
    (param $cum i32) (param $cumLargest i32) (param $halfGaps i32) (param $nearestHalfGap i32)
    (param $sums i32) (param $counts i32) (param $centres i32)
    (result i32)
    (local $i i32) (local $own i32) (local $then i32) (local $nowOff i32) (local $thenOff i32) (local $lo i32)
    (local $j i32) (local $best i32) (local $changes i32) (local $p i32)
    (local $largestNow f64) (local $ownDrift f64) (local $gapOwn f64) (local $lowOwn f64) (local $rowBound f64)
    (local $looseUpper f64) (local $lowest f64) (local $l f64) (local $bound f64) (local $u f64) (local $dj f64)
    (local $gap f64) (local $low f64)
    (local $u0 v128) (local $ownGaps i32) (local $jBase i32) (local $mask i32) (local $rowAt i32) (local $rowBytes i32)
    ;; A data row and a centre row have the same byte length (the centres are Float32 for Float32 data).
    (local.set $rowBytes (i32.shl (local.get $dim) (select (i32.const 2) (i32.const 3) (local.get $f32))))
    (local.set $nowOff (i32.mul (local.get $now) (local.get $k)))
    (local.set $largestNow (f64.load (i32.add (local.get $cumLargest) (i32.shl (local.get $now) (i32.const 3)))))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $nRows)))
        (block $nextRow
          (local.set $own (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $then (i32.load (i32.add (local.get $stamp) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $thenOff (i32.mul (local.get $then) (local.get $k)))
          (local.set $ownDrift (f64.sub
            (f64.load (i32.add (local.get $cum) (i32.shl (i32.add (local.get $nowOff) (local.get $own)) (i32.const 3))))
            (f64.load (i32.add (local.get $cum) (i32.shl (i32.add (local.get $thenOff) (local.get $own)) (i32.const 3))))))
          (local.set $gapOwn (f64.load (i32.add (local.get $nearestHalfGap) (i32.shl (local.get $own) (i32.const 3)))))
          (local.set $lowOwn (f64.sub
            (f64.load (i32.add (local.get $lowerMin) (i32.shl (local.get $i) (i32.const 3))))
            (f64.sub (local.get $largestNow) (f64.load (i32.add (local.get $cumLargest) (i32.shl (local.get $then) (i32.const 3)))))))
          (local.set $rowBound (select (local.get $gapOwn) (local.get $lowOwn) (f64.gt (local.get $gapOwn) (local.get $lowOwn))))
          (local.set $looseUpper (f64.add (f64.load (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3)))) (local.get $ownDrift)))
          (br_if $nextRow (f64.le (local.get $looseUpper) (local.get $rowBound)))
          ;; Bring the k lower bounds up to date (the exact decay; $decayBounds).
          (local.set $lo (i32.mul (local.get $i) (local.get $k)))
          (local.set $lowest (call $decayBounds (i32.add (local.get $lower) (i32.shl (local.get $lo) (i32.const 2)))
            (i32.add (local.get $cum) (i32.shl (local.get $nowOff) (i32.const 3)))
            (i32.add (local.get $cum) (i32.shl (local.get $thenOff) (i32.const 3)))
            (local.get $k) (local.get $own)))
          (i32.store (i32.add (local.get $stamp) (i32.shl (local.get $i) (i32.const 2))) (local.get $now))
          (f64.store (i32.add (local.get $lowerMin) (i32.shl (local.get $i) (i32.const 3))) (local.get $lowest))
          (local.set $bound (select (local.get $gapOwn) (local.get $lowest) (f64.gt (local.get $gapOwn) (local.get $lowest))))
          (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))) (local.get $looseUpper))
          (br_if $nextRow (f64.le (local.get $looseUpper) (local.get $bound)))
          ;; Exact distance to the own centre.
          (local.set $rowAt (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rowBytes))))
          (local.set $u (f64.sqrt (call $distanceSq (local.get $f32) (local.get $rowAt)
            (i32.add (local.get $centres) (i32.mul (local.get $own) (local.get $rowBytes))) (local.get $dim))))
          (f32.store (i32.add (local.get $lower) (i32.shl (i32.add (local.get $lo) (local.get $own)) (i32.const 2))) (f32.demote_f64 (local.get $u)))
          (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))) (local.get $u))
          (br_if $nextRow (f64.le (local.get $u) (local.get $bound)))
          ;; Elkan's per-centre test, on the centres that survive a two-lane prefilter with the exact
          ;; own distance u0 and the own centre's gaps: u0 > max(halfGap(own, j), l(x, j)) (own itself
          ;; fails it, as l(x, own) = u0). Centres failing it cannot be nearer than own, hence than any
          ;; later best; the survivors get the sequential test with the current best and u.
          (local.set $best (local.get $own))
          (local.set $u0 (f64x2.splat (local.get $u)))
          (local.set $ownGaps (i32.add (local.get $halfGaps) (i32.shl (i32.mul (local.get $own) (local.get $k)) (i32.const 3))))
          (local.set $jBase (i32.const 0))
          (block $scanDone
            (loop $scan
              (br_if $scanDone (i32.ge_u (local.get $jBase) (local.get $k)))
              (local.set $p (i32.add (local.get $lower) (i32.shl (i32.add (local.get $lo) (local.get $jBase)) (i32.const 2))))
              (if (i32.lt_u (i32.add (local.get $jBase) (i32.const 1)) (local.get $k))
                (then
                  (local.set $mask (i64x2.bitmask (f64x2.gt (local.get $u0) (f64x2.pmax
                    (v128.load (i32.add (local.get $ownGaps) (i32.shl (local.get $jBase) (i32.const 3))))
                    (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))))))
                (else
                  (local.set $gap (f64.load (i32.add (local.get $ownGaps) (i32.shl (local.get $jBase) (i32.const 3)))))
                  (local.set $low (f64.promote_f32 (f32.load (local.get $p))))
                  (local.set $mask (f64.gt (f64x2.extract_lane 0 (local.get $u0))
                    (select (local.get $gap) (local.get $low) (f64.gt (local.get $gap) (local.get $low)))))))
              ;; The own centre is not a candidate (its Float32 bound may round below u0).
              (if (i32.lt_u (i32.sub (local.get $own) (local.get $jBase)) (i32.const 2))
                (then (local.set $mask (i32.and (local.get $mask)
                  (i32.xor (i32.shl (i32.const 1) (i32.sub (local.get $own) (local.get $jBase))) (i32.const -1))))))
              (block $bitsDone
                (loop $bits
                  (br_if $bitsDone (i32.eqz (local.get $mask)))
                  (local.set $j (i32.add (local.get $jBase) (i32.ctz (local.get $mask))))
                  (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
                  (local.set $gap (f64.load (i32.add (local.get $halfGaps)
                    (i32.shl (i32.add (i32.mul (local.get $best) (local.get $k)) (local.get $j)) (i32.const 3)))))
                  (local.set $p (i32.add (local.get $lower) (i32.shl (i32.add (local.get $lo) (local.get $j)) (i32.const 2))))
                  (local.set $low (f64.promote_f32 (f32.load (local.get $p))))
                  (if (i32.eqz (f64.le (local.get $u) (select (local.get $gap) (local.get $low) (f64.gt (local.get $gap) (local.get $low)))))
                    (then
                      (local.set $dj (f64.sqrt (call $distanceSq (local.get $f32) (local.get $rowAt)
                        (i32.add (local.get $centres) (i32.mul (local.get $j) (local.get $rowBytes))) (local.get $dim))))
                      (f32.store (local.get $p) (f32.demote_f64 (local.get $dj)))
                      (if (f64.lt (local.get $dj) (local.get $u))
                        (then
                          (local.set $best (local.get $j))
                          (local.set $u (local.get $dj))))))
                  (br $bits)))
              (local.set $jBase (i32.add (local.get $jBase) (i32.const 2)))
              (br $scan)))
          (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))) (local.get $u))
          ;; lowerMin = min over j != best of lower[lo + j].
          (local.set $lowest (call $minOther (i32.add (local.get $lower) (i32.shl (local.get $lo) (i32.const 2))) (local.get $k) (local.get $best)))
          (f64.store (i32.add (local.get $lowerMin) (i32.shl (local.get $i) (i32.const 3))) (local.get $lowest))
          (if (i32.ne (local.get $best) (local.get $own))
            (then
              (i32.store (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))) (local.get $best))
              (call $addRow (local.get $x) (local.get $f32) (local.get $i) (local.get $dim) (local.get $sums) (local.get $counts) (local.get $own) (i32.const 0))
              (call $addRow (local.get $x) (local.get $f32) (local.get $i) (local.get $dim) (local.get $sums) (local.get $counts) (local.get $best) (i32.const 1))
              (local.set $changes (i32.add (local.get $changes) (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (local.get $changes))
)
