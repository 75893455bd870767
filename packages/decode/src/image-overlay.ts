import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { LprError, errorMessage, type Box, type RgbImage } from '@lpr/core';

export interface OverlayBox extends Box {
  /** Text drawn above the box (plate, score). */
  label?: string;
}

/**
 * Write the image with boxes drawn on it (JPEG or PNG by the file's extension): detection results are easier to
 * judge by eye than by coordinates.
 */
export async function writeOverlay(image: RgbImage, boxes: OverlayBox[], path: string): Promise<void> {
  const stroke = Math.max(2, Math.round(image.width / 400));
  const fontSize = Math.max(12, Math.round(image.width / 60));
  const shapes = boxes.map((b) => {
    const label = b.label
      ? `<text x="${b.x}" y="${Math.max(fontSize, b.y - stroke * 2)}" font-family="sans-serif" font-size="${fontSize}" ` +
        `fill="#00ff66" stroke="#000" stroke-width="${Math.max(1, stroke / 2)}" paint-order="stroke">${escapeXml(b.label)}</text>`
      : '';
    return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="none" stroke="#00ff66" stroke-width="${stroke}"/>${label}`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${image.height}">${shapes.join('')}</svg>`;
  await write(image, path, 'overlay', svg);
}

/** Write the image as it is (JPEG or PNG by the file's extension), e.g. a plate's picture for its event. */
export function writeImage(image: RgbImage, path: string): Promise<void> {
  return write(image, path, 'image', null);
}

async function write(image: RgbImage, path: string, what: string, svg: string | null): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const picture = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
      raw: { width: image.width, height: image.height, channels: 3 },
    });
    await (svg ? picture.composite([{ input: Buffer.from(svg) }]) : picture).toFile(path);
  } catch (err) {
    throw new LprError(`cannot write ${what} "${path}": ${errorMessage(err).split('\n')[0]}`, { cause: err });
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
