import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let plotting: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

/**
 * vega and vega-lite are ES modules only (and vega-canvas uses a top-level await), so they are
 * loaded with a dynamic import, which works from this CommonJS-compiled worker; loaded once.
 */
function loadPlotting(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  plotting ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return plotting;
}

export interface RenderedFigure {
  svg: string;
  png: Uint8Array;
}

/** PNG pixels per SVG pixel: sharp on high-density screens and in print. */
const PNG_ZOOM = 2;

/**
 * Compiles a Vega-Lite spec, renders it headless to SVG with vega's scenegraph (renderer 'none':
 * no DOM, no canvas), and rasterises that SVG to PNG with resvg using the system fonts.
 */
export async function renderFigure(spec: TopLevelSpec): Promise<RenderedFigure> {
  const { vega, vegaLite } = await loadPlotting();
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: PNG_ZOOM },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
    return { svg, png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) };
  } finally {
    view.finalize();
  }
}
