import BulwarkCore

/// How the source file stored colour, before conversion to RGB.
public enum ColorModel: String, Sendable, Codable {
    case grey
    case greyAlpha
    case rgb
    case rgba
    /// Indexed colour (PNG palette, GIF, BMP/TIFF palettes).
    case palette
    /// CMYK, or YCCK converted to CMYK by the codec.
    case cmyk
}

/// An image decoded to 8-bit RGB, with what the source file said about itself.
public struct DecodedImage: Sendable {
    /// The pixels, as PIL's `Image.open(f).convert("RGB")` gives them.
    public let image: RGBImage
    /// The container format, from the magic bytes.
    public let format: ImageFormat
    /// Bits per sample in the file (e.g. 8, 16; 1-4 for low-depth grey and palettes).
    public let bitDepth: Int
    /// The colour model stored in the file.
    public let colorModel: ColorModel
    /// Whether the file carried transparency (an alpha channel, tRNS, or a GIF transparent index),
    /// which the RGB output drops without compositing.
    public let hadAlpha: Bool
    /// Frames (or top-level images) in the file; only the first (the primary for HEIF) is decoded.
    public let frameCount: Int

    /// Creates a decoded image description.
    public init(image: RGBImage, format: ImageFormat, bitDepth: Int, colorModel: ColorModel,
                hadAlpha: Bool, frameCount: Int) {
        self.image = image
        self.format = format
        self.bitDepth = bitDepth
        self.colorModel = colorModel
        self.hadAlpha = hadAlpha
        self.frameCount = frameCount
    }

    /// Image width in pixels.
    public var width: Int { image.width }
    /// Image height in pixels.
    public var height: Int { image.height }
}
