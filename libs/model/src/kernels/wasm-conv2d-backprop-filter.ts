/**
 * Conv2DBackpropFilter for the tfjs wasm backend, which ships none (so training any conv net there
 * fails with "Kernel 'Conv2DBackpropFilter' not registered").
 *
 * Formula (NHWC, dilation 1), with y = conv2d(x, w, strides s, padding p):
 *
 *   dW[ky, kx, ci, co] = sum_{n, oy, ox} x[n, oy*sH - pTop + ky, ox*sW - pLeft + kx, ci] * dy[n, oy, ox, co]
 *
 * (x outside the image counts as 0). We compute it as one GEMM, dW = colsT . dy, where
 * colsT[(ky*kW + kx)*inC + ci, (n*outH + oy)*outW + ox] is the transposed im2col matrix of x and dy
 * is viewed as [batch*outH*outW, outC]. The GEMM runs in the wasm backend's BatchMatMul, whose
 * untransposed batch-1 case is XNNPACK's fully-connected operator (SIMD); the rows of colsT are the
 * GEMM's batch and dy is packed once as its weights, so no big transpose is needed.
 *
 * Why hand-written: the alternative composed from wasm ops (pad, transpose, dilated conv2d with dy
 * as a huge filter) took 88 ms per ClusTremor training step (batch 32); this formulation's cost is
 * in BACKENDS.md (tf.profile per kernel, before/after).
 */
import { Conv2DBackpropFilter, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGeometry, type ConvBackpropAttrs, type ConvGeometry } from './conv-geometry';
import { allocateF32, heapF32, release, runWasmKernel, WASM_BACKEND, withShape } from './wasm-access';

interface BackpropFilterArgs {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: BackendWasm;
  attrs: ConvBackpropAttrs & { filterShape: [number, number, number, number] };
}

/** The kernel function: dW for filter shape `attrs.filterShape` from x and dy (see file header). */
export function wasmConv2DBackpropFilter({ inputs, backend, attrs }: BackpropFilterArgs): TensorInfo {
  const { x, dy } = inputs;
  const geo = convGeometry(Conv2DBackpropFilter, x.shape, attrs.filterShape, attrs);
  const taps = geo.kH * geo.kW * geo.inC;
  const positions = geo.batch * geo.outH * geo.outW;
  const colsT = allocateF32(backend, [1, taps, positions]);
  fillTransposedIm2col(heapF32(backend, x), geo, heapF32(backend, colsT));
  const product = runWasmKernel(
    backend,
    'BatchMatMul',
    { a: colsT, b: withShape(dy, [1, positions, geo.outC]) },
    { transposeA: false, transposeB: false },
  );
  release(backend, colsT);
  return withShape(product, [...attrs.filterShape]);
}

/**
 * Writes colsT[t, m] = x at tap t = (ky*kW + kx)*inC + ci seen from output position
 * m = (n*outH + oy)*outW + ox, or 0 where that tap falls in the padding.
 */
function fillTransposedIm2col(x: Float32Array, geo: ConvGeometry, colsT: Float32Array): void {
  const { batch, inH, inW, inC, outH, outW, kH, kW, strideH, strideW, padTop, padLeft } = geo;
  const positions = batch * outH * outW;
  const xImage = inH * inW * inC;
  const xRow = inW * inC;
  const step = strideW * inC;
  for (let ky = 0; ky < kH; ky++) {
    const [oyLo, oyHi] = validOutputRange(ky, padTop, strideH, inH, outH);
    for (let kx = 0; kx < kW; kx++) {
      const [oxLo, oxHi] = validOutputRange(kx, padLeft, strideW, inW, outW);
      const partial = oyLo > 0 || oyHi < outH || oxLo > 0 || oxHi < outW;
      for (let ci = 0; ci < inC; ci++) {
        const row = ((ky * kW + kx) * inC + ci) * positions;
        // Only rows that touch the padding keep zeros; all other entries are overwritten below.
        if (partial) colsT.fill(0, row, row + positions);
        for (let n = 0; n < batch; n++) {
          for (let oy = oyLo; oy < oyHi; oy++) {
            const iy = oy * strideH - padTop + ky;
            let src = n * xImage + iy * xRow + (oxLo * strideW - padLeft + kx) * inC + ci;
            const dst = row + (n * outH + oy) * outW;
            for (let ox = oxLo; ox < oxHi; ox++, src += step) colsT[dst + ox] = x[src] as number;
          }
        }
      }
    }
  }
}

/** Output indices o in [lo, hi) whose input index o*stride - pad + k lies inside [0, inSize). */
function validOutputRange(k: number, pad: number, stride: number, inSize: number, outSize: number): [number, number] {
  const lo = Math.max(0, Math.ceil((pad - k) / stride));
  const hi = Math.min(outSize, Math.floor((inSize - 1 + pad - k) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/** Registry entry for `registerKernel`. */
export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: WASM_BACKEND,
  kernelFunc: wasmConv2DBackpropFilter as unknown as KernelFunc,
};
