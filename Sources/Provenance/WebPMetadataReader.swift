/// Walks WebP RIFF chunks and collects EXIF (`EXIF`), XMP (`XMP `) and C2PA (`C2PA`) chunks.
enum WebPMetadataReader {
    static func read(_ bytes: [UInt8], limits: ProvenanceLimits) -> MetadataBlocks {
        var blocks = MetadataBlocks(format: .webp)
        guard let riffSize = bytes.le32(at: 4) else {
            blocks.problem(.truncated, "WebP RIFF header", at: 0, "shorter than 12 bytes")
            return blocks
        }
        let end = Swift.min(bytes.count, 8 + Int(riffSize))
        if end < 8 + Int(riffSize) {
            blocks.problem(.truncated, "WebP RIFF header", at: 4, "declares \(riffSize) bytes but the file has \(bytes.count - 8)")
        }
        var offset = 12
        while offset + 8 <= end {
            guard let type = bytes.be32(at: offset), let size32 = bytes.le32(at: offset + 4) else { break }
            let size = Int(size32)
            let dataStart = offset + 8
            let context = "WebP chunk \(fourCCName(type))"
            guard bytes.fits(dataStart, size), dataStart + size <= end else {
                blocks.problem(.truncated, context, at: offset, "declares \(size) bytes but only \(end - dataStart) remain")
                break
            }
            if blocks.blockCount >= limits.maxBlocks {
                blocks.problem(.limitExceeded, context, at: offset, "more than \(limits.maxBlocks) metadata chunks")
                break
            }
            let data = bytes[dataStart..<(dataStart + size)]
            switch type {
            case fourCC("EXIF"):
                // Some writers keep the JPEG-style "Exif\0\0" prefix.
                let tiff = Array(data).matches(JPEGMetadataReader.exifHeader, at: 0) ? Array(data.dropFirst(6)) : Array(data)
                blocks.exif.append((tiff, "WebP EXIF"))
            case fourCC("XMP "):
                blocks.xmp.append((data.utf8String(), "WebP XMP"))
            case fourCC("C2PA"):
                if blocks.c2paManifestStore == nil {
                    blocks.c2paManifestStore = Array(data)
                    blocks.c2paSource = "WebP C2PA"
                }
            default:
                break
            }
            offset = dataStart + size + (size & 1)
        }
        return blocks
    }
}
