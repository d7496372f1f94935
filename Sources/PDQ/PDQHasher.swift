import BulwarkCore

/// Computes PDQ hashes, bit-identical to Meta's C++ reference as called by `pdqhash.compute`.
///
/// The algorithm is the reference's: RGB to float luma; two passes of a box filter along
/// rows then columns (a Jarosz tent filter) with the reference's window sizes; decimation to
/// 64x64 at pixel centres; a quality score from gradients; the 16x16 low-frequency block of
/// the 2-D DCT; one bit per coefficient above the median.
///
/// What differs is how the work is scheduled: the filter is evaluated in 8-row strips with
/// SIMD lanes across independent lines, the second pass only divides where the decimation
/// samples, and the last column pass runs over the 64 sampled columns only. Every running
/// sum still sees the same float operations in the same order as the reference.
///
/// A hasher keeps scratch buffers between calls, so reuse one per thread; it is not
/// thread-safe.
public final class PDQHasher {
    /// The reference returns a zero hash with quality 0 below this size in either dimension.
    public static let minimumDimension = 5

    private var scratch = Scratch()

    public init() {}

    /// The PDQ hash and quality of `image`.
    public func hash(_ image: RGBImage) -> PDQResult {
        guard image.width >= Self.minimumDimension, image.height >= Self.minimumDimension else {
            return PDQResult(hash: .zero, quality: 0)
        }
        let (dct, quality) = dctBlock(image, allowUnfilteredShortcut: true)
        return PDQResult(hash: Self.bits(of: dct), quality: quality)
    }

    /// The PDQ hash and quality of a float luma plane (row-major, `width * height` values),
    /// for callers that already have luma (e.g. video frames).
    public func hash(luma: [Float], width: Int, height: Int) -> PDQResult {
        precondition(luma.count == width * height, "luma plane size")
        guard width >= Self.minimumDimension, height >= Self.minimumDimension else {
            return PDQResult(hash: .zero, quality: 0)
        }
        let (dct, quality) = luma.withUnsafeBufferPointer {
            dctBlock(source: .luma($0), width: width, height: height, allowUnfilteredShortcut: true)
        }
        return PDQResult(hash: Self.bits(of: dct), quality: quality)
    }

    /// All eight dihedral hashes of `image` and its quality.
    ///
    /// Like the reference's `pdqDihedralHash256esFromFloatLuma`, this always filters, even for
    /// a 64x64 input (the single-hash path copies a 64x64 input unfiltered).
    public func dihedralHashes(_ image: RGBImage) -> PDQDihedralHashes {
        guard image.width >= Self.minimumDimension, image.height >= Self.minimumDimension else {
            return PDQDihedralHashes(original: .zero, rotate90: .zero, rotate180: .zero, rotate270: .zero,
                                     flipX: .zero, flipY: .zero, flipPlus1: .zero, flipMinus1: .zero, quality: 0)
        }
        let (dct, quality) = dctBlock(image, allowUnfilteredShortcut: false)
        func variant(transpose: Bool, negate: (Int, Int) -> Bool) -> PDQHash {
            var out = [Float](repeating: 0, count: 256)
            for i in 0..<16 {
                for j in 0..<16 {
                    let value = negate(i, j) ? -dct[i * 16 + j] : dct[i * 16 + j]
                    out[transpose ? j * 16 + i : i * 16 + j] = value
                }
            }
            return Self.bits(of: out)
        }
        return PDQDihedralHashes(
            original: Self.bits(of: dct),
            rotate90: variant(transpose: true) { _, j in j & 1 == 0 },
            rotate180: variant(transpose: false) { i, j in (i + j) & 1 == 1 },
            rotate270: variant(transpose: true) { i, _ in i & 1 == 0 },
            flipX: variant(transpose: false) { i, _ in i & 1 == 0 },
            flipY: variant(transpose: false) { _, j in j & 1 == 0 },
            flipPlus1: variant(transpose: true) { _, _ in false },
            flipMinus1: variant(transpose: true) { i, j in (i + j) & 1 == 1 },
            quality: quality)
    }

    // MARK: - Pipeline

    private func dctBlock(_ image: RGBImage, allowUnfilteredShortcut: Bool) -> ([Float], Int) {
        image.pixels.withUnsafeBufferPointer {
            dctBlock(source: .rgb($0), width: image.width, height: image.height,
                     allowUnfilteredShortcut: allowUnfilteredShortcut)
        }
    }

    private func dctBlock(source: LumaSource, width: Int, height: Int, allowUnfilteredShortcut: Bool) -> ([Float], Int) {
        var block = [Float](repeating: 0, count: 64 * 64)
        block.withUnsafeMutableBufferPointer { out in
            if allowUnfilteredShortcut && width == 64 && height == 64 {
                // The reference hashes an exact 64x64 input without filtering.
                for row in 0..<64 { source.fillRow(row, width: 64, into: out.baseAddress! + row * 64) }
            } else {
                JaroszDownsampler(width: width, height: height, scratch: scratch).downsample(source, into: out.baseAddress!)
            }
        }
        let quality = block.withUnsafeBufferPointer { pdqQuality($0.baseAddress!) }
        var temp = [Float](repeating: 0, count: 16 * 64)
        var dct = [Float](repeating: 0, count: 256)
        block.withUnsafeBufferPointer { a in
            temp.withUnsafeMutableBufferPointer { t in
                dct.withUnsafeMutableBufferPointer { b in
                    dct64To16(a.baseAddress!, t.baseAddress!, b.baseAddress!)
                }
            }
        }
        return (dct, quality)
    }

