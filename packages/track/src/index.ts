export * from './plate-tracker.js';
