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

    /// The PDQ hash and quality of a `width` x `height` RGB image that `readRows` delivers
    /// top to bottom, so a decoder can stream it without holding the whole plane. Each call
    /// asks for the next `count` rows (at most 8) as packed RGB into `buffer` (at least
    /// `count * width * 3` bytes); it returns false to give up, and then this returns `nil`.
    public func hash(width: Int, height: Int,
                     readRows: (_ count: Int, _ buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool) -> PDQResult? {
        guard width >= Self.minimumDimension, height >= Self.minimumDimension else {
            return PDQResult(hash: .zero, quality: 0)
        }
        return withoutActuallyEscaping(readRows) { readRows in
            let stream = RGBRowStream(width: width, height: height, readRows: readRows)
            defer { stream.close() }
            let (dct, quality) = dctBlock(source: .rgbRows(stream), width: width, height: height, allowUnfilteredShortcut: true)
            return stream.failed ? nil : PDQResult(hash: Self.bits(of: dct), quality: quality)
        }
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

/// Where luma comes from: RGB bytes converted on the fly (from a whole plane or streamed
/// rows), or a ready float plane.
enum LumaSource {
    case rgb(UnsafeBufferPointer<UInt8>)
    case rgbRows(RGBRowStream)
    case luma(UnsafeBufferPointer<Float>)

    /// Writes the `width` luma values of row `row` to `out`.
    @inline(__always)
    func fillRow(_ row: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
        switch self {
        case let .rgb(pixels):
            Self.convert(pixels.baseAddress! + row * width * 3, width: width, into: out)
        case let .rgbRows(stream):
            Self.convert(stream.row(row), width: width, into: out)
        case let .luma(plane):
            out.update(from: plane.baseAddress! + row * width, count: width)
        }
    }

    /// Luma of one row of packed RGB: a plain loop, which the compiler vectorises.
    @inline(__always)
    private static func convert(_ rowPixels: UnsafePointer<UInt8>, width: Int, into out: UnsafeMutablePointer<Float>) {
        for column in 0..<width {
            let p = rowPixels + column * 3
            out[column] = LumaCoefficients.luma(red: p[0], green: p[1], blue: p[2])
        }
    }
}

/// RGB rows pulled from a caller in batches of up to 8, each row handed out once, in order.
/// A failed read leaves zero rows and sets ``failed``.
final class RGBRowStream {
    static let batch = 8
    let width: Int
    let height: Int
    private let readRows: (Int, UnsafeMutableBufferPointer<UInt8>) -> Bool
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The first row in `buffer` and how many it holds.
    private var bufferedTop = 0
    private var bufferedCount = 0
    private(set) var failed = false

    init(width: Int, height: Int, readRows: @escaping (Int, UnsafeMutableBufferPointer<UInt8>) -> Bool) {
        self.width = width
        self.height = height
        self.readRows = readRows
        buffer = .allocate(capacity: Self.batch * width * 3)
    }

    /// Row `row`'s RGB bytes; rows must be asked for in order, each once.
    func row(_ row: Int) -> UnsafePointer<UInt8> {
        if row >= bufferedTop + bufferedCount {
            bufferedTop = row
            bufferedCount = min(Self.batch, height - row)
            if failed || !readRows(bufferedCount, buffer) {
                failed = true
                buffer.update(repeating: 0)
            }
        }
        return UnsafePointer(buffer.baseAddress! + (row - bufferedTop) * width * 3)
    }

    /// Frees the buffer; the stream is not used afterwards.
    func close() { buffer.deallocate() }
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
