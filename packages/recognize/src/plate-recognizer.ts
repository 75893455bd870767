import type { PlateRead, RgbImage } from '@lpr/core';

/** Reads plates from crops; one read per crop, in order. */
export interface PlateRecognizer {
  recognize(images: RgbImage[]): Promise<PlateRead[]>;
  /** Frees the model; the recognizer is unusable afterwards. */
  close(): Promise<void>;
}
