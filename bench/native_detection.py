"""The same cascade on the same frames in native OpenCV (Debian's python3-opencv), single-threaded, for the ratio
with opencv-wasm in packages/detect/bench/detection-speed.ts: 8 CCPD scenes scaled to 720p and 1080p, plates from
40 px to half the frame width, scaleFactor 1.1, minNeighbors 3 (the runtime's defaults). Prints markdown.

    /usr/bin/python3 bench/native_detection.py
"""
import os
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCENES = Path(os.environ.get("LPR_SHARED_DATA", ROOT.parent / "shared" / "data")) / "cn" / "ccpd-scenes"


def main() -> None:
    cv2.setNumThreads(1)
    cascade = cv2.CascadeClassifier(str(ROOT / "models" / "cascade-cn.xml"))
    if cascade.empty():
        sys.exit("cannot load models/cascade-cn.xml")
    files = sorted(SCENES.glob("*.jpg"))[:8]
    print("| frame | native OpenCV CPU ms/frame (median, 1 thread) |")
    print("|---|---:|")
    for width, height in ((1280, 720), (1920, 1080)):
        times = []
        for f in files:
            gray = cv2.cvtColor(cv2.resize(cv2.imread(str(f)), (width, height)), cv2.COLOR_BGR2GRAY)
            for _ in range(3):
                started = time.process_time()
                cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=3, minSize=(40, 13),
                                         maxSize=(width // 2, height))
                times.append((time.process_time() - started) * 1000)
        print(f"| {width}x{height} | {statistics.median(times):.1f} |")


if __name__ == "__main__":
    main()
