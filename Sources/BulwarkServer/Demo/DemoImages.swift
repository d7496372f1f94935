import BulwarkCore

/// Benign generated pictures (colour gradients with soft discs) for the demo bank, tests and
/// benchmarks.
public enum DemoImages {
    /// A deterministic picture for `seed`: smooth colour waves and a few discs, plus uniform
    /// sensor-like noise of up to ±`noise` per sample (benchmarks use it so codecs and hashes
    /// do the work real photos make them do).
    public static func picture(seed: UInt64, width: Int = 128, height: Int = 128, noise: Int = 0) -> RGBImage {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        func next() -> Double {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Double(state >> 11) / Double(UInt64(1) << 53)
        }
        let waves = (0..<3).map { _ in (1 + 3 * next(), 1 + 3 * next(), 6.28 * next()) }
        let discs = (0..<6).map { _ in
            (next() * Double(width), next() * Double(height), (0.08 + 0.2 * next()) * Double(min(width, height)), (0..<3).map { _ in 255 * next() })
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<3 {
                    let (fx, fy, phase) = waves[channel]
                    var value = 128 + 100 * sin(fx * Double(x) / Double(width) * 6.28 + phase) * cos(fy * Double(y) / Double(height) * 6.28)
                    for (cx, cy, radius, colour) in discs
                    where (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy) < radius * radius {
                        value = 0.4 * value + 0.6 * colour[channel]
                    }
                    if noise > 0 { value += Double(Int(next() * Double(2 * noise + 1)) - noise) }
                    pixels[(y * width + x) * 3 + channel] = UInt8(max(0, min(255, value.rounded())))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// The picture as PNG bytes.
    public static func png(seed: UInt64, width: Int = 128, height: Int = 128) -> [UInt8] {
        PNGWriter.encode(picture(seed: seed, width: width, height: height))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
