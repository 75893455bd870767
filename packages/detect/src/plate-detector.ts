import type { Box, GrayImage, RgbImage, ScoredBox } from '@lpr/core';

export interface DetectOptions {
  /** Size step between scanned plate sizes: smaller finds more plates, slower. Default 1.1. */
  scaleFactor?: number;
  /** Overlapping raw hits needed to report a plate (0 returns every raw window, score 1). Default 3. */
  minNeighbors?: number;
  /** Narrowest plate to find, in pixels of the given image. Default: the cascade window width. */
  minPlateWidth?: number;
  /** Widest plate to find, in pixels of the given image. Default: half the image width. */
  maxPlateWidth?: number;
  /** Search only this region (pixels of the given image); boxes are still returned in image coordinates. */
  roi?: Box;
}

/** Finds plates in one image. Boxes are tight around the plate, in the given image's pixels, best score first. */
export interface PlateDetector {
  detect(image: GrayImage | RgbImage, options?: DetectOptions): ScoredBox[];
}

/** The same contract, run elsewhere (worker threads): several detections can be in flight at once. */
export interface AsyncPlateDetector {
  detect(image: GrayImage | RgbImage, options?: DetectOptions): Promise<ScoredBox[]>;
  close(): Promise<void>;
}
