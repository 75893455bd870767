export * from './crop-queue.js';
export * from './in-process-crop-queue.js';
