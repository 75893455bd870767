import { readFile } from 'node:fs/promises';
import { LprError, type Box } from '@lpr/core';
import { parse as parseYaml } from 'yaml';

/** One camera as configured: in a cameras file, in LPR_CAMERAS, or in the Redis registry. */
export interface CameraConfig {
  /** Names the camera in events, metrics and logs; never the URL, which may hold credentials. */
  id: string;
  /** rtsp:// (or rtsps://) URL, credentials included where the camera needs them. */
  url: string;
  /** Frames per second to sample before detection (default: every decoded frame). */
  fps?: number;
  /** Only look for plates inside this region of the frame. */
  roi?: Box;
  /** RTSP transport (default tcp: UDP loses packets, which smears frames, on busy networks). */
  transport?: 'tcp' | 'udp';
}

/** Camera ids become key and label parts: keep them plain. */
const CAMERA_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** `X,Y,W,H` in pixels, as `--roi` takes it. */
export function parseRoi(text: string, where: string): Box {
  const parts = text.split(',').map((p) => Number(p.trim()));
  return roiFromNumbers(parts, where, text);
}

/**
 * Check one camera entry; `where` names it in errors (e.g. `cameras.yaml: cameras[2]`), so that each error is one
 * line naming the file, the field, what is wrong and what is expected.
 */
export function validateCamera(entry: unknown, where: string): CameraConfig {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new LprError(`${where}: must be a mapping with at least id and url`);
  }
  const e = entry as Record<string, unknown>;
  const known = new Set(['id', 'url', 'fps', 'roi', 'transport']);
  const unknown = Object.keys(e).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new LprError(`${where}: unknown field "${unknown[0]}" (fields: ${[...known].join(', ')})`);
  if (typeof e.id !== 'string' || !CAMERA_ID.test(e.id)) {
    throw new LprError(`${where}.id: must be 1-64 letters, digits, "_", "." or "-", got ${JSON.stringify(e.id)}`);
  }
  const at = `${where} (${e.id})`;
  if (typeof e.url !== 'string' || !/^rtsps?:\/\/[^/]/i.test(e.url)) {
    // Never echo the value: it may be a URL with a password in it.
    throw new LprError(`${at}.url: must be an rtsp:// or rtsps:// URL`);
  }
  const camera: CameraConfig = { id: e.id, url: e.url };
  if (e.fps !== undefined) {
    if (typeof e.fps !== 'number' || !(e.fps > 0) || e.fps > 120) throw new LprError(`${at}.fps: must be a number in (0, 120], got ${JSON.stringify(e.fps)}`);
    camera.fps = e.fps;
  }
  if (e.roi !== undefined) {
    const roi = e.roi as Record<string, unknown>;
    if (typeof e.roi === 'string') camera.roi = parseRoi(e.roi, `${at}.roi`);
    else if (Array.isArray(e.roi)) camera.roi = roiFromNumbers(e.roi, `${at}.roi`, JSON.stringify(e.roi));
    else if (typeof roi === 'object' && roi !== null) camera.roi = roiFromNumbers([roi.x, roi.y, roi.w, roi.h], `${at}.roi`, JSON.stringify(roi));
    else throw new LprError(`${at}.roi: must be "x,y,w,h", [x, y, w, h] or {x, y, w, h} in pixels`);
  }
  if (e.transport !== undefined) {
    if (e.transport !== 'tcp' && e.transport !== 'udp') throw new LprError(`${at}.transport: must be tcp or udp, got ${JSON.stringify(e.transport)}`);
    camera.transport = e.transport;
  }
  return camera;
}

/**
 * Parse a camera list: YAML or JSON, either `{cameras: [...]}` or the bare list. `source` names where the text
 * came from (a file path, or LPR_CAMERAS) in errors.
 */
export function parseCameraList(text: string, source: string): CameraConfig[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new LprError(`${source}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { cameras?: unknown } | null)?.cameras;
  if (!Array.isArray(list)) throw new LprError(`${source}: expected a "cameras:" list (see docs/distributed.md)`);
  const cameras = list.map((entry, i) => validateCamera(entry, `${source}: cameras[${i}]`));
  const seen = new Set<string>();
  for (const c of cameras) {
    if (seen.has(c.id)) throw new LprError(`${source}: camera id "${c.id}" appears twice; ids must be unique`);
    seen.add(c.id);
  }
  return cameras;
}

export async function loadCameraFile(path: string): Promise<CameraConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new LprError(`cannot read cameras file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseCameraList(text, path);
}

function roiFromNumbers(parts: unknown[], where: string, shown: string): Box {
  const ok = parts.length === 4 && parts.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
  if (!ok || (parts[2] as number) <= 0 || (parts[3] as number) <= 0) {
    throw new LprError(`${where}: must be X,Y,W,H in pixels with W and H > 0 (e.g. 0,200,1280,520), got ${shown}`);
  }
  const [x, y, w, h] = parts as [number, number, number, number];
  return { x, y, w, h };
}