    private static func bits(of dct: [Float]) -> PDQHash {
        let median = dct.withUnsafeBufferPointer(torbenMedian)
        var hash = PDQHash.zero
        for k in 0..<256 where dct[k] > median { hash.setBit(k) }
        return hash
    }
}

/// Where luma comes from: RGB bytes converted on the fly, or a ready float plane.
enum LumaSource {
    case rgb(UnsafeBufferPointer<UInt8>)
    case luma(UnsafeBufferPointer<Float>)

    /// Writes the `width` luma values of row `row` to `out`, `stride` floats apart.
    @inline(__always)
    func fillRow(_ row: Int, width: Int, into out: UnsafeMutablePointer<Float>, stride: Int = 1) {
        switch self {
        case let .rgb(pixels):
            // Four pixels at a time in double lanes: each lane does the scalar formula's
            // operations in its order (products rounded, then summed left to right; no
            // fused multiply-add), so the floats are bit-identical.
            let rowPixels = pixels.baseAddress! + row * width * 3
            let kr = SIMD4<Double>(repeating: LumaCoefficients.red), kg = SIMD4<Double>(repeating: LumaCoefficients.green)
            let kb = SIMD4<Double>(repeating: LumaCoefficients.blue)
            var column = 0
            while column + 4 <= width {
                let p = rowPixels + column * 3
                let r = SIMD4<Double>(Double(p[0]), Double(p[3]), Double(p[6]), Double(p[9]))
                let g = SIMD4<Double>(Double(p[1]), Double(p[4]), Double(p[7]), Double(p[10]))
                let b = SIMD4<Double>(Double(p[2]), Double(p[5]), Double(p[8]), Double(p[11]))
                let luma = SIMD4<Float>(((r * kr) + (g * kg)) + (b * kb))
                out[column * stride] = luma[0]
                out[(column + 1) * stride] = luma[1]
                out[(column + 2) * stride] = luma[2]
                out[(column + 3) * stride] = luma[3]
                column += 4
            }
            while column < width {
                let p = rowPixels + column * 3
                out[column * stride] = Float(Double(p[0]) * LumaCoefficients.red + Double(p[1]) * LumaCoefficients.green + Double(p[2]) * LumaCoefficients.blue)
                column += 1
            }
        case let .luma(plane):
            for column in 0..<width { out[column * stride] = plane[row * width + column] }
        }
    }
}

extension LumaSource {
    /// For RGB sources: writes the luma of rows `top..<top+8` to `strip`, one lane per row,
    /// computing two 4-lane halves per column with the same operations as ``fillRow``.
    /// Returns false (writing nothing) for float sources.
    @inline(__always)
    func fillStrip(top: Int, width: Int, into strip: UnsafeMutablePointer<SIMD8<Float>>) -> Bool {
        guard case let .rgb(pixels) = self else { return false }
        let rowBytes = width * 3
        let base = pixels.baseAddress! + top * rowBytes
        // The products come from LumaCoefficients.products (the same rounded doubles the
        // multiplications give); only the two additions and the rounding to float remain.
        LumaCoefficients.products.withUnsafeBufferPointer { products in
            let red = products.baseAddress!, green = red + 256, blue = green + 256
            for column in 0..<width {
                let p = base + column * 3
                @inline(__always) func half(_ first: Int) -> SIMD4<Float> {
                    let a = p + first * rowBytes, b = a + rowBytes, c = b + rowBytes, d = c + rowBytes
                    let r = SIMD4<Double>(red[Int(a[0])], red[Int(b[0])], red[Int(c[0])], red[Int(d[0])])
                    let g = SIMD4<Double>(green[Int(a[1])], green[Int(b[1])], green[Int(c[1])], green[Int(d[1])])
                    let bl = SIMD4<Double>(blue[Int(a[2])], blue[Int(b[2])], blue[Int(c[2])], blue[Int(d[2])])
                    return SIMD4<Float>((r + g) + bl)
                }
                strip[column] = SIMD8<Float>(lowHalf: half(0), highHalf: half(4))
            }
        }
        return true
    }
}

/// Scratch buffers a hasher reuses between images, grown on demand.
final class Scratch {
    private var floats = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)
    private var lanes = UnsafeMutableBufferPointer<SIMD8<Float>>(start: nil, count: 0)

    /// At least `count` floats (contents undefined).
    func floatBuffer(count: Int) -> UnsafeMutablePointer<Float> {
        if floats.count < count {
            floats.deallocate()
            floats = .allocate(capacity: count)
        }
        return floats.baseAddress!
    }

    /// At least `count` suitably aligned 8-lane vectors (contents undefined).
    func laneBuffer(count: Int) -> UnsafeMutablePointer<SIMD8<Float>> {
        if lanes.count < count {
            lanes.deallocate()
            lanes = .allocate(capacity: count)
        }
        return lanes.baseAddress!
    }

    deinit {
        floats.deallocate()
        lanes.deallocate()
    }
}
