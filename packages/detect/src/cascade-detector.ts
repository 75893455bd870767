import { readFile } from 'node:fs/promises';
import { clampBox, cropRgb, errorMessage, LprError, toGray, type Box, type GrayImage, type RgbImage, type ScoredBox } from '@lpr/core';
import { openCv, openCvErrorMessage, type CvCascadeClassifier, type CvMat, type OpenCv } from './opencv.js';
import type { DetectOptions, PlateDetector } from './plate-detector.js';
import { planScan, pyramidBytes, type Size } from './scan-plan.js';

const DEFAULT_SCALE_FACTOR = 1.1;
const DEFAULT_MIN_NEIGHBORS = 3;
/** Widest plate by default, as a fraction of the image width (a plate photographed from very close). */
const DEFAULT_MAX_PLATE_WIDTH_FRACTION = 0.5;
/**
 * Most memory one search may ask of the wasm heap. A failed allocation inside OpenCV leaves the heap unusable for every
 * later image, so a search that would need more is refused up front. A 12 MP photo at the default scaleFactor needs
 * about 380 MB.
 */
const MAX_SEARCH_BYTES = 512 * 1024 * 1024;

/** The detection window a cascade was trained at: `<width>`/`<height>` of an OpenCV (2.4+ format) cascade XML. */
export function cascadeWindow(xml: string, source: string): Size {
  const width = /<width>\s*(\d+)\s*<\/width>/.exec(xml);
  const height = /<height>\s*(\d+)\s*<\/height>/.exec(xml);
  // OpenCV writes `<cascade type_id="opencv-cascade-classifier">`; older tools a bare `<cascade>`.
  if (!/<cascade[\s>]/.test(xml) || !width || !height) {
    throw new LprError(`"${source}" is not an OpenCV cascade XML (no <cascade> with a window <width> and <height>)`);
  }
  return { width: Number(width[1]), height: Number(height[1]) };
}

export async function readCascadeXml(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((err: unknown) => {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorMessage(err);
    throw new LprError(`cannot read cascade "${path}": ${reason}`, { cause: err });
  });
}

let cascadeFileCount = 0;

/** Plate detector running an OpenCV LBP (or Haar) cascade in opencv-wasm, single-threaded. */
export class CascadeDetector implements PlateDetector {
  /** Read a cascade XML (e.g. models/cascade-cn.xml). */
  static async load(path: string): Promise<CascadeDetector> {
    return CascadeDetector.fromXml(await readCascadeXml(path), path);
  }

  /** Build a detector from the XML text; `source` names it in errors. */
  static fromXml(xml: string, source: string): CascadeDetector {
    const window = cascadeWindow(xml, source);
    const { cv } = openCv();
    // CascadeClassifier only loads from a path, so the XML goes through the wasm in-memory file system.
    const path = `/cascade-${++cascadeFileCount}.xml`;
    cv.FS.writeFile(path, xml);
    const classifier = new cv.CascadeClassifier();
    try {
      if (!classifier.load(path)) throw new Error('OpenCV could not parse it');
    } catch (err) {
      classifier.delete();
      throw new LprError(`cannot load cascade "${source}": ${openCvErrorMessage(cv, err)}`, { cause: err });
    } finally {
      cv.FS.unlink(path);
    }
    return new CascadeDetector(cv, classifier, window);
  }

  private constructor(
    private readonly cv: OpenCv,
    private readonly classifier: CvCascadeClassifier,
    /** Smallest plate, in pixels, this cascade can see. */
    readonly window: Size,
  ) {}

