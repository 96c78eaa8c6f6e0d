/**
 * The geometry of a 2-D NHWC convolution as the kernels here need it, taken from tfjs's own
 * `computeConv2DInfo` so that 'same' / 'valid' / explicit padding and dimRoundingMode are resolved
 * exactly as the cpu backend resolves them.
 */
import { backend_util } from '@tensorflow/tfjs';

export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/** Attributes shared by Conv2DBackpropFilter and Conv2DBackpropInput. */
export interface ConvBackpropAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Resolves the geometry of the forward convolution x[inShape] * filter[filterShape] -> y.
 * Only NHWC and dilation 1 are supported (the wasm backend's own Conv2D has the same limits).
 */
export function convGeometry(
  kernelName: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvBackpropAttrs,
): ConvGeometry {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernelName} (wasm): dataFormat must be 'NHWC', got '${attrs.dataFormat}'`);
  }
  const info = backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}
