// The base of every map in the app: no internet tiles, a plain background on which the pages draw the state's
// municipal boundaries and their own layers, fitted to the state.
import { Map as MapLibreMap, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre locates its worker next to its own module, which a bundle moves: point it at the bundled copy.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { s } from './strings.ts';

setWorkerUrl(workerUrl);

export const MAP_BACKGROUND = '#f4f1ea';

/** A map fitted to the state's extent, or null when the browser cannot draw WebGL. */
export function createStateMap(container: HTMLElement, bbox: [number, number, number, number], ariaLabel: string): MapLibreMap | null {
  let map: MapLibreMap;
  try {
    map = new MapLibreMap({
      container,
      style: { version: 8, sources: {}, layers: [{ id: 'fondo', type: 'background', paint: { 'background-color': MAP_BACKGROUND } }] },
      bounds: bbox,
      fitBoundsOptions: { padding: 16 },
      attributionControl: { compact: true, customAttribution: s.map.attribution },
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      fadeDuration: 0,
    });
  } catch {
    return null;
  }
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.getCanvas().setAttribute('aria-label', ariaLabel);
  return map;
}
