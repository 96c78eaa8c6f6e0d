/**
 * Conv2DBackpropInput for the tfjs wasm backend by sub-pixel (phase) decomposition on XNNPACK's
 * Conv2D. This kernel is both the input gradient of every conv layer and the forward pass of every
 * Conv2DTranspose layer.
 *
 * Formula (NHWC, dilation 1), with y = conv2d(x, w, strides s, padding p) and dy shaped like y:
 *
 *   dx[n, iy, ix, ci] = sum_{ky, kx, co : iy + pTop = oy*sH + ky, ix + pLeft = ox*sW + kx} dy[n, oy, ox, co] * w[ky, kx, ci, co]
 *
 * Per axis, write iy + pTop = q*s + r with phase r = (iy + pTop) mod s. Only taps ky = r + s*j
 * reach phase r, from dy row oy = q - j. So every phase is a stride-1 correlation of dy with a
 * sub-filter of ceil(k/s) taps, and all s_H*s_W phases are one Conv2D whose output channels are
 * (rH, rW, ci):
 *
 *   G[tH, tW, co, (rH*sW + rW)*inC + ci] = w[rH + sH*(JH-1-tH), rW + sW*(JW-1-tW), ci, co]   (0 past the filter)
 *   Z = conv2d(dy, G, stride 1, explicit padding (J-1-qmin) before and (qmax-outSize+1) after)
 *   dx[n, iy, ix, ci] = Z[n, qy - qminH, qx - qminW, (rH*sW + rW)*inC + ci]
 *
 * with J = ceil(k/s), qmin = floor(pad/s), qmax = floor((inSize-1+pad)/s). The final step (an
 * interleave of the phases plus a crop) is done in one pass here.
 *
 * Why hand-written: the wasm backend's own Conv2DBackpropInput is a scalar loop; it took 346 ms of
 * a 560 ms ClusTremor training step (batch 32). Zero insertion + XNNPACK Conv2D multiplies the
 * inserted zeros (s_H*s_W times the work); the phase form does not. Measurements in BACKENDS.md.
 */
import { Conv2DBackpropInput, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGeometry, type ConvBackpropAttrs, type ConvGeometry } from './conv-geometry';
import { allocateF32, heapF32, release, runWasmKernel, WASM_BACKEND, withShape } from './wasm-access';

interface BackpropInputArgs {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: BackendWasm;
  attrs: ConvBackpropAttrs & { inputShape: [number, number, number, number] };
}

/** How one spatial axis splits into phases (see file header). */
interface AxisPhases {
  stride: number;
  taps: number; // J = ceil(k / s)
  qmin: number;
  rows: number; // qmax - qmin + 1 rows of Z along this axis
  padBefore: number; // explicit padding of dy before the stride-1 conv
  padAfter: number; // may be negative: then dy is longer than needed and is cropped
  offset: number; // pad mod s: where dx starts in the interleaved phases
}

function axisPhases(k: number, stride: number, pad: number, inSize: number, outSize: number): AxisPhases {
  const taps = Math.ceil(k / stride);
  const qmin = Math.floor(pad / stride);
  const qmax = Math.floor((inSize - 1 + pad) / stride);
  return {
    stride,
    taps,
    qmin,
    rows: qmax - qmin + 1,
    padBefore: taps - 1 - qmin,
    padAfter: qmax - outSize + 1,
    offset: pad - qmin * stride,
  };
}

