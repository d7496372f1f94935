import CImageShims

/// The parts of a PNG file the pixel decoder needs, found by walking its chunks with bounds
/// checks. Like Pillow, it verifies the CRC of every chunk before the image data, reads the
/// first run of consecutive IDAT chunks, and ignores whatever follows them.
struct PNGContainer {
    /// The IHDR fields.
    struct Header {
        let width: Int
        let height: Int
        let bitDepth: Int
        let colorType: Int
        let interlaced: Bool

        /// Samples per pixel for the colour type.
        var channels: Int {
            switch colorType {
            case 2: 3
            case 4: 2
            case 6: 4
            default: 1
            }
        }

        /// Bytes per complete pixel, at least 1 (the distance filters look back).
        var filterPixelBytes: Int { max(1, channels * bitDepth / 8) }

        /// Bytes in one row of `width` pixels, without the filter byte. `nil` on overflow.
        func rowBytes(width: Int) -> Int? {
            let (bits, overflow) = width.multipliedReportingOverflow(by: channels * bitDepth)
            return overflow ? nil : (bits + 7) / 8
        }
    }

    let header: Header
    /// 256 RGB triples from PLTE; entries the file does not define are black.
    let palette: [UInt8]
    /// Whether a tRNS chunk came before the image data.
    let hasTransparency: Bool
    /// Frames an animated PNG declares in acTL (1 for a still PNG); the IDAT image is frame 0,
    /// which is what Pillow shows and what is decoded.
    let frameCount: Int
    /// Byte ranges of the IDAT payloads, in order.
    let imageData: [Range<Int>]
    /// Whether the file ended inside the IDAT run (its data is then incomplete).
    let imageDataCutShort: Bool

    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let validDepths: [Int: Set<Int>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]

    /// Parses `bytes`; `checkLimits` sees the header before anything else is read.
    init(_ bytes: UnsafeRawBufferPointer, checkLimits: (Header) throws(DecodingError) -> Void) throws(DecodingError) {
        let reader = ByteReader(bytes: bytes, format: .png)
        try reader.require(0, 8, "signature")
        guard Self.signature.indices.allSatisfy({ bytes[$0] == Self.signature[$0] }) else {
            throw .corrupt(.png, detail: "bad signature")
        }
        var header: Header?
        var palette = [UInt8](repeating: 0, count: 256 * 3)
        var hasTransparency = false
        var frameCount = 1
        var imageData: [Range<Int>] = []
        var cutShort = false
        var offset = 8
        while offset < bytes.count {
            let length = Int(try reader.uint32BE(at: offset, "chunk length at byte \(offset)"))
            try reader.require(offset + 4, 4, "chunk type at byte \(offset + 4)")
            let type = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset + 4..<offset + 8]), as: UTF8.self)
            let dataStart = offset + 8
            guard length <= 0x7FFF_FFFF else {
                throw .corrupt(.png, detail: "\(type) chunk at byte \(offset) declares \(length) bytes")
            }
            let dataEnd = dataStart + length
            if type == "IDAT" {
                guard header != nil else { throw .corrupt(.png, detail: "IDAT at byte \(offset) before IHDR") }
                if dataEnd > bytes.count {
                    imageData.append(dataStart..<bytes.count)
                    cutShort = true
                    break
                }
                imageData.append(dataStart..<dataEnd)
                offset = dataEnd + 4 // Pillow does not check IDAT CRCs (zlib's Adler-32 covers the data)
                continue
            }
            if !imageData.isEmpty {
                break // the image data is complete; later chunks do not change the pixels
            }
            try reader.require(dataStart, length + 4, "\(type) chunk at byte \(offset)")
            let data = UnsafeRawBufferPointer(rebasing: bytes[dataStart..<dataEnd])
            let storedCRC = try reader.uint32BE(at: dataEnd, "\(type) CRC")
            let computedCRC = UnsafeRawBufferPointer(rebasing: bytes[offset + 4..<dataEnd]).withMemoryRebound(to: UInt8.self) {
                bw_crc32($0.baseAddress, $0.count)
            }
            guard storedCRC == computedCRC else {
                throw .corrupt(.png, detail: "bad CRC in \(type) chunk at byte \(offset)")
            }
            switch type {
            case "IHDR":
                guard header == nil, offset == 8, length == 13 else {
                    throw .corrupt(.png, detail: "misplaced or malformed IHDR at byte \(offset)")
                }
                let chunk = ByteReader(bytes: data, format: .png)
                let parsed = Header(width: Int(try chunk.uint32BE(at: 0, "IHDR width")),
                                    height: Int(try chunk.uint32BE(at: 4, "IHDR height")),
                                    bitDepth: Int(data[8]), colorType: Int(data[9]), interlaced: data[12] == 1)
                guard Self.validDepths[parsed.colorType]?.contains(parsed.bitDepth) == true else {
                    throw .corrupt(.png, detail: "IHDR: bit depth \(parsed.bitDepth) with colour type \(parsed.colorType)")
                }
                guard data[10] == 0, data[11] == 0, data[12] <= 1 else {
                    throw .corrupt(.png, detail: "IHDR: compression \(data[10]), filter \(data[11]), interlace \(data[12])")
                }
                guard parsed.width <= 0x7FFF_FFFF, parsed.height <= 0x7FFF_FFFF else {
                    throw .corrupt(.png, detail: "IHDR: dimensions \(parsed.width)x\(parsed.height) out of range")
                }
                try checkLimits(parsed)
                header = parsed
            case "PLTE":
                guard length % 3 == 0, length <= 256 * 3 else {
                    throw .corrupt(.png, detail: "PLTE at byte \(offset) has \(length) bytes")
                }
                for index in 0..<length { palette[index] = data[index] }
            case "tRNS":
                hasTransparency = true
            case "acTL" where length == 8:
                frameCount = max(1, Int(try ByteReader(bytes: data, format: .png).uint32BE(at: 0, "acTL frame count")))
            case "IEND":
                offset = bytes.count
                continue
            default:
                if header == nil { throw .corrupt(.png, detail: "\(type) chunk at byte \(offset) before IHDR") }
            }
            offset = dataEnd + 4
        }
        guard let header else { throw .corrupt(.png, detail: "no IHDR chunk") }
        guard !imageData.isEmpty else {
            throw .corrupt(.png, detail: "no IDAT chunk (data ends at byte \(bytes.count))")
        }
        self.header = header
        self.palette = palette
        self.hasTransparency = hasTransparency
        self.frameCount = frameCount
        self.imageData = imageData
        self.imageDataCutShort = cutShort
    }
}
