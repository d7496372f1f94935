import BulwarkCore

/// Windows/OS2 bitmaps decoded in Swift the way Pillow's BmpImagePlugin reads them:
/// 1/4/8-bit palettes (uncompressed, RLE8 or RLE4), 16-bit 5-5-5 and 5-6-5, 24-bit BGR and
/// 32-bit with byte-aligned masks.
struct BMPImageDecoder {
    let limits: DecodingLimits

    private static let fileHeaderSize = 14

    /// Where each colour channel sits in a 16- or 32-bit pixel.
    private struct ChannelMasks {
        let red: UInt32, green: UInt32, blue: UInt32, alpha: UInt32
    }

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        let reader = ByteReader(bytes: bytes, format: .bmp)
        let pixelOffset = Int(try reader.uint32LE(at: 10, "file header pixel offset"))
        let headerSize = Int(try reader.uint32LE(at: 14, "DIB header size"))
        let dib = Self.fileHeaderSize
        let width: Int, signedHeight: Int, bitsPerPixel: Int, compression: UInt32, colorsUsed: Int
        let paletteEntrySize: Int
        if headerSize == 12 {
            width = Int(try reader.uint16LE(at: dib + 4, "core header width"))
            signedHeight = Int(try reader.uint16LE(at: dib + 6, "core header height"))
            bitsPerPixel = Int(try reader.uint16LE(at: dib + 10, "core header bit count"))
            compression = 0
            colorsUsed = 0
            paletteEntrySize = 3
        } else if headerSize >= 40 {
            width = Int(try reader.int32LE(at: dib + 4, "info header width"))
            signedHeight = Int(try reader.int32LE(at: dib + 8, "info header height"))
            bitsPerPixel = Int(try reader.uint16LE(at: dib + 14, "info header bit count"))
            compression = try reader.uint32LE(at: dib + 16, "info header compression")
            colorsUsed = Int(try reader.uint32LE(at: dib + 32, "info header colours used"))
            paletteEntrySize = 4
        } else {
            throw .unsupported(.bmp, detail: "DIB header size \(headerSize) at byte 14")
        }
        let topDown = signedHeight < 0
        let height = signedHeight.magnitude > Int.max ? 0 : Int(signedHeight.magnitude)
        guard width > 0, height > 0 else {
            throw .corrupt(.bmp, detail: "header gives an empty image (\(width)x\(signedHeight)) at byte 18")
        }
        _ = try limits.checkedPixelCount(width: width, height: height, format: .bmp)

        let masks: ChannelMasks?
        switch (compression, bitsPerPixel) {
        case (0, 1), (0, 4), (0, 8), (0, 24):
            masks = nil
        case (0, 16):
            masks = ChannelMasks(red: 0x7C00, green: 0x03E0, blue: 0x001F, alpha: 0)
        case (0, 32):
            masks = ChannelMasks(red: 0xFF_0000, green: 0xFF00, blue: 0xFF, alpha: 0)
        case (3, 16), (3, 32), (6, 16), (6, 32):
            // BI_BITFIELDS masks follow a 40-byte header, or sit inside a larger one.
            let maskOffset = dib + 40
            masks = ChannelMasks(red: try reader.uint32LE(at: maskOffset, "red mask"),
                                 green: try reader.uint32LE(at: maskOffset + 4, "green mask"),
                                 blue: try reader.uint32LE(at: maskOffset + 8, "blue mask"),
                                 alpha: compression == 6 || headerSize >= 56
                                     ? try reader.uint32LE(at: maskOffset + 12, "alpha mask") : 0)
        case (1, 8), (2, 4):
            masks = nil
        case (1, _), (2, _):
            throw .corrupt(.bmp, detail: "RLE compression \(compression) with \(bitsPerPixel) bits per pixel")
        default:
            throw .unsupported(.bmp, detail: "\(bitsPerPixel) bits per pixel with compression \(compression)")
        }

        var palette: [UInt8] = []
        if bitsPerPixel <= 8 {
            let maxEntries = 1 << bitsPerPixel
            let entries = colorsUsed > 0 && colorsUsed <= maxEntries ? colorsUsed : maxEntries
            let paletteOffset = dib + headerSize + (compression == 3 && headerSize == 40 ? 12 : 0)
            palette = [UInt8](repeating: 0, count: 256 * 3)
            for index in 0..<entries {
                let entry = paletteOffset + index * paletteEntrySize
                palette[3 * index] = try reader.uint8(at: entry + 2, "palette entry \(index) red")
                palette[3 * index + 1] = try reader.uint8(at: entry + 1, "palette entry \(index) green")
                palette[3 * index + 2] = try reader.uint8(at: entry, "palette entry \(index) blue")
            }
        }

        if compression == 1 || compression == 2 {
            try reader.require(pixelOffset, 0, "RLE data offset")
            let image = try Self.runLengthImage(bytes, start: pixelOffset, width: width, height: height,
                                                topDown: topDown, fourBit: compression == 2, palette: palette)
            return DecodedImage(image: image, format: .bmp, bitDepth: bitsPerPixel, colorModel: .palette,
                                hadAlpha: false, frameCount: 1)
        }

        let (rowBits, overflow) = width.multipliedReportingOverflow(by: bitsPerPixel)
        guard !overflow else { throw .limitExceeded(.pixels, limit: limits.maxPixels, actual: Int.max) }
        let rowStride = (rowBits + 31) / 32 * 4
        try reader.require(pixelOffset, rowStride * height, "pixel rows (\(height) x \(rowStride) bytes)")

