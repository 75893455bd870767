"""Reading and writing OpenCV's cascade XML (the format opencv_traincascade wrote) for LBP stump cascades."""
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np

from .boosting import CATEGORIES, CategoricalStump
from .cascade_model import Cascade, Stage
from .stage_training import StageParams

SUBSET_WORDS = CATEGORIES // 32


def subset_words(left_categories: np.ndarray) -> np.ndarray:
    """The 8 int32 words of a categorical split: bit c (word c >> 5, bit c & 31) is set for left categories."""
    return np.packbits(left_categories, bitorder="little").view("<u4").view(np.int32)


def categories_from_words(words) -> np.ndarray:
    return np.unpackbits(np.asarray(words, "<i4").view(np.uint8), bitorder="little").astype(bool)


def _float(value) -> str:
    # %.9g round-trips float32 exactly; OpenCV reads the text as double and stores it as float.
    return f"{float(np.float32(value)):.9g}"


def write_cascade_xml(cascade: Cascade, path: Path, params: StageParams) -> None:
    """Write the cascade; only the features the stumps use are listed, renumbered in order of first use.

    params are recorded in <stageParams> for the reader; OpenCV's detector ignores them.
    """
    used: dict[int, int] = {}
    for stage in cascade.stages:
        for stump in stage.stumps:
            used.setdefault(stump.feature, len(used))
    lines = [
        '<?xml version="1.0"?>',
        "<opencv_storage>",
        '<cascade type_id="opencv-cascade-classifier">',
        "  <stageType>BOOST</stageType>",
        "  <featureType>LBP</featureType>",
        f"  <height>{cascade.window_height}</height>",
        f"  <width>{cascade.window_width}</width>",
        "  <stageParams>",
        "    <boostType>GAB</boostType>",
        f"    <minHitRate>{params.min_hit_rate}</minHitRate>",
        f"    <maxFalseAlarm>{params.max_false_alarm_rate}</maxFalseAlarm>",
        "    <maxDepth>1</maxDepth>",
        f"    <maxWeakCount>{params.max_weak_count}</maxWeakCount></stageParams>",
        "  <featureParams>",
        f"    <maxCatCount>{CATEGORIES}</maxCatCount>",
        "    <featSize>1</featSize></featureParams>",
        f"  <stageNum>{len(cascade.stages)}</stageNum>",
        "  <stages>",
    ]
    for index, stage in enumerate(cascade.stages):
        lines += [
            f"    <!-- stage {index} -->",
            "    <_>",
            f"      <maxWeakCount>{len(stage.stumps)}</maxWeakCount>",
            f"      <stageThreshold>{_float(stage.threshold)}</stageThreshold>",
            "      <weakClassifiers>",
        ]
        for stump in stage.stumps:
            words = " ".join(str(int(w)) for w in subset_words(stump.left_categories))
            lines += [
                "        <_>",
                "          <internalNodes>",
                f"            0 -1 {used[stump.feature]} {words}</internalNodes>",
                "          <leafValues>",
                f"            {_float(stump.left_value)} {_float(stump.right_value)}</leafValues></_>",
            ]
        lines.append("      </weakClassifiers></_>")
    lines += ["  </stages>", "  <features>"]
    for feature in used:
        x, y, w, h = (int(v) for v in cascade.feature_rects[feature])
        lines += ["    <_>", "      <rect>", f"        {x} {y} {w} {h}</rect></_>"]
    lines += ["  </features>", "</cascade>", "</opencv_storage>", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def read_cascade_xml(path: Path) -> Cascade:
    """Read an LBP stump cascade (ours or opencv_traincascade's) back into a Cascade."""
    root = ElementTree.parse(path).getroot().find("cascade")
    if root.findtext("featureType").strip() != "LBP":
        raise ValueError(f"{path}: not an LBP cascade")
    rects = np.array([[int(v) for v in f.findtext("rect").split()] for f in root.find("features")], np.int32)
    stages = []
    for stage_node in root.find("stages"):
        stumps = []
        for weak in stage_node.find("weakClassifiers"):
            nodes = [int(v) for v in weak.findtext("internalNodes").split()]
            if len(nodes) != 3 + SUBSET_WORDS:
                raise ValueError(f"{path}: only single-split categorical stumps are supported")
            left, right = (np.float32(v) for v in weak.findtext("leafValues").split())
            stumps.append(CategoricalStump(nodes[2], categories_from_words(nodes[3:]), left, right))
        stages.append(Stage(stumps, np.float32(stage_node.findtext("stageThreshold"))))
    return Cascade(int(root.findtext("width")), int(root.findtext("height")), rects, stages)
