import MediaDecoding
import Testing

/// The format comes from magic bytes alone, with every read bounds-checked.
@Suite("Format sniffing")
struct FormatSniffingTests {
    @Test("each signature is recognised", arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0], ImageFormat.jpeg),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png),
        (Array("GIF87a".utf8) + [1, 0], .gif),
        (Array("GIF89a".utf8) + [1, 0], .gif),
        (Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8), .webp),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
        ([0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], .tiff),
        (Array("BM".utf8) + [UInt8](repeating: 0, count: 12) + [40, 0, 0, 0], .bmp),
        (ftyp(major: "heic", compatible: ["mif1", "heic"]), .heif),
        (ftyp(major: "mif1", compatible: ["mif1", "heic"]), .heif),
        (ftyp(major: "avif", compatible: ["avif", "mif1"]), .avif),
        (ftyp(major: "mif1", compatible: ["mif1", "avif"]), .avif),
    ] as [([UInt8], ImageFormat)])
    func recognised(bytes: [UInt8], format: ImageFormat) {
        #expect(ImageFormat.sniff(bytes) == format)
    }

    @Test("near misses and short prefixes are not recognised", arguments: [
        [], [0xFF], [0xFF, 0xD8], Array("GIF88a".utf8), Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVE".utf8),
        Array("BM".utf8) + [UInt8](repeating: 0, count: 12) + [41, 0, 0, 0], Array("BM".utf8),
        ftyp(major: "mp42", compatible: ["isom", "mp41"]), [0x89, 0x50, 0x4E, 0x47],
    ] as [[UInt8]])
    func rejected(bytes: [UInt8]) {
        #expect(ImageFormat.sniff(bytes) == nil)
    }

    @Test("an ftyp box that claims more bytes than exist is read only as far as the data goes")
    func oversizedFtyp() {
        var bytes = ftyp(major: "mif1", compatible: ["heic"])
        bytes[0...3] = [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(ImageFormat.sniff(bytes) == .heif)
    }
}

private func ftyp(major: String, compatible: [String]) -> [UInt8] {
    let body = Array(major.utf8) + [0, 0, 0, 0] + compatible.flatMap { Array($0.utf8) }
    let size = UInt32(8 + body.count)
    return [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
        + Array("ftyp".utf8) + body
}
