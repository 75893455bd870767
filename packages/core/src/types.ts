/** Axis-aligned rectangle in pixels of the image it was found in. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ScoredBox extends Box {
  /** Detector confidence; for a cascade, the number of merged neighbouring windows. */
  score: number;
}

/** Interleaved 8-bit RGB pixels, row-major, no padding (data.length === width * height * 3). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Single-channel 8-bit pixels, row-major, no padding (data.length === width * height). */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A decoded video frame. Times are media time: milliseconds from the start of the stream. */
export interface Frame extends RgbImage {
  index: number;
  timestampMs: number;
}

export interface Candidate {
  plate: string;
  /** Probability of the whole string under the model (product over CTC paths). */
  score: number;
}

/** What the recognizer read from one crop. */
export interface PlateRead {
  /** Best string: the first candidate that matches a template, else the best raw string. */
  plate: string;
  confidence: number;
  /** Beam candidates, best first. */
  candidates: Candidate[];
  /** Name of the template that `plate` matched, or null when no candidate matched any template. */
  template: string | null;
  /**
   * How the crop was read: as is, as a two-row plate with its rows set side by side (a country's `plate.twoRow`), or
   * turned upright (a plate turned in the picture, `plate.tilted`).
   * Set by recognizers that try both; absent means as is.
   */
  layout?: 'one-row' | 'two-row' | 'turned';
}

/** A plate crop on its way from detection to recognition. */
export interface CropJob {
  camera: string;
  track: number;
  frameIndex: number;
  timestampMs: number;
  box: Box;
  image: RgbImage;
}

/** What came back for one crop: a read, or the reason it could not be recognized. */
export interface CropResult {
  camera: string;
  track: number;
  frameIndex: number;
  timestampMs: number;
  read: PlateRead | null;
  error?: string;
}

/** One event per vehicle track: the published output of the service. */
export interface PlateEvent {
  type: 'plate';
  /** Stable per camera and track, so that a retried publish never makes a duplicate. */
  id: string;
  plate: string;
  /** Plate with the separators its template prints (e.g. "XS-NB-23"); equals plate where the template has none. */
  formatted: string;
  template: string | null;
  confidence: number;
  country: string;
  camera: string;
  track: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Number of crops of this track that were recognized. */
  reads: number;
  candidates: Candidate[];
  /** Box where the plate was seen largest. */
  box: Box;
  /** Picture of the plate where it was seen largest, with its margin: a file written with `--snapshots DIR` (`lpr process`, `lpr ingest`). */
  snapshot?: string;
}
