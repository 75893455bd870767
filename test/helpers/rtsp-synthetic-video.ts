import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import type { RgbImage, ScoredBox } from '@lpr/core';
import { repoRoot } from '../fixtures/fixture-video.js';

/**
 * A video for testing the distributed machinery without models: a white "plate" crosses a dark picture in 2 s,
 * then 1 s of nothing; looped by the RTSP server, that is one vehicle every 3 s.
 */
export const boxVideoPath = join(repoRoot, 'test/fixtures/generated/box-crossing.mp4');
export const boxVideoLoopMs = 3000;

export function makeBoxVideo(): string {
  if (existsSync(boxVideoPath)) return boxVideoPath;
  mkdirSync(dirname(boxVideoPath), { recursive: true });
  const run = spawnSync(ffmpeg.path, [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'color=c=0x202020:s=320x180:r=10:d=3',
    '-f', 'lavfi', '-i', 'color=c=white:s=64x20:r=10',
    '-filter_complex', "[0][1]overlay=x='-64+t*192':y=80:shortest=1,format=yuv420p",
    '-c:v', 'libx264', '-g', '10', boxVideoPath,
  ], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg could not make ${boxVideoPath}: ${run.stderr}`);
  return boxVideoPath;
}

/** Finds the white box: the bounding box of bright pixels (the stand-in for the cascade). */
export class BrightBoxDetector {
  detect(image: RgbImage): ScoredBox[] {
    let x0 = image.width;
    let y0 = image.height;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        if (image.data[(y * image.width + x) * 3]! < 200) continue;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
    // A sliver at the picture's edge is not worth a crop.
    if (x1 - x0 < 8) return [];
    return [{ x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1, score: 1 }];
  }
}
