import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { errorMessage, LprError, type RgbImage } from '@lpr/core';
import { decodeBmp, isBmp } from './bmp.js';

/** File extensions `listImageFiles` treats as images (lower case, with the dot). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff']);

/**
 * Decode any image sharp reads into 8-bit sRGB pixels, turned upright according to its EXIF orientation
 * (phone photos are stored sideways) and with any alpha channel dropped; BMPs, which sharp does not read, by `decodeBmp`.
 */
export async function loadImage(path: string): Promise<RgbImage> {
  try {
    const bytes = await readFile(path);
    if (isBmp(bytes)) return decodeBmp(bytes);
    // failOn 'error': a truncated camera JPEG still yields a usable picture, so only undecodable files fail.
    const { data, info } = await sharp(bytes, { autoOrient: true, failOn: 'error' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels instead of 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw new LprError(`cannot read image "${path}": ${describeSharpError(err)}`, { cause: err });
  }
}

function describeSharpError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  const message = errorMessage(err);
  if (/missing|does not exist/i.test(message)) return 'no such file';
  // libvips messages span several lines; the first one says what went wrong.
  const first = message.split('\n')[0]!.trim();
  if (/unsupported image format/i.test(first)) return 'not an image format this tool decodes; convert it to JPEG, PNG, WebP, TIFF or BMP';
  return first;
}

/**
 * Expand the given files and directories into image files: each directory becomes the images directly inside it
 * (by extension, not recursive), sorted by name; files are kept as given, whatever their extension, in the order given.
 */
export async function listImageFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((err: unknown) => {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : errorMessage(err);
      throw new LprError(`cannot read "${path}": ${reason}`, { cause: err });
    });
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const images = entries
      .filter((entry) => entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      // Numeric order, so that frame dumps like img2.jpg come before img10.jpg.
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((name) => join(path, name));
    files.push(...images);
  }
  return files;
}
