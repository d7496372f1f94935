import BulwarkCore

/// Walks JPEG marker segments up to the start of scan and collects EXIF (APP1), XMP and
/// extended XMP (APP1), C2PA JUMBF (APP11) and comments (COM).
enum JPEGMetadataReader {
    static let exifHeader: [UInt8] = Array("Exif\0\0".utf8)
    static let xmpHeader: [UInt8] = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
    static let extendedXMPHeader: [UInt8] = Array("http://ns.adobe.com/xmp/extension/\0".utf8)

    static func read(_ bytes: [UInt8], limits: ProvenanceLimits) -> MetadataBlocks {
        var blocks = MetadataBlocks(format: .jpeg)
        var extended = ExtendedXMPAssembler(limit: limits.maxReassembledBytes)
        var jumbf = JPEGJUMBFAssembler(limit: limits.maxReassembledBytes)
        var offset = 2
        walk: while offset < bytes.count {
            guard bytes[offset] == 0xFF else {
                blocks.problem(.malformed, "JPEG marker", at: offset, "expected 0xFF, found 0x\(Hex.encode([bytes[offset]]))")
                break
            }
            guard let marker = bytes.u8(at: offset + 1) else {
                blocks.problem(.truncated, "JPEG marker", at: offset, "file ends inside a marker")
                break
            }
            switch marker {
            case 0xFF:
                offset += 1  // fill byte
                continue walk
            case 0x01, 0xD0...0xD7:
                offset += 2
                continue walk
            case 0xD9, 0xDA:
                break walk  // end of image, or start of scan: no metadata segments follow in practice
            default:
                break
            }
            guard let length16 = bytes.be16(at: offset + 2), length16 >= 2 else {
                blocks.problem(.truncated, "JPEG segment 0x\(Hex.encode([marker]))", at: offset, "missing or invalid segment length")
                break
            }
            let length = Int(length16) - 2
            let dataStart = offset + 4
            let context = "JPEG segment 0x\(Hex.encode([marker]))"
            guard bytes.fits(dataStart, length) else {
                blocks.problem(.truncated, context, at: offset, "declares \(length) bytes but only \(bytes.count - dataStart) remain")
                break
            }
            if blocks.blockCount >= limits.maxBlocks {
                blocks.problem(.limitExceeded, context, at: offset, "more than \(limits.maxBlocks) metadata segments")
                break
            }
            let end = dataStart + length
            switch marker {
            case 0xE1:
                // Each header must lie inside the segment, not merely inside the file.
                if length >= exifHeader.count, bytes.matches(exifHeader, at: dataStart) {
                    blocks.exif.append((Array(bytes[(dataStart + 6)..<end]), "JPEG APP1 Exif"))
                } else if length >= xmpHeader.count, bytes.matches(xmpHeader, at: dataStart) {
                    blocks.xmp.append((bytes[(dataStart + xmpHeader.count)..<end].utf8String(), "JPEG APP1 XMP"))
                } else if length >= extendedXMPHeader.count, bytes.matches(extendedXMPHeader, at: dataStart) {
                    if let problem = extended.add(bytes[(dataStart + extendedXMPHeader.count)..<end], at: offset) {
                        blocks.problems.append(problem)
                    }
                }
            case 0xEB:
                if let problem = jumbf.add(bytes[dataStart..<end], at: offset) { blocks.problems.append(problem) }
            case 0xFE:
                blocks.texts.append(.init(key: "Comment", value: bytes[dataStart..<end].utf8String(), source: "JPEG COM"))
            default:
                break
            }
            offset = end
        }
        let mainXMP = blocks.xmp.first?.text
        for (text, problem) in extended.packets(preferredGUID: mainXMP.flatMap(ExtendedXMPAssembler.guid(in:))) {
            if let text { blocks.xmp.append((text, "JPEG APP1 extended XMP")) }
            if let problem { blocks.problems.append(problem) }
        }
        let (store, problems) = jumbf.manifestStore()
        blocks.problems.append(contentsOf: problems)
        if let store {
            blocks.c2paManifestStore = store
            blocks.c2paSource = "JPEG APP11 JUMBF"
        }
        return blocks
    }
}
