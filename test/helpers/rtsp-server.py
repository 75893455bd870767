#!/usr/bin/python3
"""Serve a video file as a live RTSP stream that loops forever, for the distributed-mode integration tests.

Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-good (RTP) and
gstreamer1.0-plugins-ugly (x264enc). The file is decoded once with ffmpeg into memory; frames are then pushed in
real time through x264enc, each client getting its own session from the first frame. Prints "ready" on stdout.

usage: rtsp-server.py --ffmpeg PATH --port N [--path /stream] [--size 640x360] [--fps 10]
                      [--user U --password P] VIDEO
"""
import argparse
import subprocess
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def decode_frames(ffmpeg, video, width, height, fps):
    """All frames of the video as I420 buffers of one size and rate."""
    raw = subprocess.run(
        [ffmpeg, "-v", "error", "-i", video, "-vf", f"scale={width}:{height},fps={fps}",
         "-pix_fmt", "yuv420p", "-f", "rawvideo", "-"],
        check=True, stdout=subprocess.PIPE,
    ).stdout
    size = width * height * 3 // 2
    return [raw[i:i + size] for i in range(0, len(raw) - size + 1, size)]


class LoopingVideoFactory(GstRtspServer.RTSPMediaFactory):
    """Each client gets a pipeline that encodes the decoded frames, looping, paced by timestamps."""

    def __init__(self, frames, width, height, fps):
        super().__init__()
        self.frames = frames
        self.duration = Gst.SECOND // fps
        self.launch = (
            f"appsrc name=src is-live=true format=time "
            f"caps=video/x-raw,format=I420,width={width},height={height},framerate={fps}/1 "
            f"! identity sync=true ! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} "
            f"! rtph264pay name=pay0 pt=96 config-interval=1"
        )

    def do_create_element(self, url):
        return Gst.parse_launch(self.launch)

    def do_configure(self, media):
        state = {"n": 0}
        src = media.get_element().get_child_by_name("src")

        def need_data(appsrc, _length):
            frame = self.frames[state["n"] % len(self.frames)]
            buf = Gst.Buffer.new_wrapped(frame)
            buf.pts = state["n"] * self.duration
            buf.duration = self.duration
            state["n"] += 1
            appsrc.emit("push-buffer", buf)

        src.connect("need-data", need_data)


def require_basic_auth(server, factory, user, password):
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "viewer")
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role("viewer", "media.factory.access", True)
    permissions.add_permission_for_role("viewer", "media.factory.construct", True)
    factory.set_permissions(permissions)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("video")
    parser.add_argument("--ffmpeg", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/stream")
    parser.add_argument("--size", default="640x360")
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    Gst.init(None)
    frames = decode_frames(args.ffmpeg, args.video, width, height, args.fps)
    if not frames:
        sys.exit(f"no frames decoded from {args.video}")
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = LoopingVideoFactory(frames, width, height, args.fps)
    if args.user:
        require_basic_auth(server, factory, args.user, args.password or "")
    server.get_mount_points().add_factory(args.path, factory)
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on 127.0.0.1:{args.port}")
    print("ready", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
