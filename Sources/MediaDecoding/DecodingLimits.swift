/// Resource limits a decoder enforces before it allocates anything large.
///
/// Dimensions are read from the file's header and checked against ``maxPixels`` before the
/// output buffer (or any codec working buffer sized by the image) is allocated, so a tiny file
/// that claims to be 50000x50000 fails fast with ``DecodingError/limitExceeded(_:limit:actual:)``.
public struct DecodingLimits: Sendable, Equatable {
    /// The largest input accepted, in bytes.
    public var maxBytes: Int
    /// The largest image accepted, in pixels (width x height of the decoded canvas).
    public var maxPixels: Int
    /// The most progressive JPEG scans accepted (a defence against files built to burn CPU).
    public var maxJPEGScans: Int

    /// Creates limits; each value must be positive.
    public init(maxBytes: Int = 256 * 1024 * 1024, maxPixels: Int = 100_000_000, maxJPEGScans: Int = 1000) {
        self.maxBytes = maxBytes
        self.maxPixels = maxPixels
        self.maxJPEGScans = maxJPEGScans
    }

    /// 256 MiB of input, 100 megapixels, 1000 progressive JPEG scans.
    public static let `default` = DecodingLimits()

    /// Throws unless `width` x `height` is a non-empty image within ``maxPixels``.
    /// Returns the pixel count.
    func checkedPixelCount(width: Int, height: Int, format: ImageFormat) throws(DecodingError) -> Int {
        guard width > 0, height > 0 else {
            throw .corrupt(format, detail: "header gives an empty image (\(width)x\(height))")
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, count <= maxPixels else {
            throw .limitExceeded(.pixels, limit: maxPixels, actual: overflow ? Int.max : count)
        }
        return count
    }
}
