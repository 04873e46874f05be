"""Upload benchmark: the worst photo requests a sighting can bring, each in a fresh process.

For every case the files are written once, then a new Python process loads Django and does
what the site does with one request's photos: the submit form checks every header and the
request's decoding budget (in the web request), then each photo is decoded and re-encoded by
`photos.clean_photo`, as the background photo jobs do, one after another. Printed per case:
wall time, CPU time (what the time would be on an idle machine, about), and peak RSS of the
process (Django included); the refused cases stop at the form.
The accepted cases sit at the limits (SIGHTING_DECODE_MAX_BYTES per photo,
SIGHTING_DECODE_PIXELS_PER_REQUEST per request, 12 MB per file); the refused ones show that a
request over them costs next to nothing. Target: worst accepted < 2 s and
< 300 MB.

Run alone: `.venv/bin/python bench/uploads.py` (no database needed).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_TARGET_S, RSS_TARGET_MB = 2.0, 300


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "surveillance_map.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def _cases() -> dict[str, tuple[bool, list[tuple[str, str, tuple, dict]]]]:
    """name: (accepted?, [(filename, format, size, options)]), sized from the settings."""
    from django.conf import settings

    from surveillance_map.sightings import photos

    budget = settings.SIGHTING_DECODE_PIXELS_PER_REQUEST
    memory = settings.SIGHTING_DECODE_MAX_BYTES
    # Largest PNG with transparency and WebP one photo may decode (photos.py's byte costs).
    png_edge = int(min(memory // photos.OTHER_MODE_BYTES, budget) ** 0.5)
    webp_edge = int(min(memory // photos.WEBP_BYTES_PER_PIXEL, budget // 4) ** 0.5)
    # A JPEG just too small to decode at half size decodes whole: the costliest per pixel.
    jpeg_edge = int(2 * photos.DRAFT_EDGE_SHARE * photos.MAX_EDGE) - 1
    jpeg_fill = max(1, budget // (jpeg_edge * jpeg_edge))
    png_quarter = int((budget // 4) ** 0.5)
    return {
        "4 noisy JPEGs of 12 MB (12 Mpx)": (True, [("noise", "JPEG", (4000, 3000), {})] * 4),
        "4 JPEGs of 49 Mpx (decoded at 1/4)": (True, [("flat", "JPEG", (7000, 7000), {})] * 4),
        f"{jpeg_fill} JPEGs of {jpeg_edge}² px (decoded whole)": (
            True,
            [("flat", "JPEG", (jpeg_edge, jpeg_edge), {})] * jpeg_fill,
        ),
        f"1 PNG RGBA of {png_edge}² px": (
            True,
            [("flat", "PNG", (png_edge, png_edge), {"mode": "RGBA"})],
        ),
        f"4 PNG of {png_quarter}² px": (
            True,
            [("flat", "PNG", (png_quarter, png_quarter), {})] * 4,
        ),
        f"4 WebP of {webp_edge}² px": (True, [("flat", "WEBP", (webp_edge, webp_edge), {})] * 4),
        "refused: 4 PNGs of 49 Mpx (the 760 KB request)": (
            False,
            [("flat", "PNG", (7000, 7000), {"mode": "RGBA"})] * 4,
        ),
        "refused: 4 WebP of 49 Mpx": (False, [("flat", "WEBP", (7000, 7000), {})] * 4),
    }


def _write(folder: Path, kind: str, fmt: str, size: tuple, options: dict) -> Path:
    import numpy as np
    from PIL import Image

    mode = options.get("mode", "RGB")
    path = folder / f"{kind}-{fmt}-{mode}-{size[0]}x{size[1]}.{fmt.lower()}"
    if path.exists():
        return path
    if kind == "noise":
        pixels = np.random.default_rng(0).integers(0, 256, (size[1], size[0], 3), np.uint8)
        image = Image.fromarray(pixels)
    else:
        image = Image.new(mode, size, (40, 120, 200, 200)[: len(mode)])
    save = {"quality": 85} if fmt in ("JPEG", "WEBP") else {}
    image.save(path, format=fmt, **save)
    return path


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike getrusage's, not inherited across fork/exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(paths: list[str]) -> None:
    """One request's photos through the form, in this fresh process; prints JSON figures."""
    _setup()
    from django.core.files.uploadedfile import UploadedFile
    from django.utils.datastructures import MultiValueDict

    from surveillance_map.sightings.forms import SightingForm
    from surveillance_map.sightings.photos import clean_photo

    SightingForm()  # imports and translations loaded before timing, as in a running worker
    files = [
        UploadedFile(open(p, "rb"), Path(p).name, "image/*", Path(p).stat().st_size)  # noqa: SIM115
        for p in paths
    ]
    data = {"latitude": "47.37", "longitude": "8.54", "kind": "new"}
    started, cpu = time.perf_counter(), time.process_time()
    form = SightingForm(data, MultiValueDict({"photos": files}))
    accepted = form.is_valid()
    if accepted:  # the photo jobs
        for upload in form.cleaned_data["photos"]:
            clean_photo(upload, label=upload.name)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = _peak_rss_mb()
    errors = [] if accepted else [str(m)[:120] for m in form.errors.get("photos", [])]
    print(
        json.dumps({"accepted": accepted, "wall": wall, "cpu": cpu, "rss": rss, "errors": errors})
    )


def run():
    _setup()
    from bench.harness import Figure

    figures, worst_wall, worst_cpu, worst_rss = [], 0.0, 0.0, 0.0
    request_mb = {}
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as tmp:
        folder = Path(tmp)
        for name, (expected, photos) in _cases().items():
            paths = [str(_write(folder, *photo)) for photo in photos]
            request_mb[name] = sum(Path(p).stat().st_size for p in paths) / 1e6
            out = subprocess.run(
                [sys.executable, __file__, "--child", *paths],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            verdict = "accepted" if result["accepted"] else "refused"
            if result["accepted"] != expected:
                verdict += " (UNEXPECTED: " + "; ".join(result["errors"]) + ")"
            figures.append(
                Figure(
                    f"{name}, {request_mb[name]:.1f} MB: {verdict}",
                    f"{result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU, "
                    f"{result['rss']:.0f} MB peak",
                )
            )
            if result["accepted"]:
                worst_wall = max(worst_wall, result["wall"])
                worst_cpu = max(worst_cpu, result["cpu"])
                worst_rss = max(worst_rss, result["rss"])
    figures += [
        Figure("worst accepted request, wall", worst_wall, "s", f"< {TIME_TARGET_S:.0f} s"),
        Figure("worst accepted request, CPU", worst_cpu, "s", f"< {TIME_TARGET_S:.0f} s"),
        Figure("worst accepted request, peak RSS", worst_rss, "MB", f"< {RSS_TARGET_MB} MB"),
    ]
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2:])
    else:
        for figure in run():
            print(f"{figure.name}: {figure.shown()}")
