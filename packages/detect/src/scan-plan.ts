export interface Size {
  width: number;
  height: number;
}

/** How one image (or ROI) is scanned: at what working resolution, and which cascade window sizes. */
export interface ScanPlan {
  /** Working pixels per original pixel, at most 1: the image is only ever shrunk. */
  scale: number;
  /** The working image the cascade runs on. */
  width: number;
  height: number;
  /** detectMultiScale minSize/maxSize, in working pixels. */
  minSize: Size;
  maxSize: Size;
}

/**
 * Choose the working resolution so that the narrowest plate asked for maps to the cascade window width: a cascade
 * cannot see anything smaller than its window, and every pixel above that only costs time (a 12 MP photo scanned at
 * full resolution takes seconds in single-threaded wasm). The image is never enlarged: upsampling adds no detail,
 * so plates narrower than the window are out of this cascade's reach. maxSize caps the scan at the widest plate.
 *
 * Returns null when no plate of the requested sizes fits in the region.
 */
export function planScan(region: Size, window: Size, minPlateWidth: number, maxPlateWidth: number): ScanPlan | null {
  if (!(minPlateWidth > 0) || !(maxPlateWidth >= minPlateWidth)) {
    throw new RangeError(`plate width limits must satisfy 0 < min <= max (got ${minPlateWidth} and ${maxPlateWidth})`);
  }
  const scale = Math.min(1, window.width / minPlateWidth);
  const width = Math.round(region.width * scale);
  const height = Math.round(region.height * scale);
  // Only the width limits the plate: its height follows from the window's aspect, and the image height caps it.
  const maxWidth = Math.min(width, Math.floor(maxPlateWidth * scale));
  if (maxWidth < window.width || height < window.height) return null;
  return {
    scale,
    width,
    height,
    minSize: { width: window.width, height: window.height },
    maxSize: { width: maxWidth, height },
  };
}

/** Slack of OpenCV's packing of the pyramid into one buffer, measured: it asked for 674 MB for a 3968x2976 scan at
 * scaleFactor 1.05, 1.33x the integral images' own size. */
const PYRAMID_PACKING = 1.4;

/**
 * About how many bytes opencv's detectMultiScale allocates for a plan: a 32-bit integral image of the working image
 * at every scale it searches (window sizes from minSize to maxSize, in steps of scaleFactor), packed into one buffer.
 * A small scaleFactor on a large image multiplies the scales, and the wasm heap cannot grow without bound.
 */
export function pyramidBytes(plan: ScanPlan, window: Size, scaleFactor: number): number {
  let ints = 0;
  for (let factor = 1; ; factor *= scaleFactor) {
    const w = Math.round(window.width * factor);
    const h = Math.round(window.height * factor);
    if (w > plan.maxSize.width || h > plan.maxSize.height || w > plan.width || h > plan.height) break;
    if (w < plan.minSize.width || h < plan.minSize.height) continue;
    ints += (Math.round(plan.width / factor) + 1) * (Math.round(plan.height / factor) + 1);
  }
  return ints * 4 * PYRAMID_PACKING;
}
