export * from './track-assembler.js';
export * from './camera-ingest.js';
export * from './process-stream.js';
export * from './country-models.js';
export * from './detection-schedule.js';
export * from './motion-regions.js';
export * from './detection-verification.js';
export * from './photo-detection.js';
