// Heat maps and hot spots of directive 1.2.8: violence against women in the AVGM municipalities (external
// recipients, disclosure control) and crime for the State Police and the Traffic Police, plus the viewer's API.
export { avgmHeatmapGenerator, computeAvgm, renderAvgm, avgmMethodology, emptyGroupMessage, type AvgmHeatmapData } from './avgm.ts';
export { policeHeatmapGenerator, computePolice, renderPolice, type PoliceHeatmapData, type RankedHotSpot } from './police.ts';
export { heatmapRoutes, type HeatmapRoutesOptions } from './routes.ts';
export { heatmapPresets, violenceAgainstWomenCodes, selectionOf, CodeSetError, type Preset, type NamedCode } from './codes.ts';
export { checkRenderedFile, pdfTextSegments } from './disclosure-check.ts';
export { HeatmapError } from './common.ts';
export { studyArea as prepareStudyArea } from './hotspots.ts';
