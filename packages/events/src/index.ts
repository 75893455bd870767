export * from './plate-event-sink.js';
export * from './json-lines-sink.js';
export * from './memory-sink.js';
export * from './redis-connection.js';
export * from './redis-stream-sink.js';
export * from './redis-event-reader.js';
