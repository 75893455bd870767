export * from './types.js';
export * from './errors.js';
export * from './log.js';
export * from './image.js';
export * from './numbers.js';
