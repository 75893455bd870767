"""Harvest real plate crops for recognizer training from labelled video clips (e.g. eu/nl-clips).

python -m lpr_training.cli.harvest_clip_crops --country eu [--cascade models/cascade-eu.xml] [--every 2]
    [--clips eu/nl-clips] [--out training/cache/clip-crops/eu] [--sheet training/runs/clip-crops-eu.png]

Only train-split clips with exactly one labelled plate are used (common/clip_labels.py). In every Nth frame the
cascade (native OpenCV, scaleFactor/minNeighbors from training/configs/detector-<country>.yaml `detection:`, minSize
from the country's plate.minWidthPx) finds candidate boxes; the box on the clip's plate track is kept
(common/plate_track.py) among those whose padded crop shows as many whole characters as the label has
(common/plate_glyphs.py), and cropped with plate.cropPadding at full resolution. Writes <out>/*.png, <out>/labels.csv
(file,text,clip,frame; the recognizer loads it as the source `repo:training/cache/clip-crops/<country>`),
<out>/harvest.json, and a contact sheet of all crops to check by eye. Earlier crops in <out> are replaced.
"""
import argparse
import json
import re
import tempfile
import time
from pathlib import Path

import cv2

from ..common.clip_harvest import ClipResult, HarvestParams, harvest_clip
from ..common.clip_labels import is_clip_folder, read_clip_labels, skip_reason
from ..common.contact_sheet import contact_sheet
from ..common.country import load_country
from ..common.harvested_crops import HarvestedCrop, is_harvested, read_harvested, write_harvested
from ..common.paths import CACHE_DIR, MODELS_DIR, REPO_ROOT, RUNS_DIR, SHARED_DATA
from ..detector.config import config_path, load_config

SHEET_CELL, SHEET_COLUMNS = (188, 52), 6


def clip_folders(country: str, given: list[str] | None) -> list[Path]:
    """--clips folders (relative to the shared data), or every folder under <shared>/<country> with clip labels."""
    if given:
        return [SHARED_DATA / folder for folder in given]
    return sorted(p for p in (SHARED_DATA / country).iterdir() if p.is_dir() and is_clip_folder(p))


def relative_name(path: Path) -> str:
    try:
        return path.resolve().relative_to(SHARED_DATA).as_posix()
    except ValueError:
        return str(path)


def repo_relative(path: Path) -> str:
    resolved = path.resolve()
    return resolved.relative_to(REPO_ROOT).as_posix() if resolved.is_relative_to(REPO_ROOT) else str(path)


def short_name(path: Path) -> str:
    return path.stem.split("__")[-1]


def empty_reason(result: ClipResult, params: HarvestParams) -> str:
    """Why a usable clip gave no crops."""
    frames_with_text = sum(n > 0 for n in result.whole_text)
    if frames_with_text < params.min_frames:
        return f"a box showing the whole text in {frames_with_text} frames ({params.min_frames} needed)"
    return f"no consistent plate track in {params.min_frames}+ frames"


def clip_record(name: str, text: str, result: ClipResult) -> dict:
    return {"clip": name, "text": text, "frames": result.frames, "kept": len(result.kept),
            "detections": result.detections, "wholeText": result.whole_text,
            "boxes": [None if b is None else [round(v, 1) for v in b] for b in result.boxes]}


