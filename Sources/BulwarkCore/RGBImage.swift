/// A decoded image: 8-bit RGB, row-major, three bytes per pixel, no padding.
///
/// Decoders drop alpha the way PIL's `Image.convert("RGB")` does (the colour channels
/// are kept as stored, not composited onto a background), so hashes agree with
/// Meta's HMA reference path.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes: R, G, B for each pixel, rows top to bottom.
    public var pixels: [UInt8]

    /// Wraps pixels already in RGB order. `pixels.count` must equal `width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3,
                     "RGBImage: \(pixels.count) bytes for \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The number of pixels.
    public var pixelCount: Int { width * height }
}
