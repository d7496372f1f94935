/// PDQ's image-domain quality metric over the 64x64 downsample: the sum of quantised
/// vertical and horizontal gradients, scaled and capped at 100, as in the reference.
func pdqQuality(_ block: UnsafePointer<Float>) -> Int {
    var gradientSum = 0
    for i in 0..<63 {
        for j in 0..<64 {
            let u = block[i * 64 + j], v = block[(i + 1) * 64 + j]
            gradientSum += abs(Int(((u - v) * 100) / 255))
        }
    }
    for i in 0..<64 {
        for j in 0..<63 {
            let u = block[i * 64 + j], v = block[i * 64 + j + 1]
            gradientSum += abs(Int(((u - v) * 100) / 255))
        }
    }
    return min(gradientSum / 90, 100)
}
