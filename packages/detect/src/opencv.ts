import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

// Typed view of the part of opencv-wasm we use (its own typings declare almost everything `any`).
// Every object created through these constructors lives on the wasm heap and must be `delete()`d.

export interface CvSize {
  width: number;
  height: number;
}

export interface CvRect extends CvSize {
  x: number;
  y: number;
}

export interface CvMat {
  readonly rows: number;
  readonly cols: number;
  /** A fresh view of the heap on each access: never keep it across calls that may grow the heap. */
  readonly data: Uint8Array;
  delete(): void;
}

interface CvVector<T> {
  size(): number;
  get(index: number): T;
  delete(): void;
}

export interface CvCascadeClassifier {
  load(path: string): boolean;
  /** OpenCV's detectMultiScale overload that also reports how many raw windows each merged box stands for. */
  detectMultiScale2(
    image: CvMat,
    objects: CvVector<CvRect>,
    numDetections: CvVector<number>,
    scaleFactor: number,
    minNeighbors: number,
    flags: number,
    minSize: CvSize,
    maxSize: CvSize,
  ): void;
  delete(): void;
}

export interface OpenCv {
  readonly CV_8UC1: number;
  readonly INTER_AREA: number;
  Mat: new (rows: number, cols: number, type: number) => CvMat;
  Size: new (width: number, height: number) => CvSize;
  RectVector: new () => CvVector<CvRect>;
  IntVector: new () => CvVector<number>;
  CascadeClassifier: new () => CvCascadeClassifier;
  resize(src: CvMat, dst: CvMat, size: CvSize, fx: number, fy: number, interpolation: number): void;
  /** Emscripten's in-memory file system: the only place CascadeClassifier.load can read from. */
  FS: {
    writeFile(path: string, data: string | Uint8Array): void;
    unlink(path: string): void;
  };
  exceptionFromPtr(pointer: number): { msg: string };
}

/**
 * opencv-wasm's module object has a `then` method (it is an Emscripten Module), so awaiting it or resolving a promise
 * with it hangs or recurses. It is therefore only ever handed out inside this wrapper object.
 */
export interface OpenCvHandle {
  readonly cv: OpenCv;
}

let loaded: OpenCvHandle | undefined;

/**
 * The process-wide (per worker thread) opencv-wasm instance, loaded on first use: loading takes a wasm heap of 128 MB
 * or more, which a thread that only hands images to a detector pool should not pay for.
 */
export function openCv(): OpenCvHandle {
  if (!loaded) {
    // opencv-wasm is CommonJS and initialises synchronously on require.
    const { cv } = withoutNewCrashHandlers(() => createRequire(import.meta.url)('opencv-wasm') as { cv: OpenCv });
    loaded = { cv };
  }
  return loaded;
}

/**
 * Emscripten's Node glue installs process-wide 'uncaughtException' (rethrow) and 'unhandledRejection' (wasm abort)
 * handlers: any unrelated rejected promise would then kill the process with "RuntimeError: abort(...)", even in a
 * service that handles rejections itself. Loading opencv must not change how the host process treats its errors.
 */
function withoutNewCrashHandlers<T>(load: () => T): T {
  const host: EventEmitter = process;
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = new Map(events.map((event) => [event, new Set(host.listeners(event))]));
  try {
    return load();
  } finally {
    for (const event of events) {
      for (const listener of host.listeners(event)) {
        if (!before.get(event)!.has(listener)) host.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

/** OpenCV throws C++ exceptions into JS as bare heap pointers; turn one into its one-line message. */
export function openCvErrorMessage(cv: OpenCv, error: unknown): string {
  if (typeof error !== 'number') return error instanceof Error ? error.message : String(error);
  const full = cv.exceptionFromPtr(error).msg;
  // "OpenCV(4.3.0) /code/.../persistence.cpp:717: error: (-49:...) Input file is invalid in function 'open'"
  const reason = /error: \([^)]*\) (.*?)(?: in function '[^']*')?\s*$/s.exec(full);
  return (reason?.[1] ?? full).trim();
}
