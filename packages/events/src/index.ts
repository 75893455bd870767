export * from './plate-event-sink.js';
export * from './json-lines-sink.js';
export * from './memory-sink.js';
