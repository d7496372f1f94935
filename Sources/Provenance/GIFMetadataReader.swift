/// Walks GIF blocks and collects comment extensions and the XMP application extension.
/// Image data is skipped sub-block by sub-block without decoding.
enum GIFMetadataReader {
    private static let xmpApplication: [UInt8] = Array("XMP DataXMP".utf8)

    static func read(_ bytes: [UInt8], limits: ProvenanceLimits) -> MetadataBlocks {
        var blocks = MetadataBlocks(format: .gif)
        guard let flags = bytes.u8(at: 10) else {
            blocks.problem(.truncated, "GIF header", at: 0, "shorter than 13 bytes")
            return blocks
        }
        var offset = 13
        if flags & 0x80 != 0 { offset += 3 << (Int(flags & 0x07) + 1) }
        while offset < bytes.count {
            let introducer = bytes[offset]
            switch introducer {
            case 0x3B:
                return blocks
            case 0x21:
                guard let label = bytes.u8(at: offset + 1) else {
                    blocks.problem(.truncated, "GIF extension", at: offset, "file ends after the introducer")
                    return blocks
                }
                let start = offset + 2
                if label == 0xFF, bytes.u8(at: start) == 11, bytes.matches(xmpApplication, at: start + 1) {
                    let xmpStart = start + 12
                    if let xmpEnd = magicTrailerStart(bytes, from: xmpStart) {
                        blocks.xmp.append((bytes[xmpStart..<xmpEnd].utf8String(), "GIF XMP application extension"))
                    } else {
                        blocks.problem(.truncated, "GIF XMP application extension", at: offset, "XMP magic trailer not found")
                    }
                }
                guard let (data, next) = subBlocks(bytes, from: start, collect: label == 0xFE, limit: limits.maxBlockBytes) else {
                    blocks.problem(.truncated, "GIF extension 0x\(String(label, radix: 16))", at: offset, "sub-blocks run past the end")
                    return blocks
                }
                if label == 0xFE, blocks.blockCount < limits.maxBlocks {
                    blocks.texts.append(.init(key: "Comment", value: data.latin1String(), source: "GIF comment"))
                }
                offset = next
            case 0x2C:
                guard let packed = bytes.u8(at: offset + 9) else {
                    blocks.problem(.truncated, "GIF image descriptor", at: offset, "shorter than 10 bytes")
                    return blocks
                }
                var dataStart = offset + 10
                if packed & 0x80 != 0 { dataStart += 3 << (Int(packed & 0x07) + 1) }
                guard let (_, next) = subBlocks(bytes, from: dataStart + 1, collect: false, limit: 0) else {
                    blocks.problem(.truncated, "GIF image data", at: offset, "sub-blocks run past the end")
                    return blocks
                }
                offset = next
            default:
                blocks.problem(.malformed, "GIF block", at: offset, "unknown introducer 0x\(String(introducer, radix: 16))")
                return blocks
            }
        }
        blocks.problem(.truncated, "GIF", at: bytes.count, "no trailer")
        return blocks
    }

    /// Walks data sub-blocks from `start`; returns their concatenation (when collecting) and the offset after the terminator.
    private static func subBlocks(_ bytes: [UInt8], from start: Int, collect: Bool, limit: Int) -> ([UInt8], Int)? {
        var offset = start
        var data: [UInt8] = []
        while true {
            guard let size = bytes.u8(at: offset) else { return nil }
            if size == 0 { return (data, offset + 1) }
            guard bytes.fits(offset + 1, Int(size)) else { return nil }
            if collect && data.count + Int(size) <= limit { data.append(contentsOf: bytes[(offset + 1)...(offset + Int(size))]) }
            offset += 1 + Int(size)
        }
    }

    /// Where the XMP "magic trailer" (0x01, 0xFF, 0xFE ... 0x00) starts.
    private static func magicTrailerStart(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while let found = bytes.firstIndex(of: 0x01, from: index, before: bytes.count) {
            if bytes.matches([0x01, 0xFF, 0xFE, 0xFD, 0xFC], at: found) { return found }
            index = found + 1
        }
        return nil
    }
}
