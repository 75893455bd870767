import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCameraList, parseRoi } from '../src/index.js';

describe('camera config', () => {
  it('reads YAML with a cameras list, and JSON as a bare list', () => {
    const yaml = `cameras:
  - id: gate-1
    url: rtsp://admin:pw@10.0.0.5/stream1
    fps: 5
    roi: 0,200,1280,520
  - id: gate-2
    url: rtsps://10.0.0.6/live
    roi: [10, 20, 30, 40]
    transport: udp
`;
    assert.deepEqual(parseCameraList(yaml, 'cameras.yaml'), [
      { id: 'gate-1', url: 'rtsp://admin:pw@10.0.0.5/stream1', fps: 5, roi: { x: 0, y: 200, w: 1280, h: 520 } },
      { id: 'gate-2', url: 'rtsps://10.0.0.6/live', roi: { x: 10, y: 20, w: 30, h: 40 }, transport: 'udp' },
    ]);
    assert.deepEqual(parseCameraList('[{"id": "a", "url": "rtsp://h/s", "roi": {"x": 1, "y": 2, "w": 3, "h": 4}}]', 'LPR_CAMERAS'), [
      { id: 'a', url: 'rtsp://h/s', roi: { x: 1, y: 2, w: 3, h: 4 } },
    ]);
  });

  const rejects = (text: string, message: RegExp) => assert.throws(() => parseCameraList(text, 'cams.yaml'), message);

  it('names the file, the entry and the field in one-line errors', () => {
    rejects('cameras: [{id: a, url: "rtsp://h/s", fps: -1}]', /^LprError: cams.yaml: cameras\[0\] \(a\).fps: must be a number in \(0, 120\], got -1$/);
    rejects('cameras: [{id: a, url: "rtsp://h/s"}, {id: "b c", url: "rtsp://h/s"}]', /cams.yaml: cameras\[1\].id: must be 1-64 letters/);
    rejects('cameras: [{id: a, url: "rtsp://h/s", roi: "1,2,3"}]', /cams.yaml: cameras\[0\] \(a\).roi: must be X,Y,W,H/);
    rejects('cameras: [{id: a, url: "rtsp://h/s", colour: red}]', /cams.yaml: cameras\[0\]: unknown field "colour"/);
    rejects('cameras: [{id: a, url: "rtsp://h/s"}, {id: a, url: "rtsp://h/t"}]', /camera id "a" appears twice/);
    rejects('cams: []', /cams.yaml: expected a "cameras:" list/);
    rejects('cameras: [', /cams.yaml: not valid YAML or JSON/);
  });

  it('never repeats a bad URL in an error, since it may hold a password', () => {
    assert.throws(
      () => parseCameraList('cameras: [{id: a, url: "http://admin:hunter2@cam/x"}]', 'cams.yaml'),
      (err: Error) => /url: must be an rtsp:\/\/ or rtsps:\/\/ URL/.test(err.message) && !err.message.includes('hunter2'),
    );
  });

  it('parses --roi', () => {
    assert.deepEqual(parseRoi('1, 2, 3, 4', '--roi'), { x: 1, y: 2, w: 3, h: 4 });
    assert.throws(() => parseRoi('1,2,0,4', '--roi'), /--roi: must be X,Y,W,H in pixels with W and H > 0/);
  });
});