/** The kernel function: dx of shape `attrs.inputShape` from dy and the filter (see file header). */
export function wasmConv2DBackpropInput({ inputs, backend, attrs }: BackpropInputArgs): TensorInfo {
  const { dy, filter } = inputs;
  const geo = convGeometry(Conv2DBackpropInput, attrs.inputShape, filter.shape, attrs);
  const alongH = axisPhases(geo.kH, geo.strideH, geo.padTop, geo.inH, geo.outH);
  const alongW = axisPhases(geo.kW, geo.strideW, geo.padLeft, geo.inW, geo.outW);
  const phaseChannels = geo.strideH * geo.strideW * geo.inC;

  const g = allocateF32(backend, [alongH.taps, alongW.taps, geo.outC, phaseChannels]);
  fillPhaseFilter(heapF32(backend, filter), geo, alongH, alongW, heapF32(backend, g));
  const dyCropped = cropTrailing(backend, dy, alongH, alongW);
  const z = runWasmKernel(
    backend,
    'Conv2D',
    { x: dyCropped, filter: g },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [alongH.padBefore, Math.max(0, alongH.padAfter)],
        [alongW.padBefore, Math.max(0, alongW.padAfter)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  release(backend, g);
  if (dyCropped !== dy) release(backend, dyCropped);

  const unitStrideNoCrop =
    geo.strideH === 1 && geo.strideW === 1 && alongH.rows === geo.inH && alongW.rows === geo.inW;
  if (unitStrideNoCrop) return withShape(z, [...attrs.inputShape]);
  const dx = allocateF32(backend, [...attrs.inputShape]);
  interleavePhases(heapF32(backend, z), geo, alongH, alongW, heapF32(backend, dx));
  release(backend, z);
  return dx;
}

/** G[tH, tW, co, (rH*sW + rW)*inC + ci] = w[rH + sH*(JH-1-tH), rW + sW*(JW-1-tW), ci, co], else 0. */
function fillPhaseFilter(w: Float32Array, geo: ConvGeometry, h: AxisPhases, v: AxisPhases, g: Float32Array): void {
  const { kH, kW, inC, outC } = geo;
  const phaseChannels = h.stride * v.stride * inC;
  g.fill(0);
  for (let tH = 0; tH < h.taps; tH++) {
    for (let rH = 0; rH < h.stride; rH++) {
      const ky = rH + h.stride * (h.taps - 1 - tH);
      if (ky >= kH) continue;
      for (let tW = 0; tW < v.taps; tW++) {
        for (let rW = 0; rW < v.stride; rW++) {
          const kx = rW + v.stride * (v.taps - 1 - tW);
          if (kx >= kW) continue;
          const wBase = (ky * kW + kx) * inC * outC;
          const gBase = (tH * v.taps + tW) * outC * phaseChannels + (rH * v.stride + rW) * inC;
          for (let ci = 0; ci < inC; ci++) {
            for (let co = 0; co < outC; co++) {
              g[gBase + co * phaseChannels + ci] = w[wBase + ci * outC + co] as number;
            }
          }
        }
      }
    }
  }
}

/** dy without the trailing rows/columns no phase reads (only when padAfter < 0, e.g. 'valid' with k < s). */
function cropTrailing(backend: BackendWasm, dy: TensorInfo, h: AxisPhases, v: AxisPhases): TensorInfo {
  if (h.padAfter >= 0 && v.padAfter >= 0) return dy;
  const [batch, rows, cols, channels] = dy.shape as [number, number, number, number];
  return runWasmKernel(
    backend,
    'Slice',
    { x: dy },
    { begin: [0, 0, 0, 0], size: [batch, rows + Math.min(0, h.padAfter), cols + Math.min(0, v.padAfter), channels] },
  );
}

/** dx[n, iy, ix, ci] = Z[n, qy - qminH, qx - qminW, (rH*sW + rW)*inC + ci] with iy + pTop = qy*sH + rH. */
function interleavePhases(z: Float32Array, geo: ConvGeometry, h: AxisPhases, v: AxisPhases, dx: Float32Array): void {
  const { batch, inH, inW, inC } = geo;
  const phaseChannels = h.stride * v.stride * inC;
  const zRow = v.rows * phaseChannels;
  const zImage = h.rows * zRow;
  let out = 0;
  for (let n = 0; n < batch; n++) {
    for (let iy = 0; iy < inH; iy++) {
      const shiftedY = iy + h.offset;
      const qy = Math.floor(shiftedY / h.stride);
      const rH = shiftedY - qy * h.stride;
      const rowBase = n * zImage + qy * zRow + rH * v.stride * inC;
      for (let ix = 0; ix < inW; ix++) {
        const shiftedX = ix + v.offset;
        const qx = Math.floor(shiftedX / v.stride);
        const rW = shiftedX - qx * v.stride;
        const src = rowBase + qx * phaseChannels + rW * inC;
        if (inC === 1) dx[out++] = z[src] as number;
        else {
          dx.set(z.subarray(src, src + inC), out);
          out += inC;
        }
      }
    }
  }
}

/** Registry entry for `registerKernel` (replaces the wasm backend's own kernel). */
export const wasmConv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: WASM_BACKEND,
  kernelFunc: wasmConv2DBackpropInput as unknown as KernelFunc,
};
