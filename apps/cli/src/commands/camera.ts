import { LprError } from '@lpr/core';
import { CameraRegistry, leaseHolders, validateCamera } from '@lpr/cameras';
import { redactUrl } from '@lpr/decode';
import { DEFAULT_REDIS_URL, connectRedis, ensureReachable } from '@lpr/events';
import { DEFAULT_KEY_PREFIX } from '@lpr/queue';
import { choiceOption, numberOption, parseCommand } from '../args.js';
import { printJson, printLine } from '../output.js';

const help = `usage: lpr camera add <id> <rtsp-url> [--fps N] [--roi X,Y,W,H] [--transport tcp|udp]
       lpr camera list [--json]
       lpr camera remove <id>

Manage the camera registry in Redis that "lpr ingest --cameras redis" workers follow: changes apply within seconds,
without restarts. "add" replaces the camera if the id exists. URLs are shown with credentials hidden.

options:
  --fps N                 frames per second to sample before detection (default: every frame)
  --roi X,Y,W,H           only look for plates inside this region of the frame
  --transport NAME        RTSP over tcp (default) or udp
  --json                  list: one JSON object per camera
  --redis URL             (default: $REDIS_URL, else ${DEFAULT_REDIS_URL})
  --prefix NAME           key prefix of the deployment (default: ${DEFAULT_KEY_PREFIX})`;

export async function cameraCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand('camera', help, argv, {
    fps: { type: 'string' },
    roi: { type: 'string' },
    transport: { type: 'string' },
    json: { type: 'boolean', default: false },
    redis: { type: 'string', default: process.env.REDIS_URL ?? DEFAULT_REDIS_URL },
    prefix: { type: 'string', default: DEFAULT_KEY_PREFIX },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [action, ...args] = positionals;
  if (!action) {
    printLine(help);
    return 2;
  }
  const expected = ({ add: 2, list: 0, remove: 1 } as Record<string, number>)[action];
  if (expected === undefined) throw new LprError(`unknown camera action "${action}"; actions: add, list, remove (see: lpr camera --help)`);
  if (args.length !== expected) {
    throw new LprError(`lpr camera ${action} takes ${expected === 0 ? 'no arguments' : expected === 1 ? 'a camera id' : 'a camera id and an rtsp:// URL'} (see: lpr camera --help)`);
  }
  const redis = connectRedis(values.redis, 'lpr-camera');
  try {
    await ensureReachable(redis, values.redis);
    const registry = new CameraRegistry(redis, values.prefix);
    if (action === 'add') {
      const camera = validateCamera(
        {
          id: args[0],
          url: args[1],
          ...(values.fps !== undefined ? { fps: numberOption('fps', values.fps, 0, 0.01) } : {}),
          ...(values.roi !== undefined ? { roi: values.roi } : {}),
          ...(values.transport !== undefined ? { transport: choiceOption('transport', values.transport, ['tcp', 'udp'], 'tcp') } : {}),
        },
        'camera',
      );
      const added = await registry.put(camera);
      printLine(`${added ? 'added' : 'updated'} camera ${camera.id} (${redactUrl(camera.url)})`);
    } else if (action === 'remove') {
      if (!(await registry.remove(args[0]!))) throw new LprError(`no camera "${args[0]}" in the registry (see: lpr camera list)`);
      printLine(`removed camera ${args[0]}`);
    } else {
      const cameras = await registry.list();
      const owners = await leaseHolders(redis, values.prefix, cameras.map((c) => c.id));
      for (const c of cameras) {
        const shown = { ...c, url: redactUrl(c.url), worker: owners.get(c.id) ?? null };
        if (values.json) printJson(shown);
        else printLine([c.id, shown.url, c.fps ? `fps=${c.fps}` : '', c.roi ? `roi=${c.roi.x},${c.roi.y},${c.roi.w},${c.roi.h}` : '', `worker=${shown.worker ?? '-'}`].filter(Boolean).join('  '));
      }
    }
  } finally {
    redis.disconnect();
  }
  return 0;
}
