export * from './plate-voter.js';
