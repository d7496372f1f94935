import MediaDecoding

/// Files whose headers claim a huge image over about 1 KB of filler: a decoder must refuse
/// them from the header alone, before allocating anything the size of the image.
enum HugeHeader {
    static func bytes(format: ImageFormat, width: UInt32, height: UInt32) -> [UInt8] {
        let filler = [UInt8](repeating: 0x5A, count: 1000)
        switch format {
        case .png:
            return TestPNG.signature
                + TestPNG.chunk("IHDR", TestPNG.bigEndian(width) + TestPNG.bigEndian(height) + [8, 2, 0, 0, 0])
                + TestPNG.chunk("IDAT", filler) + TestPNG.chunk("IEND", [])
        case .jpeg:
            let quantisation: [UInt8] = [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)
            let frame: [UInt8] = [0xFF, 0xC0, 0x00, 0x11, 0x08] + be16(height) + be16(width)
                + [0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00]
            let scan: [UInt8] = [0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]
            return [0xFF, 0xD8] + quantisation + frame + scan + filler
        case .gif:
            return Array("GIF89a".utf8) + le16(width) + le16(height) + [0x80, 0, 0] + [0, 0, 0, 255, 255, 255]
                + [0x2C, 0, 0, 0, 0] + le16(width) + le16(height) + [0x00, 0x02] + [0xFF] + filler.prefix(255) + [0]
        case .webp:
            // An extended (VP8X) header with the animation flag and a 24-bit canvas size.
            let vp8x: [UInt8] = Array("VP8X".utf8) + le32(10) + [0x02, 0, 0, 0] + le24(width - 1) + le24(height - 1)
            let body = Array("WEBP".utf8) + vp8x + Array("ANIM".utf8) + le32(6) + [0, 0, 0, 0, 0, 0]
                + Array("JUNK".utf8) + le32(UInt32(filler.count)) + filler
            return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
        case .bmp:
            let info: [UInt8] = le32(40) + le32(width) + le32(height) + le16(1) + le16(24) + le32(0)
                + le32(0) + le32(2835) + le32(2835) + le32(0) + le32(0)
            return Array("BM".utf8) + le32(UInt32(54 + filler.count)) + le32(0) + le32(54) + info + filler
        case .tiff:
            // Little-endian TIFF, one IFD at byte 8: a grey 8-bit image in one uncompressed strip.
            let entries: [(UInt32, UInt32, UInt32)] = [
                (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                (273, 4, 8 + 2 + 9 * 12 + 4), (277, 3, 1), (278, 4, height), (279, 4, UInt32(filler.count)),
            ]
            var ifd = le16(UInt32(entries.count))
            for (tag, type, value) in entries {
                ifd += le16(tag) + le16(type) + le32(1) + (type == 3 ? le16(value) + [0, 0] : le32(value))
            }
            ifd += le32(0)
            return [0x49, 0x49, 0x2A, 0x00] + le32(8) + ifd + filler
        case .heif, .avif:
            return []
        }
    }

    private static func be16(_ value: UInt32) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    private static func le16(_ value: UInt32) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    private static func le24(_ value: UInt32) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF)] }
    private static func le32(_ value: UInt32) -> [UInt8] { le24(value) + [UInt8(value >> 24)] }
}
