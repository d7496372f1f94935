/// PDQ's image-domain quality metric over the 64x64 downsample: the sum of quantised
/// vertical and horizontal gradients, scaled and capped at 100, as in the reference.
///
/// Each gradient is the reference's `abs((int)((u - v) * 100 / 255))` (float arithmetic,
/// then truncation toward zero), computed eight at a time and kept as whole-number floats:
/// each is at most 100 and there are 8064, so every partial sum is an integer below 2^24
/// and exact in float, whatever the order.
func pdqQuality(_ block: UnsafePointer<Float>) -> Int {
    typealias Lanes = SIMD8<Float>
    let raw = UnsafeRawPointer(block)
    @inline(__always) func load(_ index: Int) -> Lanes {
        raw.loadUnaligned(fromByteOffset: index * MemoryLayout<Float>.stride, as: Lanes.self)
    }
    @inline(__always) func quantised(_ u: Lanes, _ v: Lanes) -> Lanes {
        let truncated = (((u - v) * 100) / 255).rounded(.towardZero)
        return truncated.replacing(with: -truncated, where: truncated .< 0)
    }
    var sums = Lanes(repeating: 0)
    // Vertical gradients: row i against row i + 1, eight columns at a time.
    for i in 0..<63 {
        for j in stride(from: 0, to: 64, by: 8) {
            sums += quantised(load(i * 64 + j), load((i + 1) * 64 + j))
        }
    }
    // Horizontal gradients: column j against j + 1, for j in 0..<63. The last group of a
    // row would pair column 63 with the next row's first value, so its last lane is masked
    // (and for the very last row, whose neighbour would lie past the block, it is read as 0).
    let firstSevenLanes = Lanes(1, 1, 1, 1, 1, 1, 1, 0)
    for i in 0..<64 {
        let row = i * 64
        for j in stride(from: 0, to: 56, by: 8) {
            sums += quantised(load(row + j), load(row + j + 1))
        }
        let last = row + 56
        let next = i < 63 ? load(last + 1)
            : Lanes(block[last + 1], block[last + 2], block[last + 3], block[last + 4],
                    block[last + 5], block[last + 6], block[last + 7], 0)
        sums += quantised(load(last), next) * firstSevenLanes
    }
    return min(Int(sums.sum()) / 90, 100)
}
