#!/usr/bin/env python3
"""Differential-test oracle for MediaDecoding.

Generates benign test images (gradients, noise, shapes, text) in every format and mode the
Swift decoder supports, into OUTDIR, and writes next to each file the pixels that the
reference path used by Meta's HMA sees: PIL.Image.open(f).convert("RGB").tobytes().

Usage: make_images.py OUTDIR
Writes OUTDIR/manifest.json: a list of {"file", "rgb", "width", "height", "format", "tolerance",
"mean_tolerance"}: the largest per-sample and mean per-sample differences the Swift test accepts
(0: byte-identical, which is what every format decoded by the same codec library must give).

Needs: Pillow (PyPI "pillow", with its bundled libjpeg-turbo/libpng/libwebp/libtiff/libavif)
and pillow-heif (PyPI "pillow-heif") for HEIC. Exit status 3 if they are missing.
"""
import io
import json
import os
import random
import struct
import sys
import warnings
import zlib

try:
    from PIL import Image, ImageDraw
    import pillow_heif
except ImportError as error:  # the Swift test decides whether a missing oracle is fatal
    print(f"oracle unavailable: {error}", file=sys.stderr)
    sys.exit(3)

pillow_heif.register_heif_opener()
warnings.filterwarnings("ignore")  # Pillow's advice on palette transparency is not relevant here

# HEIC and AVIF are decoded by other libheif/libavif builds on each side (Pillow's AVIF plugin
# bundles libavif; pillow-heif bundles a newer libheif), so these get a measured tolerance:
# (max per-sample difference, mean per-sample difference). Measured on these images:
#  - HEIC: max 1, mean < 0.2 (rounding in the YCbCr->RGB step);
#  - AVIF: max 124, mean 4.2. libavif and libheif 1.15 upsample 4:2:0 chroma differently, which
#    shows on the noisy, sharp-edged test pattern; libheif's result is the closer of the two to
#    the source image (mean error 5.6 vs 7.0).
LOSSY_CODEC_TOLERANCE = {"heif": (2, 0.5), "avif": (160, 6.0)}


