import { LprError, type RgbImage } from '@lpr/core';

/** Whether the bytes start like a Windows bitmap ("BM"). */
export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

/**
 * Decode an uncompressed Windows bitmap (BI_RGB, or BI_BITFIELDS in the usual BGRA order) of 24 or 32 bits per pixel,
 * bottom-up or top-down, into RGB pixels. sharp (libvips) reads no BMP at all; these are the BMPs cameras and
 * dataset tools write. Anything else is refused with what it is.
 */
export function decodeBmp(bytes: Uint8Array): RgbImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isBmp(bytes) || bytes.length < 54) throw new LprError('not a BMP file (no "BM" header)');
  const dataOffset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const signedHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const BI_RGB = 0;
  const BI_BITFIELDS = 3;
  if ((bitsPerPixel !== 24 && bitsPerPixel !== 32) || (compression !== BI_RGB && compression !== BI_BITFIELDS)) {
    throw new LprError(`unsupported BMP: ${bitsPerPixel} bits per pixel, compression ${compression}; save it as 24-bit BMP, JPEG or PNG`);
  }
  const height = Math.abs(signedHeight);
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4; // rows are padded to 4 bytes
  if (width <= 0 || height === 0 || dataOffset + stride * height > bytes.length) {
    throw new LprError(`truncated or damaged BMP: ${width}x${height} pixels do not fit in ${bytes.length} bytes`);
  }
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    // Positive heights are stored bottom row first.
    const row = dataOffset + (signedHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const from = row + x * bytesPerPixel;
      const to = (y * width + x) * 3;
      data[to] = bytes[from + 2]!;
      data[to + 1] = bytes[from + 1]!;
      data[to + 2] = bytes[from]!;
    }
  }
  return { width, height, data };
}
