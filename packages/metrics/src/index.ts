export * from './lpr-metrics.js';
export * from './ops-http-server.js';
export * from './worker-lifecycle.js';
