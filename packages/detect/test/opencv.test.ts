import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCv, openCvErrorMessage } from '../src/opencv.js';

test('loading opencv-wasm leaves the process error handlers alone', () => {
  const before = process.listenerCount('unhandledRejection') + process.listenerCount('uncaughtException');
  const { cv } = openCv();
  assert.equal(typeof cv.CascadeClassifier, 'function');
  assert.equal(process.listenerCount('unhandledRejection') + process.listenerCount('uncaughtException'), before);
  assert.equal(openCv().cv, cv, 'one instance per thread');
});

test('OpenCV exceptions become one-line messages', () => {
  const { cv } = openCv();
  cv.FS.writeFile('/not-a-cascade.xml', 'garbage');
  const classifier = new cv.CascadeClassifier();
  try {
    let thrown: unknown;
    try {
      classifier.load('/not-a-cascade.xml');
    } catch (err) {
      thrown = err;
    }
    assert.equal(typeof thrown, 'number', 'opencv-wasm throws heap pointers');
    assert.equal(openCvErrorMessage(cv, thrown), 'Input file is invalid');
  } finally {
    classifier.delete();
    cv.FS.unlink('/not-a-cascade.xml');
  }
});
