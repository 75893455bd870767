import type { CropJob, CropResult } from '@lpr/core';

export type CropResultListener = (result: CropResult) => void;

/**
 * The boundary between detection and recognition. Embedded mode runs it in process; distributed mode runs the
 * same contract over BullMQ, with recognizer workers on other machines.
 */
export interface CropQueue {
  /** Hand a crop over. Resolves once it is accepted; waits while the queue is full (backpressure). */
  add(job: CropJob): Promise<void>;
  /** Every added job produces exactly one result (a read, or an error), delivered here. */
  onResult(listener: CropResultListener): void;
  /** Resolves when every job added so far has produced its result. */
  drain(): Promise<void>;
  close(): Promise<void>;
}
