"""Benign synthetic "photos" for Bulwark's benchmarks: smooth gradients, soft shapes and
sensor-like noise, so codecs and hashes do realistic work. Nothing here depicts anyone."""
import numpy as np


def synthetic_photo(width: int, height: int, seed: int) -> np.ndarray:
    """An RGB uint8 array of the given size, deterministic for a seed."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    image = np.zeros((height, width, 3), np.float32)
    for channel in range(3):
        fx, fy = rng.uniform(0.5, 4.0, 2)
        phase = rng.uniform(0, 6.28)
        image[:, :, channel] = 128 + 90 * np.sin(fx * x / width * 6.28 + phase) * np.cos(fy * y / height * 6.28)
    for _ in range(12):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        radius = rng.uniform(0.03, 0.25) * min(width, height)
        colour = rng.uniform(0, 255, 3)
        mask = ((x - cx) ** 2 + (y - cy) ** 2) < radius ** 2
        image[mask] = 0.5 * image[mask] + 0.5 * colour
    image += rng.normal(0, 6, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)
