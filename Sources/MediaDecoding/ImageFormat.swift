/// An image container format, recognised by its leading bytes (never by a file name).
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, gif, heif, avif, bmp, tiff

    /// The format whose signature `bytes` start with, or `nil` if none matches.
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        FormatSniffer(bytes).format
    }

    /// The format whose signature `bytes` start with, or `nil` if none matches.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        bytes.withUnsafeBytes { sniff($0) }
    }
}