        let extractors = try masks.map { masks throws(DecodingError) in try Self.extractors(masks, bitsPerPixel) }
        let image = try RGBAllocation.image(width: width, height: height, format: .bmp) { canvas in
            for row in 0..<height {
                let source = pixelOffset + (topDown ? row : height - 1 - row) * rowStride
                let sourceRow = UnsafeRawBufferPointer(rebasing: bytes[source..<source + rowStride])
                let out = UnsafeMutableBufferPointer(rebasing: canvas[row * width * 3..<(row + 1) * width * 3])
                Self.convertRow(sourceRow, into: out, width: width, bitsPerPixel: bitsPerPixel,
                                palette: palette, extractors: extractors)
            }
            return nil
        }
        let hasAlpha = masks.map { $0.alpha != 0 } ?? false
        return DecodedImage(image: image, format: .bmp, bitDepth: bitsPerPixel,
                            colorModel: bitsPerPixel <= 8 ? .palette : (hasAlpha ? .rgba : .rgb),
                            hadAlpha: hasAlpha, frameCount: 1)
    }

    /// RLE8/RLE4: indices expanded as Pillow expands them, then looked up in the palette.
    private static func runLengthImage(
        _ bytes: UnsafeRawBufferPointer, start: Int, width: Int, height: Int, topDown: Bool, fourBit: Bool,
        palette: [UInt8]
    ) throws(DecodingError) -> RGBImage {
        var indices = [UInt8](repeating: 0, count: width * height)
        let decoder = BMPRunLengthDecoder(bytes: bytes, start: start, width: width, height: height, fourBit: fourBit)
        var failure: DecodingError?
        indices.withUnsafeMutableBufferPointer { buffer in
            do throws(DecodingError) {
                try decoder.expand(into: buffer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return try RGBAllocation.image(width: width, height: height, format: .bmp) { canvas in
            for fileRow in 0..<height {
                let row = topDown ? fileRow : height - 1 - fileRow
                for x in 0..<width {
                    let color = 3 * Int(indices[fileRow * width + x])
                    let out = 3 * (row * width + x)
                    canvas[out] = palette[color]
                    canvas[out + 1] = palette[color + 1]
                    canvas[out + 2] = palette[color + 2]
                }
            }
            return nil
        }
    }

    /// Reads one channel from a pixel: shift, mask and scale to 8 bits.
    private struct ChannelExtractor {
        let shift: UInt32
        let maximum: UInt32

        func value(_ pixel: UInt32) -> UInt8 {
            let raw = (pixel >> shift) & maximum
            return maximum == 255 ? UInt8(raw) : UInt8(raw * 255 / maximum)
        }
    }

    /// Pillow accepts only masks that are 8-bit bytes, or the 5-5-5 and 5-6-5 layouts.
    private static func extractors(_ masks: ChannelMasks, _ bitsPerPixel: Int) throws(DecodingError) -> [ChannelExtractor] {
        let known16: [(UInt32, UInt32, UInt32)] = [(0x7C00, 0x03E0, 0x001F), (0xF800, 0x07E0, 0x001F)]
        if bitsPerPixel == 16 {
            guard known16.contains(where: { $0 == (masks.red, masks.green, masks.blue) }) else {
                throw .unsupported(.bmp, detail: "16-bit masks \(masks.red), \(masks.green), \(masks.blue)")
            }
        }
        return try [masks.red, masks.green, masks.blue].map { mask throws(DecodingError) in
            guard mask != 0 else { throw .unsupported(.bmp, detail: "a colour channel mask is 0") }
            let shift = UInt32(mask.trailingZeroBitCount)
            let maximum = mask >> shift
            guard maximum & (maximum + 1) == 0, bitsPerPixel == 16 || maximum == 255 else {
                throw .unsupported(.bmp, detail: "channel mask 0x\(String(mask, radix: 16))")
            }
            return ChannelExtractor(shift: shift, maximum: maximum)
        }
    }

    private static func convertRow(
        _ row: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>, width: Int,
        bitsPerPixel: Int, palette: [UInt8], extractors: [ChannelExtractor]?
    ) {
        switch bitsPerPixel {
        case 1, 4, 8:
            let perByte = 8 / bitsPerPixel
            let mask = (1 << bitsPerPixel) - 1
            for x in 0..<width {
                let byte = Int(row[x / perByte])
                let shift = (perByte - 1 - x % perByte) * bitsPerPixel
                let index = (byte >> shift & mask) * 3
                out[3 * x] = palette[index]
                out[3 * x + 1] = palette[index + 1]
                out[3 * x + 2] = palette[index + 2]
            }
        case 24 where extractors == nil:
            for x in 0..<width {
                out[3 * x] = row[3 * x + 2]
                out[3 * x + 1] = row[3 * x + 1]
                out[3 * x + 2] = row[3 * x]
            }
        default:
            guard let extractors, extractors.count == 3 else { return }
            let bytesPerPixel = bitsPerPixel / 8
            for x in 0..<width {
                var pixel: UInt32 = 0
                for byte in 0..<bytesPerPixel {
                    pixel |= UInt32(row[x * bytesPerPixel + byte]) << (8 * UInt32(byte))
                }
                out[3 * x] = extractors[0].value(pixel)
                out[3 * x + 1] = extractors[1].value(pixel)
                out[3 * x + 2] = extractors[2].value(pixel)
            }
        }
    }
}
