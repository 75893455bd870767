"""Make short clips of the labelled street photos, so the video pipeline can be scored on real plates of many
provinces and styles (we have no labelled Chinese video): `npx lpr eval-video --country cn --clips <out>`.

Each photo with a readable plate becomes one H.264 clip (1280x720, 25 fps, 2.4 s by default) in which the camera
closes in on its plates while they drift across the frame (common/pan_clip.py). `labels.csv` lists the readable
plates that stay whole in every frame; unreadable ones (`?`) are in the picture but not in the labels, so an event
reading one counts as a wrong extra. A still photo panned is not traffic: every pixel moves at once (the motion
gate sees the whole frame change) and nothing is hidden behind other vehicles; what it does test is detection,
tracking, reading and voting on real plates, whatever their colour and rows.

python -m lpr_training.cli.street_clips --labels repo:training/labels/cn-scenes.csv --split val --out /tmp/street-clips
    [--seconds 2.4] [--fps 25] [--size 1280x720] [--ffmpeg PATH]
"""
import argparse
import csv
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np

from ..common.pan_clip import plan_pan_clip, stays_in_frame
from ..common.paths import REPO_ROOT
from ..common.scene_labels import load_scene_set, read_bgr

BUNDLED_FFMPEG = REPO_ROOT / "node_modules" / "@ffmpeg-installer" / "linux-x64" / "ffmpeg"


def find_ffmpeg(given: str | None) -> str:
    found = given or (str(BUNDLED_FFMPEG) if BUNDLED_FFMPEG.exists() else shutil.which("ffmpeg"))
    if not found:
        raise SystemExit("street_clips: no ffmpeg found; run `npm ci` in the repository (it brings one) or pass --ffmpeg PATH")
    return found


def write_clip(ffmpeg: str, path: Path, frames: list[np.ndarray], fps: int) -> None:
    height, width = frames[0].shape[:2]
    command = [ffmpeg, "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{width}x{height}",
               "-r", str(fps), "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
               str(path)]
    subprocess.run(command, input=b"".join(f.tobytes() for f in frames), check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", required=True, help="a labels-csv source (see common/scene_labels.py)")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--split", default="all", choices=["all", "train", "val"], help="photos of this split")
    parser.add_argument("--seconds", type=float, default=2.4)
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--size", default="1280x720", help="frame WIDTHxHEIGHT")
    parser.add_argument("--ffmpeg", help="ffmpeg binary (default: the one npm installed, else PATH)")
    args = parser.parse_args()
    ffmpeg = find_ffmpeg(args.ffmpeg)
    frame_size = tuple(int(v) for v in args.size.split("x"))
    frames = max(2, round(args.seconds * args.fps))
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    scenes = [s for s in load_scene_set({"format": "labels-csv", "path": args.labels}, args.split) if any(s.texts)]
    for n, scene in enumerate(scenes, 1):
        photo = read_bgr(scene.path)
        readable = [box for box, text in zip(scene.boxes, scene.texts) if text]
        clip = plan_pan_clip((photo.shape[1], photo.shape[0]), readable, frame_size, frames)
        interpolation = cv2.INTER_AREA if clip.scale < 1 else cv2.INTER_CUBIC
        scaled = cv2.resize(photo, None, fx=clip.scale, fy=clip.scale, interpolation=interpolation)
        pictures = [cv2.warpAffine(scaled, np.array(affine, dtype=np.float64), frame_size, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_REPLICATE) for affine in clip.affines]
        name = f"{scene.path.stem}.mp4"
        write_clip(ffmpeg, args.out / name, pictures, args.fps)
        kept = [text for box, text in zip(scene.boxes, scene.texts) if text and stays_in_frame(clip, box, frame_size)]
        rows += [(name, text) for text in kept]
        print(f"[{n}/{len(scenes)}] {name}: scale {clip.scale:.2f}, plates {', '.join(kept) or 'none whole in view'}",
              flush=True)
    with open(args.out / "labels.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["clip", "plate"])
        writer.writerows(rows)
    print(f"{len(scenes)} clips, {len(rows)} labelled plates -> {args.out}")


if __name__ == "__main__":
    main()
