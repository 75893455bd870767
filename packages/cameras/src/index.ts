export * from './camera-config.js';
export * from './camera-registry.js';
export * from './camera-leases.js';
export * from './resilient-frame-stream.js';
export * from './camera-session.js';
export * from './ingest-coordinator.js';
export * from './ingest-worker.js';
