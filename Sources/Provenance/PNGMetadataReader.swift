import BulwarkCore

/// Walks PNG chunks and collects text (tEXt, zTXt, iTXt), EXIF (eXIf) and C2PA (caBX) metadata.
///
/// Image data chunks are skipped by their declared length, so a large PNG is read in time
/// proportional to its number of chunks, not its pixel count.
enum PNGMetadataReader {
    static func read(_ bytes: [UInt8], limits: ProvenanceLimits) -> MetadataBlocks {
        var blocks = MetadataBlocks(format: .png)
        var offset = 8
        var ended = false
        while offset < bytes.count {
            guard let length32 = bytes.be32(at: offset), let type = bytes.be32(at: offset + 4) else {
                blocks.problem(.truncated, "PNG chunk header", at: offset, "file ends inside a chunk header")
                break
            }
            let length = Int(length32)
            let dataStart = offset + 8
            let context = "PNG chunk \(fourCCName(type))"
            guard length32 <= 0x7FFF_FFFF, bytes.fits(dataStart, length + 4) else {
                blocks.problem(.truncated, context, at: offset, "declares \(length32) bytes but only \(Swift.max(0, bytes.count - dataStart)) remain")
                break
            }
            if type == fourCC("IEND") { ended = true; break }
            if type != fourCC("IDAT") && type != fourCC("fdAT") {
                if blocks.blockCount >= limits.maxBlocks {
                    blocks.problem(.limitExceeded, context, at: offset, "more than \(limits.maxBlocks) metadata chunks")
                    break
                }
                let data = Array(bytes[dataStart..<(dataStart + length)])
                do {
                    try readChunk(type: type, data: data, at: offset, context: context, limits: limits, into: &blocks)
                } catch {
                    blocks.problems.append(error)
                }
            }
            offset = dataStart + length + 4  // data and CRC
        }
        if !ended && blocks.problems.isEmpty {
            blocks.problem(.truncated, "PNG", at: bytes.count, "file ends before the IEND chunk")
        }
        return blocks
    }

    private static func readChunk(type: UInt32, data: [UInt8], at offset: Int, context: String,
                                  limits: ProvenanceLimits, into blocks: inout MetadataBlocks) throws(ProvenanceError) {
        switch type {
        case fourCC("tEXt"):
            guard let nul = data.firstIndex(of: 0, from: 0, before: Swift.min(data.count, 80)) else {
                throw ProvenanceError(.malformed, context, at: offset, "keyword is not terminated within 80 bytes")
            }
            addText(key: data[..<nul].latin1String(), value: data[(nul + 1)...].latin1String(), source: "PNG tEXt", at: offset, into: &blocks)
        case fourCC("zTXt"):
            guard let nul = data.firstIndex(of: 0, from: 0, before: Swift.min(data.count, 80)) else {
                throw ProvenanceError(.malformed, context, at: offset, "keyword is not terminated within 80 bytes")
            }
            guard data.u8(at: nul + 1) == 0 else {
                throw ProvenanceError(.malformed, context, at: offset + 8 + nul + 1, "unknown compression method")
            }
            let inflated = try CompressedText.inflate(data[Swift.min(nul + 2, data.count)...], maxOutput: limits.maxInflatedBytes,
                                            context: "\(context) '\(data[..<nul].latin1String())'")
            addText(key: data[..<nul].latin1String(), value: inflated.latin1String(), source: "PNG zTXt", at: offset, into: &blocks)
        case fourCC("iTXt"):
            try readInternationalText(data, at: offset, context: context, limits: limits, into: &blocks)
        case fourCC("eXIf"):
            blocks.exif.append((data, "PNG eXIf"))
        case fourCC("caBX"):
            if blocks.c2paManifestStore == nil {
                blocks.c2paManifestStore = data
                blocks.c2paSource = "PNG caBX"
            }
        default:
            break
        }
    }

    private static func readInternationalText(_ data: [UInt8], at offset: Int, context: String,
                                              limits: ProvenanceLimits, into blocks: inout MetadataBlocks) throws(ProvenanceError) {
        guard let keyEnd = data.firstIndex(of: 0, from: 0, before: Swift.min(data.count, 80)) else {
            throw ProvenanceError(.malformed, context, at: offset, "keyword is not terminated within 80 bytes")
        }
        guard let compressed = data.u8(at: keyEnd + 1), let method = data.u8(at: keyEnd + 2) else {
            throw ProvenanceError(.truncated, context, at: offset, "ends before the compression flags")
        }
        guard let languageEnd = data.firstIndex(of: 0, from: keyEnd + 3, before: data.count),
              let translatedEnd = data.firstIndex(of: 0, from: languageEnd + 1, before: data.count) else {
            throw ProvenanceError(.truncated, context, at: offset, "language tag or translated keyword is not terminated")
        }
        let key = data[..<keyEnd].latin1String()
        let payload = data[(translatedEnd + 1)...]
        let text: String
        if compressed == 1 {
            guard method == 0 else { throw ProvenanceError(.malformed, context, at: offset, "unknown compression method \(method)") }
            text = try CompressedText.inflate(payload, maxOutput: limits.maxInflatedBytes, context: "\(context) '\(key)'").utf8String()
        } else {
            text = payload.utf8String()
        }
        addText(key: key, value: text, source: "PNG iTXt", at: offset, into: &blocks)
    }

    /// Files a text entry, recognising XMP and ImageMagick's hex "Raw profile type" EXIF/XMP.
    private static func addText(key: String, value: String, source: String, at offset: Int, into blocks: inout MetadataBlocks) {
        switch key {
        case "XML:com.adobe.xmp":
            blocks.xmp.append((value, "\(source) \(key)"))
        case "Raw profile type exif", "Raw profile type APP1", "Raw profile type xmp":
            guard let profile = rawProfile(value) else {
                blocks.problem(.malformed, "\(source) '\(key)'", at: offset, "not a hex raw profile")
                return
            }
            if key.hasSuffix("xmp") || profile.matches(Array("<?xpacket".utf8), at: 0) || profile.matches(Array("<x:xmpmeta".utf8), at: 0) {
                blocks.xmp.append((profile.utf8String(), "\(source) \(key)"))
            } else {
                let tiff = profile.matches(JPEGMetadataReader.exifHeader, at: 0) ? Array(profile.dropFirst(6)) : profile
                blocks.exif.append((tiff, "\(source) \(key)"))
            }
        default:
            blocks.texts.append(.init(key: key, value: value, source: source))
        }
    }

    /// ImageMagick raw profile text: "\nname\n   length\nhex digits over several lines".
    static func rawProfile(_ text: String) -> [UInt8]? {
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: true)
        guard lines.count == 3, let length = Int(lines[1].trimmingWhitespace()), length >= 0, length <= text.utf8.count / 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        var high: UInt8?
        for byte in lines[2].utf8 {
            guard let nibble = Hex.nibble(byte) else { continue }
            if let pending = high { bytes.append(pending << 4 | nibble); high = nil } else { high = nibble }
            if bytes.count == length { break }
        }
        return bytes.count == length ? bytes : nil
    }
}
