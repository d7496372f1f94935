import BulwarkCore

/// Allocates the final RGB buffer once, after the caller has checked the pixel limit, and
/// lets a codec write straight into it (no intermediate copy).
enum RGBAllocation {
    /// Returns an image of `width` x `height` whose bytes `fill` wrote. `fill` returns an error
    /// to abandon decoding; the buffer is then discarded.
    ///
    /// A codec that works in place may ask for a larger `workingCapacity`: `fill` then gets a
    /// buffer of that many bytes and must leave the RGB pixels in its first `width*height*3`.
    static func image(
        width: Int, height: Int, format: ImageFormat, workingCapacity: Int = 0,
        fill: (UnsafeMutableBufferPointer<UInt8>) -> DecodingError?
    ) throws(DecodingError) -> RGBImage {
        let (pixels, overflowPixels) = width.multipliedReportingOverflow(by: height)
        let (byteCount, overflowBytes) = pixels.multipliedReportingOverflow(by: 3)
        guard width > 0, height > 0, !overflowPixels, !overflowBytes else {
            throw .corrupt(format, detail: "impossible dimensions \(width)x\(height)")
        }
        var failure: DecodingError?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(byteCount, workingCapacity)) { buffer, initializedCount in
            failure = fill(buffer)
            initializedCount = failure == nil ? byteCount : 0
        }
        if let failure { throw failure }
        return RGBImage(width: width, height: height, pixels: bytes)
    }
}
