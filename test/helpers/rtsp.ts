import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { repoRoot } from '../fixtures/fixture-video.js';

const python = '/usr/bin/python3';
const script = join(repoRoot, 'test/helpers/rtsp-server.py');

/** Why the RTSP test server cannot run here (for `{ skip }`), or false. */
export function rtspServerUnavailable(): string | false {
  const probe = spawnSync(python, ['-c', "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer, Gst; Gst.init(None); assert Gst.ElementFactory.find('x264enc') and Gst.ElementFactory.find('rtph264pay')"]);
  if (probe.status === 0) return false;
  return 'RTSP test server unavailable: apt-get install python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly';
}

export interface RtspServerOptions {
  port: number;
  /** Require RTSP basic authentication with these credentials. */
  credentials?: { user: string; password: string };
}

/** A looping RTSP stream of a video file on loopback (test/helpers/rtsp-server.py), stoppable and restartable. */
export class TestRtspServer {
  private process: ChildProcess | null = null;

  constructor(
    private readonly video: string,
    private readonly options: RtspServerOptions,
  ) {}

  /** The stream URL, with the credentials when the server requires them. */
  get url(): string {
    const c = this.options.credentials;
    const auth = c ? `${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@` : '';
    return `rtsp://${auth}127.0.0.1:${this.options.port}/stream`;
  }

  async start(): Promise<void> {
    const args = [script, '--ffmpeg', ffmpeg.path, '--port', String(this.options.port), this.video];
    if (this.options.credentials) args.push('--user', this.options.credentials.user, '--password', this.options.credentials.password);
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.setEncoding('utf8').once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`RTSP test server exited with ${code}: ${stderr.slice(-800)}`)));
    });
  }

  /** Kill it, as a crashing camera or a network cut would: clients see their connection drop. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = null;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}
