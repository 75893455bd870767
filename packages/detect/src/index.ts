export { CascadeDetector, cascadeWindow } from './cascade-detector.js';
export type { AsyncPlateDetector, DetectOptions, PlateDetector } from './plate-detector.js';
export { planScan, pyramidBytes } from './scan-plan.js';
export type { ScanPlan, Size } from './scan-plan.js';
export { DetectorPool } from './detector-pool.js';
export type { DetectorPoolOptions } from './detector-pool.js';
export { proposeByColour, rgbToHsv } from './colour-proposals.js';
export type { ColourProposalOptions, PlateColour } from './colour-proposals.js';
