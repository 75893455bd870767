export { openFrameSource, isLiveInput } from './ffmpeg-frame-source.js';
export type { FrameSource, FrameSourceOptions } from './ffmpeg-frame-source.js';
export { redactUrl } from './redact.js';
export { loadImage, listImageFiles, IMAGE_EXTENSIONS } from './image-file.js';
export { writeImage, writeOverlay, type OverlayBox } from './image-overlay.js';