def clear_previous(out: Path) -> None:
    """Remove the crops and labels an earlier harvest wrote (only the files its labels.csv lists)."""
    if is_harvested(out):
        for crop in read_harvested(out):
            (out / crop.file).unlink(missing_ok=True)
        (out / "labels.csv").unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--country", required=True)
    parser.add_argument("--cascade", help="cascade XML (default models/cascade-<country>.xml); a run's "
                                          "checkpoint such as training/runs/detector-eu/cascade.xml works too")
    parser.add_argument("--every", type=int, default=2, metavar="N",
                        help="use every Nth frame (default 2; consecutive frames are near-duplicates)")
    parser.add_argument("--clips", nargs="*", help="clip folders under the shared data (default: every folder "
                                                   "under <shared>/<country> whose labels.csv is clip,plate)")
    parser.add_argument("--no-glyph-check", action="store_true",
                        help="keep boxes whose crop does not show the label's whole text (to diagnose a cascade)")
    parser.add_argument("--config", help="detector config with the detection parameters "
                                         "(default training/configs/detector-<country>.yaml)")
    parser.add_argument("--out", help="default training/cache/clip-crops/<country>")
    parser.add_argument("--sheet", help="contact sheet PNG (default training/runs/clip-crops-<country>.png)")
    args = parser.parse_args()
    if args.every < 1:
        parser.error("--every must be at least 1")

    cv2.setNumThreads(1)
    country = load_country(args.country)
    detection = load_config(config_path(args.country, args.config))["detection"]
    cascade = Path(args.cascade) if args.cascade else MODELS_DIR / f"cascade-{country.code}.xml"
    cascade_text = cascade.read_text(encoding="utf-8")  # one read: a training run may rewrite its checkpoint
    stages = re.search(r"<stageNum>(\d+)</stageNum>", cascade_text)
    with tempfile.TemporaryDirectory() as tmp:  # OpenCV loads that same text from a private copy
        (Path(tmp) / "cascade.xml").write_text(cascade_text, encoding="utf-8")
        detector = cv2.CascadeClassifier(str(Path(tmp) / "cascade.xml"))
    if detector.empty():
        raise SystemExit(f"OpenCV cannot load {cascade}")
    params = HarvestParams(detection["scale_factor"], detection["min_neighbors"], int(country.plate["minWidthPx"]),
                           tuple(country.plate["cropPadding"]), args.every,
                           check_glyphs=not args.no_glyph_check)
    out = Path(args.out) if args.out else CACHE_DIR / "clip-crops" / country.code
    sheet_path = Path(args.sheet) if args.sheet else RUNS_DIR / f"clip-crops-{country.code}.png"
    out.mkdir(parents=True, exist_ok=True)
    clear_previous(out)
    print(f"cascade {cascade} ({stages.group(1) if stages else '?'} stages), {params}", flush=True)

    labels, cells, used, skipped, per_clip = [], [], [], [], []
    for folder in clip_folders(country.code, args.clips):
        for clip in read_clip_labels(folder):
            name = relative_name(clip.path)
            reason = skip_reason(clip, country)
            if reason is None:
                result = harvest_clip(clip, detector, params)
                text = clip.plates[0]
                for (frame, _), crop in zip(result.kept, result.crops):
                    file = f"{clip.path.stem}_f{frame:03d}.png"
                    cv2.imwrite(str(out / file), crop)
                    labels.append(HarvestedCrop(file, text, name, frame))
                    cells.append((cv2.cvtColor(crop, cv2.COLOR_BGR2RGB), f"{text} {short_name(clip.path)} f{frame}"))
                print(f"{name} {text}: {len(result.kept)}/{len(result.frames)} frames kept, "
                      f"{sum(result.detections)} detections, {sum(result.whole_text)} showing the whole text, "
                      f"{result.seconds:.0f}s", flush=True)
                per_clip.append(clip_record(name, text, result))
                reason = None if result.kept else empty_reason(result, params)
                if reason is None:
                    used.append(name)
            if reason is not None:
                skipped.append((name, reason))
                print(f"{name}: skipped, {reason}", flush=True)

    write_harvested(out, labels)
    (out / "harvest.json").write_text(json.dumps({
        "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "cascade": repo_relative(cascade),
        "stages": int(stages.group(1)) if stages else None,
        "params": {"scaleFactor": params.scale_factor, "minNeighbors": params.min_neighbors,
                   "minWidth": params.min_width, "cropPadding": list(params.padding), "every": params.every,
                   "minFrames": params.min_frames, "glyphCheck": params.check_glyphs,
                   "track": vars(params.track)},
        "crops": len(labels), "clipsUsed": used, "clipsSkipped": dict(skipped), "perClip": per_clip,
    }, indent=1))
    if cells:
        sheet_path.parent.mkdir(parents=True, exist_ok=True)
        contact_sheet(cells, SHEET_COLUMNS, SHEET_CELL, label_height=18, font_size=13).save(sheet_path)
    print(f"\nclips used: {len(used)}, skipped: {len(skipped)}")
    for name, reason in skipped:
        print(f"  {name}: {reason}")
    print(f"crops written: {len(labels)} ({len({c.text for c in labels})} distinct plates) to "
          f"{repo_relative(out)}" + (f"; contact sheet {repo_relative(sheet_path)}" if cells else ""))


if __name__ == "__main__":
    main()
