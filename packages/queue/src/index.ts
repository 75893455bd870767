export * from './crop-queue.js';
export * from './recognition-batcher.js';
export * from './in-process-crop-queue.js';
