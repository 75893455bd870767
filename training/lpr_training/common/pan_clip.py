"""Where a still photo's plates go in a short clip made of it: the camera closes in on them while they drift across
the frame, as a vehicle's plate does in front of a traffic camera. Pure geometry, no I/O.

The photo is first scaled once (`PanClip.scale`): at its own size where it covers the frame, enlarged to cover it
where it is smaller, and shrunk where its plates would not fit (the widest must stay within `max_plate_share` of the
frame width at the clip's end, all plates together within `max_union_share` of the frame). Each frame then zooms the
scaled photo by 1 to `zoom` and moves the plates' centre along a line through the frame's centre.
"""
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x, y, w, h in pixels


@dataclass(frozen=True)
class PanClip:
    scale: float                 # photo pixels -> scaled photo pixels
    affines: tuple[tuple[tuple[float, float, float], tuple[float, float, float]], ...]  # scaled photo -> frame, per frame

    def box_in_frame(self, box: Box, frame: int) -> Box:
        """A photo box's place in one frame."""
        (a, _, tx), (_, d, ty) = self.affines[frame]
        x, y, w, h = (v * self.scale for v in box)
        return a * x + tx, d * y + ty, a * w, d * h


def plan_pan_clip(photo_size: tuple[int, int], plates: list[Box], frame_size: tuple[int, int], frames: int,
                  zoom: float = 1.12, drift: tuple[float, float] = (0.06, 0.04), max_plate_share: float = 0.25,
                  max_union_share: float = 0.8) -> PanClip:
    """The clip of a photo (width, height) whose `plates` (photo pixels, at least one) must stay in view."""
    if not plates:
        raise ValueError("a pan clip needs at least one plate to follow")
    photo_w, photo_h = photo_size
    frame_w, frame_h = frame_size
    left = min(x for x, _, _, _ in plates)
    top = min(y for _, y, _, _ in plates)
    right = max(x + w for x, _, w, _ in plates)
    bottom = max(y + h for _, y, _, h in plates)
    widest = max(w for _, _, w, _ in plates)
    fits = min(max_plate_share * frame_w / widest, max_union_share * frame_w / (right - left),
               max_union_share * frame_h / (bottom - top)) / zoom
    covers = max(frame_w / photo_w, frame_h / photo_h)
    scale = min(max(1.0, covers), fits)
    centre_x, centre_y = scale * (left + right) / 2, scale * (top + bottom) / 2
    affines = []
    for i in range(frames):
        t = i / max(1, frames - 1)
        z = 1 + (zoom - 1) * t
        # From upper right to lower left of the frame's centre: a vehicle coming closer and passing by.
        to_x = frame_w * (0.5 + drift[0] * (1 - 2 * t))
        to_y = frame_h * (0.5 - drift[1] * (1 - 2 * t))
        affines.append(((z, 0.0, to_x - z * centre_x), (0.0, z, to_y - z * centre_y)))
    return PanClip(scale, tuple(affines))


def stays_in_frame(clip: PanClip, box: Box, frame_size: tuple[int, int]) -> bool:
    """The box is whole in every frame of the clip."""
    frame_w, frame_h = frame_size
    for i in range(len(clip.affines)):
        x, y, w, h = clip.box_in_frame(box, i)
        if x < 0 or y < 0 or x + w > frame_w or y + h > frame_h:
            return False
    return True
