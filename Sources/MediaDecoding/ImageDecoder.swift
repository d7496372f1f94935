/// Decodes image bytes to 8-bit RGB the way Meta's HMA reference path sees them
/// (`PIL.Image.open(f).convert("RGB")`): the format is chosen by magic bytes, alpha is dropped
/// without compositing, EXIF orientation is not applied, and only the first frame is decoded.
///
/// The decoder never does I/O and never traps on bad data: every failure is a ``DecodingError``.
/// It holds no state, so one value can be shared by any number of concurrent tasks.
public struct ImageDecoder: Sendable {
    /// The limits enforced on every input.
    public let limits: DecodingLimits

    /// Creates a decoder that enforces `limits`.
    public init(limits: DecodingLimits = .default) {
        self.limits = limits
    }

    /// Decodes `bytes`, whose format is recognised from their leading bytes.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        let format = try checkedFormat(bytes)
        switch format {
        case .jpeg: return try JPEGImageDecoder(limits: limits).decode(bytes)
        case .png: return try PNGImageDecoder(limits: limits).decode(bytes)
        case .gif: return try GIFImageDecoder(limits: limits).decode(bytes)
        case .webp: return try WebPImageDecoder(limits: limits).decode(bytes)
        case .heif, .avif: return try HEIFImageDecoder(limits: limits, format: format).decode(bytes)
        case .bmp: return try BMPImageDecoder(limits: limits).decode(bytes)
        case .tiff: return try TIFFImageDecoder(limits: limits).decode(bytes)
        }
    }

    /// The format of `bytes`, after the checks every decode starts with (not empty, within
    /// ``DecodingLimits/maxBytes``, a known format).
    func checkedFormat(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> ImageFormat {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= limits.maxBytes else {
            throw .limitExceeded(.inputBytes, limit: limits.maxBytes, actual: bytes.count)
        }
        guard let format = ImageFormat.sniff(bytes) else {
            let shown = bytes.prefix(12).map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }
            throw .unknownFormat(leadingBytes: shown.joined(separator: " "))
        }
        return format
    }

    /// Decodes `bytes`, whose format is recognised from their leading bytes.
    public func decode(_ bytes: [UInt8]) throws(DecodingError) -> DecodedImage {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DecodingError) in try decode(buffer) }
        }
        return try result.get()
    }
}