def gradient_noise(width, height, seed):
    """An RGB image mixing smooth gradients, seeded noise, shapes and text."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    pixels = bytearray()
    for y in range(height):
        for x in range(width):
            pixels += bytes((
                (x * 255 // max(width - 1, 1)) ^ (rng.randrange(32) if (x + y) % 3 == 0 else 0),
                (y * 255 // max(height - 1, 1)),
                ((x + y) * 7 + rng.randrange(16)) % 256,
            ))
    image.frombytes(bytes(pixels))
    draw = ImageDraw.Draw(image)
    if width >= 8 and height >= 8:
        draw.ellipse((width // 8, height // 8, width // 2, height // 2), fill=(240, 200, 20), outline=(10, 10, 10))
        draw.rectangle((width // 2, height // 3, width - 2, height - 2), fill=(30, 90, 200))
        draw.line((0, height - 1, width - 1, 0), fill=(255, 255, 255), width=2)
    if width >= 40 and height >= 16:
        draw.text((3, 2), "Bulwark 42", fill=(0, 0, 0))
    return image


def with_alpha(image, seed):
    """RGBA: the image with an alpha ramp, fully transparent and opaque regions, and colour under
    transparent pixels (which convert("RGB") keeps)."""
    rng = random.Random(seed)
    width, height = image.size
    alpha = Image.new("L", image.size)
    alpha.putdata([0 if x < width // 4 else (255 if x > 3 * width // 4 else (x * 255 // width + rng.randrange(8)) % 256)
                   for y in range(height) for x in range(width)])
    result = image.copy()
    result.putalpha(alpha)
    return result


# ---------------------------------------------------------------- hand-written PNG

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(samples, bit_depth):
    """Packs integer samples of one row (already flattened per pixel) into PNG bytes."""
    if bit_depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if bit_depth == 8:
        return bytes(samples)
    out = bytearray()
    per_byte = 8 // bit_depth
    for start in range(0, len(samples), per_byte):
        group = samples[start:start + per_byte]
        byte = 0
        for index in range(per_byte):
            value = group[index] if index < len(group) else 0
            byte |= value << (8 - bit_depth * (index + 1))
        out.append(byte)
    return bytes(out)


def paeth_predictor(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, row, previous, pixel_bytes):
    """Applies PNG filter `kind` (0-4) to one row of bytes, so the decoder meets every filter."""
    out = bytearray(len(row))
    for i, value in enumerate(row):
        left = row[i - pixel_bytes] if i >= pixel_bytes else 0
        up = previous[i] if previous is not None else 0
        up_left = previous[i - pixel_bytes] if previous is not None and i >= pixel_bytes else 0
        predictor = [0, left, up, (left + up) // 2, paeth_predictor(left, up, up_left)][kind]
        out[i] = (value - predictor) % 256
    return bytes([kind]) + bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def write_png(path, width, height, bit_depth, color_type, pixel, channels, extra_chunks=b"", interlaced=False):
    """A PNG written byte by byte, for modes Pillow cannot write (16-bit colour, low-depth grey,
    Adam7 interlacing). `pixel(x, y)` returns a tuple of `channels` samples."""
    raw = bytearray()
    passes = ADAM7 if interlaced else [(0, 0, 1, 1)]
    pixel_bytes = max(1, channels * bit_depth // 8)
    for x0, y0, dx, dy in passes:
        xs = list(range(x0, width, dx))
        if not xs:
            continue
        previous = None
        # Filters cycle so every type, and runs of consecutive Paeth rows, occur.
        for number, y in enumerate(range(y0, height, dy)):
            row = pack_row([s for x in xs for s in pixel(x, y)], bit_depth)
            kind = [0, 1, 2, 3, 4, 4, 4][number % 7]
            raw += filter_row(kind, row, previous, pixel_bytes)
            previous = row
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlaced else 0)
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + extra_chunks
            + png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + png_chunk(b"IEND", b""))
    with open(path, "wb") as handle:
        handle.write(data)


# ---------------------------------------------------------------- hand-written BMP

def write_bmp16(path, width, height, masks, seed):
    """A 16-bit BI_BITFIELDS bitmap (Pillow cannot write these)."""
    rng = random.Random(seed)
    stride = (width * 16 + 31) // 32 * 4
    rows = bytearray()
    for _ in range(height):
        row = bytearray()
        for _x in range(width):
            row += struct.pack("<H", rng.randrange(65536))
        row += b"\x00" * (stride - len(row))
        rows += row
    header_size = 40
    offset = 14 + header_size + 12
    info = struct.pack("<IiiHHIIiiII", header_size, width, height, 1, 16, 3, len(rows), 2835, 2835, 0, 0)
    data = (b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset) + info
            + struct.pack("<III", *masks) + rows)
    with open(path, "wb") as handle:
        handle.write(data)


def write_bmp_rle(path, width, height, four_bit, commands):
    """A bottom-up RLE8/RLE4 bitmap whose pixel data is the given byte sequence (Pillow cannot
    write RLE); the palette has 16 (RLE4) or 256 (RLE8) distinct colours."""
    colors = 16 if four_bit else 256
    palette = b"".join(bytes(((i * 37) % 256, (i * 91 + 40) % 256, (255 - i * 13) % 256, 0)) for i in range(colors))
    offset = 14 + 40 + len(palette)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 4 if four_bit else 8, 2 if four_bit else 1,
                       len(commands), 2835, 2835, colors, 0)
    with open(path, "wb") as handle:
        handle.write(b"BM" + struct.pack("<IHHI", offset + len(commands), 0, 0, offset) + info + palette + commands)


def rle_commands(width, height, seed, four_bit):
    """RLE data using every command: encoded runs (some too long for their row), absolute runs
    (odd lengths, so padding occurs), end of line, delta, end of bitmap."""
    rng = random.Random(seed)
    top = 16 if four_bit else 256
    out = bytearray()
    for y in range(height):
        x = 0
        kind = y % 4
        if kind == 0:
            while x < width:
                n = min(rng.randrange(1, 9), width - x + (2 if x > width - 4 else 0))
                out += bytes((n, rng.randrange(top) * (17 if four_bit else 1) % 256))
                x += n
            out += bytes((0, 0))  # end of line (Pillow needs it to start the next row at x = 0)
        elif kind == 1:
            n = min(width, 7)
            values = [rng.randrange(top) for _ in range(n)]
            if four_bit:
                packed = bytes((values[i] << 4) | (values[i + 1] if i + 1 < n else 0) for i in range(0, n, 2))
            else:
                packed = bytes(values)
            out += bytes((0, n)) + packed + (b"\0" if len(packed) % 2 else b"")
            out += bytes((3, 5, 0, 0))  # three pixels then end of line
        elif kind == 2 and y + 2 < height:
            out += bytes((2, 9, 0, 2, 4, 0, 3, 1))  # two pixels, delta right 4 / up 0, then a run of three
            out += bytes((0, 0))
        else:
            out += bytes((width, 6, 0, 0))
    return bytes(out + b"\0\1")


# ---------------------------------------------------------------- hand-written tiled TIFF

def write_tiled_tiff(path, image, tile=16):
    """An uncompressed, tiled, little-endian RGB TIFF (Pillow writes strips only)."""
    width, height = image.size
    pixels = image.tobytes()
    across, down = (width + tile - 1) // tile, (height + tile - 1) // tile
    tiles = []
    for ty in range(down):
        for tx in range(across):
            data = bytearray()
            for y in range(ty * tile, ty * tile + tile):
                for x in range(tx * tile, tx * tile + tile):
                    if x < width and y < height:
                        data += pixels[3 * (y * width + x):3 * (y * width + x) + 3]
                    else:
                        data += b"\x7f\x7f\x7f"  # padding outside the image
            tiles.append(bytes(data))
    entries = 11
    ifd_size = 2 + entries * 12 + 4
    extra = 8 + ifd_size  # BitsPerSample values, then tile offsets and byte counts
    offsets_at = extra + 6
    counts_at = offsets_at + 4 * len(tiles)
    data_at = counts_at + 4 * len(tiles)
    tile_offsets = [data_at + i * len(tiles[0]) for i in range(len(tiles))]

    def entry(tag, kind, count, value):
        packed = struct.pack("<H", value) + b"\0\0" if kind == 3 and count == 1 else struct.pack("<I", value)
        return struct.pack("<HHI", tag, kind, count) + packed

    ifd = struct.pack("<H", entries) + b"".join([
        entry(256, 4, 1, width), entry(257, 4, 1, height), entry(258, 3, 3, extra), entry(259, 3, 1, 1),
        entry(262, 3, 1, 2), entry(277, 3, 1, 3), entry(284, 3, 1, 1), entry(322, 3, 1, tile),
        entry(323, 3, 1, tile), entry(324, 4, len(tiles), offsets_at), entry(325, 4, len(tiles), counts_at),
    ]) + b"\0\0\0\0"
    data = (b"II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<HHH", 8, 8, 8)
            + b"".join(struct.pack("<I", o) for o in tile_offsets)
            + b"".join(struct.pack("<I", len(t)) for t in tiles) + b"".join(tiles))
    with open(path, "wb") as handle:
        handle.write(data)


# ---------------------------------------------------------------- GIF helpers

def patch_gif_first_frame(data, screen, offset):
    """Grows the logical screen and moves the first frame, so frame 0 is smaller than the screen."""
    data = bytearray(data)
    struct.pack_into("<HH", data, 6, *screen)
    position = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    while data[position] != 0x2C:  # skip extensions up to the first image descriptor
        position += 2
        while data[position]:
            position += data[position] + 1
        position += 1
    struct.pack_into("<HH", data, position + 1, *offset)
    return bytes(data)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    cases = []

    def add(name, tolerance=(0, 0.0)):
        path = os.path.join(outdir, name)
        with open(path, "rb") as handle:
            reference = Image.open(io.BytesIO(handle.read()))
            rgb = reference.convert("RGB")
        rgb_name = name + ".rgb"
        with open(os.path.join(outdir, rgb_name), "wb") as handle:
            handle.write(rgb.tobytes())
        cases.append({"file": name, "rgb": rgb_name, "width": rgb.width, "height": rgb.height,
                      "format": (reference.format or "").lower(), "tolerance": tolerance[0],
                      "mean_tolerance": tolerance[1]})

    def save(image, name, tolerance=(0, 0.0), **options):
        image.save(os.path.join(outdir, name), **options)
        add(name, tolerance)

    base = gradient_noise(97, 61, 1)
    small = gradient_noise(17, 5, 2)
    rgba = with_alpha(base, 3)

    # JPEG (Pillow's libjpeg-turbo; the decoder keeps ISLOW DCT and fancy upsampling).
    save(base, "rgb420.jpg", quality=90)
    save(base, "rgb444.jpg", quality=95, subsampling=0)
    save(base, "rgb422.jpg", quality=85, subsampling=1)
    save(base, "progressive.jpg", quality=80, progressive=True)
    save(base, "optimized.jpg", quality=75, optimize=True)
    save(small, "tiny.jpg", quality=90)
    save(gradient_noise(1, 1, 4), "one_pixel.jpg")
    save(gradient_noise(301, 7, 5), "wide.jpg", quality=70)
    save(base.convert("L"), "grey.jpg", quality=90)
    save(base.convert("CMYK"), "cmyk.jpg", quality=90)
    save(base.convert("CMYK"), "cmyk_progressive.jpg", quality=90, progressive=True)
    save(base, "png_named.jpg.png", quality=90, format="JPEG")  # a JPEG with a misleading name

    # PNG through Pillow's writer.
    save(base, "rgb.png")
    save(rgba, "rgba.png")
    save(base.convert("L"), "grey.png")
    save(rgba.convert("LA"), "grey_alpha.png")
    palette = base.quantize(colors=200)
    palette.info["transparency"] = 5
    save(palette, "palette_trns.png", transparency=5)
    save(base.quantize(colors=16), "palette4.png", bits=4)
    save(base.convert("1"), "bilevel.png")
    save(base.convert("I;16"), "grey16_pillow.png")
    apng_frames = [gradient_noise(60, 40, seed) for seed in (50, 51, 52)]
    apng_frames[0].save(os.path.join(outdir, "animated.png"), save_all=True, append_images=apng_frames[1:], duration=100)
    add("animated.png")
    # PNG written by hand: 16-bit, low-depth grey, tRNS, Adam7.
    width, height = 53, 37
    rng = random.Random(7)
    noise16 = [[rng.randrange(65536) for _ in range(4)] for _ in range(width * height)]

    def sample16(x, y, count):
        return tuple(noise16[y * width + x][:count])

    write_png(os.path.join(outdir, "rgb16.png"), width, height, 16, 2, lambda x, y: sample16(x, y, 3), 3)
    add("rgb16.png")
    write_png(os.path.join(outdir, "rgba16.png"), width, height, 16, 6, lambda x, y: sample16(x, y, 4), 4)
    add("rgba16.png")
    write_png(os.path.join(outdir, "grey16.png"), width, height, 16, 0,
              lambda x, y: ((x * 7 + y * 3) % 512 if x % 2 else noise16[y * width + x][0],), 1)
    add("grey16.png")
    write_png(os.path.join(outdir, "grey_alpha16.png"), width, height, 16, 4, lambda x, y: sample16(x, y, 2), 2)
    add("grey_alpha16.png")
    for bits in (1, 2, 4):
        write_png(os.path.join(outdir, f"grey{bits}.png"), width, height, bits, 0,
                  lambda x, y, b=bits: ((x + 3 * y) % (1 << b),), 1)
        add(f"grey{bits}.png")
    write_png(os.path.join(outdir, "grey_trns.png"), width, height, 8, 0, lambda x, y: ((x * 5 + y) % 256,), 1,
              extra_chunks=png_chunk(b"tRNS", struct.pack(">H", 10)))
    add("grey_trns.png")
    write_png(os.path.join(outdir, "rgb_trns.png"), width, height, 8, 2, lambda x, y: (x * 4 % 256, y * 6 % 256, 9), 3,
              extra_chunks=png_chunk(b"tRNS", struct.pack(">HHH", 8, 12, 9)))
    add("rgb_trns.png")
    plte = png_chunk(b"PLTE", bytes(v for i in range(4) for v in (i * 60, i * 30 + 5, 200 - i * 40)))
    write_png(os.path.join(outdir, "palette2_trns.png"), width, height, 2, 3, lambda x, y: ((x ^ y) % 4,), 1,
              extra_chunks=plte + png_chunk(b"tRNS", bytes((0, 128))))
    add("palette2_trns.png")
    write_png(os.path.join(outdir, "filters_rgb.png"), width, height, 8, 2,
              lambda x, y: tuple(v % 256 for v in sample16(x, y, 3)), 3)
    add("filters_rgb.png")
    write_png(os.path.join(outdir, "filters_rgba.png"), width, height, 8, 6,
              lambda x, y: tuple(v % 256 for v in sample16(x, y, 4)), 4)
    add("filters_rgba.png")
    write_png(os.path.join(outdir, "interlaced_rgb.png"), width, height, 8, 2,
              lambda x, y: (x * 4 % 256, y * 6 % 256, (x * y) % 256), 3, interlaced=True)
    add("interlaced_rgb.png")
    write_png(os.path.join(outdir, "interlaced_rgba16.png"), width, height, 16, 6, lambda x, y: sample16(x, y, 4), 4,
              interlaced=True)
    add("interlaced_rgba16.png")
    write_png(os.path.join(outdir, "interlaced_grey1.png"), 5, 3, 1, 0, lambda x, y: ((x + y) % 2,), 1, interlaced=True)
    add("interlaced_grey1.png")

    # GIF: first frame only.
    save(base.quantize(colors=64), "still.gif")
    save(small.quantize(colors=8), "small.gif")  # under 16 px: not interlaced
    save(base.convert("L"), "grey.gif")
    transparent = base.quantize(colors=32)
    save(transparent, "transparent.gif", transparency=3)
    frames = [gradient_noise(60, 40, seed).quantize(colors=48) for seed in (10, 11, 12)]
    frames[0].save(os.path.join(outdir, "animated.gif"), save_all=True, append_images=frames[1:], duration=80, loop=0)
    add("animated.gif")
    buffer = io.BytesIO()
    transparent.save(buffer, format="GIF", transparency=3)
    with open(os.path.join(outdir, "offset_frame.gif"), "wb") as handle:
        handle.write(patch_gif_first_frame(buffer.getvalue(), (120, 90), (11, 17)))
    add("offset_frame.gif")
    buffer = io.BytesIO()
    base.quantize(colors=16).save(buffer, format="GIF")
    with open(os.path.join(outdir, "offset_frame_opaque.gif"), "wb") as handle:
        handle.write(patch_gif_first_frame(buffer.getvalue(), (110, 70), (5, 3)))
    add("offset_frame_opaque.gif")
    buffer = io.BytesIO()
    base.quantize(colors=16).save(buffer, format="GIF")
    with open(os.path.join(outdir, "frame_beyond_screen.gif"), "wb") as handle:
        handle.write(patch_gif_first_frame(buffer.getvalue(), (40, 20), (7, 2)))
    add("frame_beyond_screen.gif")
    # A global palette cut from 4 to 2 entries while the pixels still use indices 2 and 3.
    four = Image.new("P", (20, 6))
    four.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0])
    four.putdata([(x + y) % 4 for y in range(6) for x in range(20)])
    buffer = io.BytesIO()
    four.save(buffer, format="GIF")
    data = buffer.getvalue()
    palette_bytes = 3 << ((data[10] & 7) + 1)
    short = data[:10] + bytes([data[10] & ~7 & 0xFF]) + data[11:13] + data[13:19] + data[13 + palette_bytes:]
    with open(os.path.join(outdir, "short_palette.gif"), "wb") as handle:
        handle.write(short)
    add("short_palette.gif")

    # WebP: lossy, lossless, alpha, animated (first frame).
    save(base, "lossy.webp", quality=80)
    save(rgba, "lossy_alpha.webp", quality=80)
    save(base, "lossless.webp", lossless=True)
    save(rgba, "lossless_alpha.webp", lossless=True, exact=True)
    webp_frames = [gradient_noise(60, 40, seed) for seed in (20, 21, 22)]
    webp_frames[0].save(os.path.join(outdir, "animated.webp"), save_all=True, append_images=webp_frames[1:],
                        duration=100, loop=0, quality=80)
    add("animated.webp")
    alpha_frames = [with_alpha(gradient_noise(60, 40, seed), seed) for seed in (23, 24)]
    alpha_frames[0].save(os.path.join(outdir, "animated_alpha.webp"), save_all=True, append_images=alpha_frames[1:],
                         duration=100, loop=0, lossless=True)
    add("animated_alpha.webp")

    # HEIC (pillow-heif) and AVIF (Pillow): decoded by other libheif/libavif builds than ours.
    save(base, "photo.heic", LOSSY_CODEC_TOLERANCE["heif"], quality=90)
    save(rgba, "alpha.heic", LOSSY_CODEC_TOLERANCE["heif"], quality=90)
    save(gradient_noise(64, 64, 30), "square.heic", LOSSY_CODEC_TOLERANCE["heif"], quality=95)
    save(base, "photo.avif", LOSSY_CODEC_TOLERANCE["avif"], quality=90)
    save(rgba, "alpha.avif", LOSSY_CODEC_TOLERANCE["avif"], quality=90)

    # BMP.
    save(base, "rgb24.bmp")
    save(rgba, "rgba32.bmp")
    save(base.convert("L"), "grey8.bmp")
    save(base.quantize(colors=100), "palette8.bmp")
    save(base.convert("1"), "bilevel.bmp")
    write_bmp16(os.path.join(outdir, "rgb565.bmp"), 31, 9, (0xF800, 0x07E0, 0x001F), 40)
    add("rgb565.bmp")
    write_bmp16(os.path.join(outdir, "rgb555.bmp"), 31, 9, (0x7C00, 0x03E0, 0x001F), 41)
    add("rgb555.bmp")
    write_bmp_rle(os.path.join(outdir, "rle8.bmp"), 29, 12, False, rle_commands(29, 12, 42, False))
    add("rle8.bmp")
    write_bmp_rle(os.path.join(outdir, "rle4.bmp"), 29, 12, True, rle_commands(29, 12, 43, True))
    add("rle4.bmp")

    # TIFF.
    save(base, "rgb_raw.tif")
    save(base, "rgb_lzw.tif", compression="tiff_lzw")
    save(base, "rgb_deflate.tif", compression="tiff_adobe_deflate")
    save(base, "rgb_packbits.tif", compression="packbits")
    save(base, "rgb_jpeg.tif", compression="jpeg", quality=90)
    save(rgba, "rgba_lzw.tif", compression="tiff_lzw")
    save(base.convert("L"), "grey.tif", compression="tiff_lzw")
    save(base.convert("1"), "bilevel.tif")
    save(base.convert("1"), "bilevel_g4.tif", compression="group4")
    save(base.quantize(colors=50), "palette.tif")
    save(base.convert("I;16"), "grey16.tif")
    write_tiled_tiff(os.path.join(outdir, "tiled_rgb.tif"), gradient_noise(37, 29, 60))
    add("tiled_rgb.tif")

    with open(os.path.join(outdir, "manifest.json"), "w") as handle:
        json.dump(cases, handle, indent=1)
    print(f"{len(cases)} images in {outdir}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