  detect(image: GrayImage | RgbImage, options: DetectOptions = {}): ScoredBox[] {
    const region = clampBox(options.roi ?? { x: 0, y: 0, w: image.width, h: image.height }, image.width, image.height);
    if (!region) return [];
    const minPlateWidth = options.minPlateWidth ?? this.window.width;
    const maxPlateWidth = options.maxPlateWidth ?? image.width * DEFAULT_MAX_PLATE_WIDTH_FRACTION;
    const scaleFactor = options.scaleFactor ?? DEFAULT_SCALE_FACTOR;
    if (!(scaleFactor > 1)) throw new RangeError(`scaleFactor must be greater than 1 (got ${scaleFactor})`);
    const plan = planScan({ width: region.w, height: region.h }, this.window, minPlateWidth, maxPlateWidth);
    if (!plan) return [];
    const needed = pyramidBytes(plan, this.window, scaleFactor);
    if (needed > MAX_SEARCH_BYTES) {
      const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
      throw new LprError(
        `searching ${region.w}x${region.h} pixels for plates from ${Math.round(minPlateWidth)} px at scaleFactor ${scaleFactor} ` +
          `needs about ${mb(needed)} MB of detector memory (limit ${mb(MAX_SEARCH_BYTES)} MB): raise scaleFactor or the smallest plate width, or shrink the image`,
      );
    }

    const { cv } = this;
    const mats: { delete(): void }[] = [];
    try {
      const full = grayMat(cv, image, region);
      mats.push(full);
      let working = full;
      if (plan.width !== region.w || plan.height !== region.h) {
        working = new cv.Mat(plan.height, plan.width, cv.CV_8UC1);
        mats.push(working);
        // INTER_AREA averages the pixels it drops; OpenCV's own pyramid (bilinear) would alias at large shrink factors.
        cv.resize(full, working, new cv.Size(plan.width, plan.height), 0, 0, cv.INTER_AREA);
      }
      const rects = new cv.RectVector();
      mats.push(rects);
      const neighbours = new cv.IntVector();
      mats.push(neighbours);
      this.classifier.detectMultiScale2(
        working,
        rects,
        neighbours,
        scaleFactor,
        options.minNeighbors ?? DEFAULT_MIN_NEIGHBORS,
        0,
        new cv.Size(plan.minSize.width, plan.minSize.height),
        new cv.Size(plan.maxSize.width, plan.maxSize.height),
      );
      const toOriginalX = region.w / plan.width;
      const toOriginalY = region.h / plan.height;
      const boxes: ScoredBox[] = [];
      for (let i = 0; i < rects.size(); i++) {
        const r = rects.get(i);
        boxes.push({
          x: region.x + r.x * toOriginalX,
          y: region.y + r.y * toOriginalY,
          w: r.width * toOriginalX,
          h: r.height * toOriginalY,
          score: neighbours.get(i),
        });
      }
      return boxes.sort((a, b) => b.score - a.score);
    } catch (err) {
      // OpenCV throws bare heap pointers; give callers a real Error.
      throw typeof err === 'number' ? new Error(`OpenCV: ${openCvErrorMessage(cv, err)}`) : err;
    } finally {
      for (const mat of mats) mat.delete();
    }
  }

  /** Free the classifier's wasm memory; the detector cannot be used afterwards. */
  close(): void {
    this.classifier.delete();
  }
}

/** Copy the region of the image, as 8-bit gray, into a new wasm matrix. */
function grayMat(cv: OpenCv, image: GrayImage | RgbImage, region: Box): CvMat {
  const pixels = image.width * image.height;
  let gray: GrayImage;
  let area: Box;
  if (image.data.length === pixels) {
    gray = image;
    area = region;
  } else if (image.data.length === pixels * 3) {
    // Crop before converting: a small ROI of a 12 MP photo should not cost a full-frame conversion.
    const whole = region.w === image.width && region.h === image.height;
    gray = toGray(whole ? image : cropRgb(image, region));
    area = { x: 0, y: 0, w: region.w, h: region.h };
  } else {
    throw new RangeError(`image data has ${image.data.length} bytes, expected ${pixels} (gray) or ${pixels * 3} (RGB)`);
  }
  const mat = new cv.Mat(area.h, area.w, cv.CV_8UC1);
  const target = mat.data;
  for (let y = 0; y < area.h; y++) {
    const start = (area.y + y) * gray.width + area.x;
    target.set(gray.data.subarray(start, start + area.w), y * area.w);
  }
  return mat;
}
