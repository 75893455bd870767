export * from './crop-queue.js';
export * from './recognition-batcher.js';
export * from './in-process-crop-queue.js';
export * from './bullmq-crop-job.js';
export * from './bullmq-crop-encoding.js';
export * from './bullmq-crop-queue.js';
export * from './bullmq-recognizer-worker.js';
