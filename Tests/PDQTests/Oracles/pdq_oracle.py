"""Oracle for Bulwark's PDQ differential test.

Generates benign test images, hashes them with `pdqhash` (Python bindings of Meta's C++
reference, the library HMA uses) and writes what the reference says to OUT/manifest.json:

  raw:     images as raw interleaved RGB files, with pdqhash.compute and compute_dihedral
           results on exactly those pixels;
  encoded: the same kinds of images saved as JPEG (baseline, progressive, CMYK, grey),
           PNG (8/16-bit, palette, grey, grey+alpha, RGBA, interlaced), WebP, GIF, BMP, TIFF,
           HEIC and AVIF, with pdqhash results on PIL's `Image.open(f).convert("RGB")`,
           the path HMA takes from a file to a hash.

Usage: pdq_oracle.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import pdqhash
import png
from PIL import Image, ImageDraw

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF = True
except ImportError:  # reported in the manifest; the Swift test decides whether that is fatal
    HEIF = False


def hex_of(bits) -> str:
    return "%064x" % int("".join(str(int(b)) for b in bits), 2)


def noise(rng, w, h):
    return rng.integers(0, 256, (h, w, 3), dtype=np.uint8)


def gradient(rng, w, h):
    y, x = np.mgrid[0:h, 0:w]
    a, b = rng.uniform(0.2, 3.0, 2)
    r = (x * a * 255 / max(w - 1, 1)) % 256
    g = (y * b * 255 / max(h - 1, 1)) % 256
    bl = ((x + y) * 128 / max(w + h - 2, 1)) % 256
    return np.stack([r, g, bl], -1).astype(np.uint8)


def shapes(rng, w, h):
    image = Image.new("RGB", (w, h), tuple(int(v) for v in rng.integers(0, 256, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(1, 12))):
        x0, x1 = sorted(rng.integers(0, max(w, 2), 2))
        y0, y1 = sorted(rng.integers(0, max(h, 2), 2))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
        else:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
    return np.asarray(image)


def text(rng, w, h):
    image = Image.new("RGB", (w, h), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    words = ["invoice", "garden", "meeting at noon", "harbour", "bicycle", "weather report", "PDQ 256"]
    for row in range(0, h, 14):
        draw.text((int(rng.integers(0, max(w // 4, 1))), row), " ".join(rng.choice(words, 3)), fill=(20, 20, 40))
    return np.asarray(image)


def flat(rng, w, h):
    return np.full((h, w, 3), rng.integers(0, 256, 3), dtype=np.uint8)


KINDS = [noise, gradient, shapes, text, flat]
SIZES = [(1, 1), (2, 3), (4, 4), (5, 5), (5, 200), (200, 5), (7, 9), (63, 64), (64, 64), (65, 63),
         (127, 128), (128, 128), (129, 131), (256, 256), (300, 200), (640, 480), (1000, 3), (3, 1000),
         (2000, 17), (17, 2000), (1024, 768), (333, 1001), (97, 61), (800, 800)]


def raw_cases(out, rng):
    cases = []
    index = 0
    for w, h in SIZES:
        for kind in KINDS:
            if w * h > 400_000 and kind in (shapes, flat):
                continue
            pixels = np.ascontiguousarray(kind(rng, w, h))
            path = os.path.join(out, f"raw{index:04d}.rgb")
            pixels.tofile(path)
            bits, quality = pdqhash.compute(pixels)
            dihedral, dquality = pdqhash.compute_dihedral(pixels)
            cases.append({"path": path, "width": w, "height": h, "kind": kind.__name__,
                          "pdq": hex_of(bits), "quality": int(quality),
                          "dihedral": [hex_of(v) for v in dihedral], "dihedral_quality": int(dquality)})
            index += 1
    return cases


def encoded_cases(out, rng):
    cases = []
    index = 0

    kind_name = ""

    def add(image: Image.Image, fmt: str, label: str, **params):
        nonlocal index
        path = os.path.join(out, f"enc{index:04d}.{label}")  # the extension is decoration only
        index += 1
        image.save(path, format=fmt, **params)
        decoded = np.ascontiguousarray(np.asarray(Image.open(path).convert("RGB")))
        bits, quality = pdqhash.compute(decoded)
        cases.append({"path": path, "format": fmt, "label": label, "kind": kind_name, "pdq": hex_of(bits),
                      "quality": int(quality)})

    def add_pypng(pixels: np.ndarray, label: str, bitdepth: int = 8, interlace: bool = False):
        """PIL cannot write interlaced or 16-bit RGB PNGs; pypng, another independent writer, can."""
        nonlocal index
        path = os.path.join(out, f"enc{index:04d}.{label}")
        index += 1
        height, width = pixels.shape[:2]
        writer = png.Writer(width, height, greyscale=False, bitdepth=bitdepth, interlace=interlace)
        with open(path, "wb") as handle:
            writer.write(handle, pixels.reshape(height, width * 3).tolist())
        decoded = np.ascontiguousarray(np.asarray(Image.open(path).convert("RGB")))
        bits, quality = pdqhash.compute(decoded)
        cases.append({"path": path, "format": "PNG", "label": label, "kind": kind_name, "pdq": hex_of(bits),
                      "quality": int(quality)})

    for w, h in [(320, 240), (257, 129), (64, 64), (801, 599), (40, 300)]:
        for kind in (gradient, shapes, text, noise):
            kind_name = kind.__name__
            rgb = Image.fromarray(kind(rng, w, h))
            add(rgb, "PNG", "png")
            add(rgb, "JPEG", "jpg", quality=90)
            add(rgb, "JPEG", "progressive.jpg", quality=85, progressive=True)
            add(rgb.convert("CMYK"), "JPEG", "cmyk.jpg", quality=92)
            add(rgb.convert("L"), "JPEG", "grey.jpg", quality=90)
            add(rgb.convert("L"), "PNG", "grey.png")
            add(rgb.convert("P", palette=Image.ADAPTIVE, colors=64), "PNG", "palette.png")
            add(rgb.convert("LA"), "PNG", "greyalpha.png")
            rgba = rgb.convert("RGBA")
            rgba.putalpha(Image.fromarray((np.arange(w * h).reshape(h, w) % 256).astype(np.uint8)))
            add(rgba, "PNG", "rgba.png")
            add(Image.fromarray(np.asarray(rgb.convert("L")).astype(np.uint16) * 257), "PNG", "grey16.png")
            add_pypng(np.asarray(rgb), "interlaced.png", interlace=True)
            add_pypng(np.asarray(rgb).astype(np.uint16) * 256 + rng.integers(0, 256, (h, w, 3)).astype(np.uint16), "rgb16.png",
                      bitdepth=16)
            add(rgb, "WEBP", "webp", quality=80)
            add(rgb, "WEBP", "lossless.webp", lossless=True)
            add(rgba, "WEBP", "alpha.webp", quality=80)
            add(rgb.convert("P", palette=Image.ADAPTIVE, colors=128), "GIF", "gif")
            add(rgb, "BMP", "bmp")
            add(rgb, "TIFF", "tif")
            add(rgb, "TIFF", "lzw.tif", compression="tiff_lzw")
            if HEIF:
                add(rgb, "HEIF", "heic", quality=90)
                add(rgb, "AVIF", "avif", quality=90)
    return cases


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261121)
    manifest = {"heif": HEIF, "raw": raw_cases(out, rng), "encoded": encoded_cases(out, rng)}
    with open(os.path.join(out, "manifest.json"), "w") as handle:
        json.dump(manifest, handle)


if __name__ == "__main__":
    main()
