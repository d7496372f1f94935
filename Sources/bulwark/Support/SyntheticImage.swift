import BulwarkCore
import Foundation

/// Benign synthetic pictures for benchmarks: smooth colour waves, soft discs and noise.
enum SyntheticImage {
    /// A deterministic photo-like RGB image.
    static func photo(width: Int, height: Int, seed: UInt64) -> RGBImage {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        let frequencies = (0..<3).map { _ in (0.5 + 3.5 * uniform(), 0.5 + 3.5 * uniform(), 6.28 * uniform()) }
        let discs = (0..<12).map { _ in
            (uniform() * Double(width), uniform() * Double(height),
             (0.03 + 0.22 * uniform()) * Double(min(width, height)), (0..<3).map { _ in 255 * uniform() })
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<3 {
                    let (fx, fy, phase) = frequencies[channel]
                    var value = 128 + 90 * sin(fx * Double(x) / Double(width) * 6.28 + phase) * cos(fy * Double(y) / Double(height) * 6.28)
                    for (cx, cy, radius, colour) in discs
                    where (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy) < radius * radius {
                        value = 0.5 * value + 0.5 * colour[channel]
                    }
                    value += Double(Int(next() % 13) - 6)
                    pixels[(y * width + x) * 3 + channel] = UInt8(max(0, min(255, value)))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
