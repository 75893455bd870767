import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';

/**
 * A minimal RTSP camera for tests: the bundled ffmpeg encodes a live test pattern to MJPEG RTP packets (over UDP to
 * us), and this server hands them to RTSP clients interleaved on the TCP connection (RTSP over TCP, RFC 2326 §10.12),
 * which is what FrameSource asks for. Optional Basic authentication. Nothing else of RTSP is implemented.
 */
export interface FakeCamera {
  /** rtsp://127.0.0.1:<port>/live, with the credentials when the camera requires them. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface FakeCameraOptions {
  width?: number;
  height?: number;
  fps?: number;
  credentials?: { user: string; password: string };
}

export async function startFakeCamera(options: FakeCameraOptions = {}): Promise<FakeCamera> {
  const { width = 160, height = 120, fps = 25, credentials } = options;
  const players = new Set<Socket>();
  const connections = new Set<Socket>();

  const rtp: UdpSocket = createSocket('udp4');
  rtp.on('message', (packet) => {
    const header = Buffer.from([0x24, 0, packet.length >> 8, packet.length & 0xff]); // '$', channel 0, length
    for (const player of players) player.write(Buffer.concat([header, packet]));
  });
  await new Promise<void>((resolve) => rtp.bind(0, '127.0.0.1', resolve));

  const encoder: ChildProcess = spawn(ffmpegInstaller.path, [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}`,
    '-c:v', 'mjpeg', '-huffman', 'default', '-pix_fmt', 'yuvj420p', '-q:v', '8',
    '-f', 'rtp', `rtp://127.0.0.1:${rtp.address().port}?pkt_size=1200`,
  ], { stdio: 'ignore' });

  const server: Server = createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => {
      connections.delete(socket);
      players.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    let pending = '';
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const request = pending.slice(0, end);
        pending = pending.slice(end + 4);
        respond(socket, request);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const base = `rtsp://127.0.0.1:${port}/live`;
  const expectedAuth = credentials && `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

  function respond(socket: Socket, request: string): void {
    const [requestLine = '', ...headerLines] = request.split('\r\n');
    const method = requestLine.split(' ')[0];
    const header = (name: string) =>
      headerLines.find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
    const reply = (status: string, headers: string[] = [], body = '') => {
      const lines = [`RTSP/1.0 ${status}`, `CSeq: ${header('CSeq') ?? '0'}`, ...headers];
      if (body) lines.push('Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(body)}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    };
    if (expectedAuth && method !== 'OPTIONS' && header('Authorization') !== expectedAuth) {
      return reply('401 Unauthorized', ['WWW-Authenticate: Basic realm="fake camera"']);
    }
    switch (method) {
      case 'OPTIONS':
        return reply('200 OK', ['Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN']);
      case 'DESCRIBE': {
        // Payload type 26 is JPEG (RFC 2435): static, so the SDP needs no codec parameters.
        const sdp = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=fake camera', 'c=IN IP4 127.0.0.1', 't=0 0',
          'm=video 0 RTP/AVP 26', 'a=control:track0', ''].join('\r\n');
        return reply('200 OK', [`Content-Base: ${base}/`], sdp);
      }
      case 'SETUP':
        return reply('200 OK', ['Transport: RTP/AVP/TCP;unicast;interleaved=0-1', 'Session: 4242']);
      case 'PLAY':
        players.add(socket);
        return reply('200 OK', ['Session: 4242', 'Range: npt=0.000-']);
      default:
        return reply('200 OK', ['Session: 4242']);
    }
  }

  const userInfo = credentials ? `${credentials.user}:${credentials.password}@` : '';
  return {
    url: `rtsp://${userInfo}127.0.0.1:${port}/live`,
    port,
    close: async () => {
      encoder.kill('SIGKILL');
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rtp.close();
    },
  };
}
