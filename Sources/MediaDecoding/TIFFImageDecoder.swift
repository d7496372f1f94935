#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BulwarkCore
import CTIFF

/// TIFF through libtiff (any compression libtiff decodes, strips or tiles), first directory only,
/// converted the way Pillow's TiffImagePlugin reads it: 8-bit grey/RGB (extra samples such as
/// unassociated alpha dropped), min-is-white inverted, 16-bit grey clipped like Pillow's I;16,
/// 16-bit RGB cut to the high byte, palettes of 1-8 bits (colour map cut to its high byte),
/// bilevel images, and YCbCr JPEG converted to RGB by libtiff. Planar (separate) layouts and
/// associated alpha are reported as unsupported.
struct TIFFImageDecoder {
    let limits: DecodingLimits

    /// How samples of one row turn into RGB.
    private enum Layout {
        case grey(bits: Int, inverted: Bool, samplesPerPixel: Int)
        case grey16(samplesPerPixel: Int)
        case rgb8(samplesPerPixel: Int)
        case rgb16(samplesPerPixel: Int)
        case palette(bits: Int, colors: [UInt8])
    }

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .empty }
        var cursor = MemoryCursor(base: base, count: bytes.count)
        var log = TIFFMessageLog()
        return try withUnsafeMutablePointer(to: &cursor) { cursorPointer throws(DecodingError) in
            try withUnsafeMutablePointer(to: &log) { logPointer throws(DecodingError) in
                guard let options = TIFFOpenOptionsAlloc() else {
                    throw .outOfMemory(.tiff, detail: "cannot allocate libtiff options")
                }
                defer { TIFFOpenOptionsFree(options) }
                TIFFOpenOptionsSetErrorHandlerExtR(options, tiffRecordError, logPointer)
                TIFFOpenOptionsSetWarningHandlerExtR(options, tiffIgnoreWarning, nil)
                TIFFOpenOptionsSetMaxSingleMemAlloc(options, tmsize_t(clamping: workingMemoryCap))
                guard let tiff = TIFFClientOpenExt("input", "rm", cursorPointer, tiffRead, tiffWrite, tiffSeek,
                                                   tiffClose, tiffSize, tiffMap, tiffUnmap, options) else {
                    throw failure(logPointer.pointee, cursorPointer.pointee, stage: "header")
                }
                defer { TIFFClose(tiff) }
                return try decodeFirstDirectory(tiff, log: logPointer, cursor: cursorPointer)
            }
        }
    }

    /// libtiff's largest single allocation: a strip or tile of the biggest allowed image.
    private var workingMemoryCap: Int {
        let (product, overflow) = limits.maxPixels.multipliedReportingOverflow(by: 8)
        return overflow ? Int.max : product + 16 << 20
    }

    private func decodeFirstDirectory(
        _ tiff: OpaquePointer, log: UnsafeMutablePointer<TIFFMessageLog>, cursor: UnsafeMutablePointer<MemoryCursor>
    ) throws(DecodingError) -> DecodedImage {
        let width = Int(field(tiff, TIFFTAG_IMAGEWIDTH, UInt32(0)))
        let height = Int(field(tiff, TIFFTAG_IMAGELENGTH, UInt32(0)))
        _ = try limits.checkedPixelCount(width: width, height: height, format: .tiff)
        let bits = Int(defaultedField(tiff, TIFFTAG_BITSPERSAMPLE, UInt16(1)))
        let samples = Int(defaultedField(tiff, TIFFTAG_SAMPLESPERPIXEL, UInt16(1)))
        let planar = defaultedField(tiff, TIFFTAG_PLANARCONFIG, UInt16(PLANARCONFIG_CONTIG))
        let compression = defaultedField(tiff, TIFFTAG_COMPRESSION, UInt16(COMPRESSION_NONE))
        guard hasField(tiff, TIFFTAG_PHOTOMETRIC) else {
            throw .corrupt(.tiff, detail: "first directory has no PhotometricInterpretation tag")
        }
        let photometric = Int32(field(tiff, TIFFTAG_PHOTOMETRIC, UInt16(0)))
        guard planar == PLANARCONFIG_CONTIG || samples == 1 else {
            throw .unsupported(.tiff, detail: "planar (separate) sample layout")
        }
        let extraSamples = extraSampleKinds(tiff)
        if extraSamples.contains(UInt16(EXTRASAMPLE_ASSOCALPHA)) {
            throw .unsupported(.tiff, detail: "associated (premultiplied) alpha")
        }
        var layout: Layout
        var model: ColorModel
        switch (photometric, bits) {
        case (PHOTOMETRIC_MINISBLACK, 1), (PHOTOMETRIC_MINISBLACK, 8), (PHOTOMETRIC_MINISWHITE, 1),
             (PHOTOMETRIC_MINISWHITE, 8):
            layout = .grey(bits: bits, inverted: photometric == PHOTOMETRIC_MINISWHITE, samplesPerPixel: samples)
            model = samples > 1 ? .greyAlpha : .grey
        case (PHOTOMETRIC_MINISBLACK, 16):
            layout = .grey16(samplesPerPixel: samples)
            model = samples > 1 ? .greyAlpha : .grey
        case (PHOTOMETRIC_RGB, 8) where samples >= 3:
            layout = .rgb8(samplesPerPixel: samples)
            model = samples > 3 ? .rgba : .rgb
        case (PHOTOMETRIC_RGB, 16) where samples >= 3:
            layout = .rgb16(samplesPerPixel: samples)
            model = samples > 3 ? .rgba : .rgb
        case (PHOTOMETRIC_YCBCR, 8) where compression == COMPRESSION_JPEG && samples == 3:
            setField(tiff, TIFFTAG_JPEGCOLORMODE, Int32(JPEGCOLORMODE_RGB))
            layout = .rgb8(samplesPerPixel: 3)
            model = .rgb
        case (PHOTOMETRIC_PALETTE, 1...8) where samples == 1:
            layout = .palette(bits: bits, colors: try colorMap(tiff, bits: bits))
            model = .palette
        default:
            throw .unsupported(.tiff, detail: "photometric \(photometric), \(bits) bits x \(samples) samples, "
                + "compression \(compression)")
        }

        let image = try RGBAllocation.image(width: width, height: height, format: .tiff) { canvas in
            let libtiffFailure = { failure(log.pointee, cursor.pointee, stage: "image data") }
            do throws(DecodingError) {
                if TIFFIsTiled(tiff) != 0 {
                    try readTiles(tiff, layout: layout, width: width, height: height, into: canvas,
                                  libtiffFailure: libtiffFailure)
                } else {
                    try readStrips(tiff, layout: layout, width: width, height: height, into: canvas,
                                   libtiffFailure: libtiffFailure)
                }
                return nil
            } catch {
                return error
            }
        }
        let directories = Int(TIFFNumberOfDirectories(tiff))
        return DecodedImage(image: image, format: .tiff, bitDepth: bits, colorModel: model,
                            hadAlpha: !extraSamples.isEmpty, frameCount: max(directories, 1))
    }

    private func readStrips(
        _ tiff: OpaquePointer, layout: Layout, width: Int, height: Int, into canvas: UnsafeMutableBufferPointer<UInt8>,
        libtiffFailure: () -> DecodingError
    ) throws(DecodingError) {
        let rowsPerStrip = min(Int(defaultedField(tiff, TIFFTAG_ROWSPERSTRIP, UInt32.max)), height)
        let rowBytes = Int(TIFFScanlineSize(tiff))
        let stripBytes = Int(TIFFStripSize(tiff))
        let (fullStrip, overflow) = rowsPerStrip.multipliedReportingOverflow(by: rowBytes)
        guard rowsPerStrip > 0, rowBytes > 0, !overflow, stripBytes >= rowBytes, fullStrip <= workingMemoryCap,
              stripBytes <= workingMemoryCap, let canvasBase = canvas.baseAddress else {
            throw .corrupt(.tiff, detail: "strip geometry: \(rowsPerStrip) rows of \(rowBytes) bytes")
        }
        var strip = [UInt8](repeating: 0, count: max(stripBytes, fullStrip))
        var row = 0
        var stripIndex: UInt32 = 0
        while row < height {
            let rows = min(rowsPerStrip, height - row)
            let read = strip.withUnsafeMutableBytes {
                TIFFReadEncodedStrip(tiff, stripIndex, $0.baseAddress, tmsize_t(rows * rowBytes))
            }
            guard read >= rows * rowBytes else {
                throw libtiffFailure()
            }
            strip.withUnsafeBytes { source in
                guard let sourceBase = source.baseAddress else { return }
                for line in 0..<rows {
                    let out = canvasBase + (row + line) * width * 3
                    Self.convert(sourceBase + line * rowBytes, to: out, count: width, layout: layout)
                }
            }
            row += rows
            stripIndex += 1
        }
    }

    private func readTiles(
        _ tiff: OpaquePointer, layout: Layout, width: Int, height: Int, into canvas: UnsafeMutableBufferPointer<UInt8>,
        libtiffFailure: () -> DecodingError
    ) throws(DecodingError) {
        let tileWidth = Int(field(tiff, TIFFTAG_TILEWIDTH, UInt32(0)))
        let tileHeight = Int(field(tiff, TIFFTAG_TILELENGTH, UInt32(0)))
        let tileRowBytes = Int(TIFFTileRowSize(tiff))
        let tileBytes = Int(TIFFTileSize(tiff))
        guard tileWidth > 0, tileHeight > 0, tileRowBytes > 0, tileBytes >= tileRowBytes * tileHeight,
              tileBytes <= workingMemoryCap, let canvasBase = canvas.baseAddress else {
            throw .corrupt(.tiff, detail: "tile geometry: \(tileWidth)x\(tileHeight), \(tileBytes) bytes")
        }
        var tile = [UInt8](repeating: 0, count: tileBytes)
        for top in stride(from: 0, to: height, by: tileHeight) {
            for left in stride(from: 0, to: width, by: tileWidth) {
                let index = TIFFComputeTile(tiff, UInt32(left), UInt32(top), 0, 0)
                let read = tile.withUnsafeMutableBytes {
                    TIFFReadEncodedTile(tiff, index, $0.baseAddress, tmsize_t(tileBytes))
                }
                guard read > 0 else { throw libtiffFailure() }
                let columns = min(tileWidth, width - left)
                tile.withUnsafeBytes { source in
                    guard let sourceBase = source.baseAddress else { return }
                    for line in 0..<min(tileHeight, height - top) {
                        let out = canvasBase + ((top + line) * width + left) * 3
                        Self.convert(sourceBase + line * tileRowBytes, to: out, count: columns, layout: layout)
                    }
                }
            }
        }
    }

    /// Converts `count` pixels of packed samples (native byte order for 16 bits) to RGB.
    private static func convert(_ source: UnsafeRawPointer, to out: UnsafeMutablePointer<UInt8>, count: Int,
                                layout: Layout) {
        let bytes = source.assumingMemoryBound(to: UInt8.self)
        switch layout {
        case .grey(let bits, let inverted, let samplesPerPixel):
            for x in 0..<count {
                var level: UInt8
                if bits == 1 {
                    level = bytes[x / 8] >> (7 - UInt8(x % 8)) & 1 == 0 ? 0 : 255
                } else {
                    level = bytes[x * samplesPerPixel]
                }
                if inverted { level = 255 - level }
                out[3 * x] = level
                out[3 * x + 1] = level
                out[3 * x + 2] = level
            }
        case .grey16(let samplesPerPixel):
            let samples = source.assumingMemoryBound(to: UInt16.self)
            for x in 0..<count {
                let value = samples[x * samplesPerPixel]
                let level = value > 255 ? 255 : UInt8(value)
                out[3 * x] = level
                out[3 * x + 1] = level
                out[3 * x + 2] = level
            }
        case .rgb8(let samplesPerPixel):
            if samplesPerPixel == 3 {
                out.update(from: bytes, count: count * 3)
            } else {
                for x in 0..<count {
                    out[3 * x] = bytes[x * samplesPerPixel]
                    out[3 * x + 1] = bytes[x * samplesPerPixel + 1]
                    out[3 * x + 2] = bytes[x * samplesPerPixel + 2]
                }
            }
        case .rgb16(let samplesPerPixel):
            let samples = source.assumingMemoryBound(to: UInt16.self)
            for x in 0..<count {
                out[3 * x] = UInt8(samples[x * samplesPerPixel] >> 8)
                out[3 * x + 1] = UInt8(samples[x * samplesPerPixel + 1] >> 8)
                out[3 * x + 2] = UInt8(samples[x * samplesPerPixel + 2] >> 8)
            }
        case .palette(let bits, let colors):
            let perByte = 8 / bits
            let mask = (1 << bits) - 1
            for x in 0..<count {
                let shift = (perByte - 1 - x % perByte) * bits
                let index = (Int(bytes[x / perByte]) >> shift & mask) * 3
                out[3 * x] = colors[index]
                out[3 * x + 1] = colors[index + 1]
                out[3 * x + 2] = colors[index + 2]
            }
        }
    }

    /// The colour map as 8-bit RGB triples (Pillow keeps the high byte of each 16-bit entry).
    private func colorMap(_ tiff: OpaquePointer, bits: Int) throws(DecodingError) -> [UInt8] {
        var red: UnsafeMutablePointer<UInt16>?, green: UnsafeMutablePointer<UInt16>?, blue: UnsafeMutablePointer<UInt16>?
        let found = withVaList([withUnsafeMutablePointer(to: &red) { $0 }, withUnsafeMutablePointer(to: &green) { $0 },
                                withUnsafeMutablePointer(to: &blue) { $0 }]) {
            TIFFVGetField(tiff, UInt32(TIFFTAG_COLORMAP), $0)
        }
        guard found != 0, let red, let green, let blue else {
            throw .corrupt(.tiff, detail: "palette image without a ColorMap tag")
        }
        var table = [UInt8](repeating: 0, count: 256 * 3)
        for index in 0..<(1 << bits) {
            table[3 * index] = UInt8(red[index] >> 8)
            table[3 * index + 1] = UInt8(green[index] >> 8)
            table[3 * index + 2] = UInt8(blue[index] >> 8)
        }
        return table
    }

    private func extraSampleKinds(_ tiff: OpaquePointer) -> [UInt16] {
        var count: UInt16 = 0
        var kinds: UnsafeMutablePointer<UInt16>?
        let found = withUnsafeMutablePointer(to: &count) { countPointer in
            withUnsafeMutablePointer(to: &kinds) { kindsPointer in
                withVaList([countPointer, kindsPointer]) { TIFFVGetField(tiff, UInt32(TIFFTAG_EXTRASAMPLES), $0) }
            }
        }
        guard found != 0, let kinds else { return [] }
        return (0..<Int(count)).map { kinds[$0] }
    }

    private func hasField(_ tiff: OpaquePointer, _ tag: Int32) -> Bool {
        var value: UInt16 = 0
        return withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) { TIFFVGetField(tiff, UInt32(tag), $0) } != 0
        }
    }

    private func field<T: BinaryInteger>(_ tiff: OpaquePointer, _ tag: Int32, _ fallback: T) -> T {
        var value = fallback
        let found = withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) { TIFFVGetField(tiff, UInt32(tag), $0) }
        }
        return found != 0 ? value : fallback
    }

    private func defaultedField<T: BinaryInteger>(_ tiff: OpaquePointer, _ tag: Int32, _ fallback: T) -> T {
        var value = fallback
        let found = withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) { TIFFVGetFieldDefaulted(tiff, UInt32(tag), $0) }
        }
        return found != 0 ? value : fallback
    }

    private func setField(_ tiff: OpaquePointer, _ tag: Int32, _ value: Int32) {
        _ = withVaList([value]) { TIFFVSetField(tiff, UInt32(tag), $0) }
    }

    private func failure(_ log: TIFFMessageLog, _ cursor: MemoryCursor, stage: String) -> DecodingError {
        let message = log.lastError.isEmpty ? "libtiff could not read it" : log.lastError
        let detail = "\(stage): \(message)"
        if log.readPastEnd || cursor.offset >= cursor.count {
            return .truncated(.tiff, detail: "\(detail) (data ends at byte \(cursor.count))")
        }
        return .corrupt(.tiff, detail: detail)
    }
}

/// The last error libtiff reported for one file.
struct TIFFMessageLog {
    var lastError = ""
    var readPastEnd = false
}

private func cursor(_ handle: thandle_t?) -> UnsafeMutablePointer<MemoryCursor>? {
    handle.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: MemoryCursor.self) }
}

private func tiffRead(_ handle: thandle_t?, _ buffer: UnsafeMutableRawPointer?, _ size: tmsize_t) -> tmsize_t {
    guard let input = cursor(handle), let buffer, size > 0 else { return 0 }
    return tmsize_t(input.pointee.read(into: buffer.assumingMemoryBound(to: UInt8.self), count: Int(size)))
}

private func tiffWrite(_ handle: thandle_t?, _ buffer: UnsafeMutableRawPointer?, _ size: tmsize_t) -> tmsize_t {
    -1
}

private func tiffSeek(_ handle: thandle_t?, _ offset: toff_t, _ whence: Int32) -> toff_t {
    guard let input = cursor(handle) else { return toff_t.max }
    let origin: Int
    switch whence {
    case SEEK_SET: origin = 0
    case SEEK_CUR: origin = input.pointee.offset
    case SEEK_END: origin = input.pointee.count
    default: return toff_t.max
    }
    // Offsets are unsigned; a relative move backwards arrives as a wrapped-around value.
    let target = origin &+ Int(truncatingIfNeeded: offset)
    guard input.pointee.seek(to: target) else { return toff_t.max }
    return toff_t(target)
}

private func tiffClose(_ handle: thandle_t?) -> Int32 { 0 }

private func tiffSize(_ handle: thandle_t?) -> toff_t {
    cursor(handle).map { toff_t($0.pointee.count) } ?? 0
}

private func tiffMap(_ handle: thandle_t?, _ base: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                     _ size: UnsafeMutablePointer<toff_t>?) -> Int32 { 0 }

private func tiffUnmap(_ handle: thandle_t?, _ base: UnsafeMutableRawPointer?, _ size: toff_t) {}

private func tiffRecordError(
    _ tiff: OpaquePointer?, _ userData: UnsafeMutableRawPointer?, _ module: UnsafePointer<CChar>?,
    _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?
) -> Int32 {
    guard let userData, let format, let arguments else { return 1 }
    var buffer = [CChar](repeating: 0, count: 256)
    _ = vsnprintf(&buffer, buffer.count, format, arguments)
    let log = userData.assumingMemoryBound(to: TIFFMessageLog.self)
    let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let where_ = module.map { String(cString: $0) } ?? ""
    log.pointee.lastError = where_.isEmpty ? message : "\(where_): \(message)"
    if message.contains("Read error") || message.contains("end of file") || message.contains("EOF") {
        log.pointee.readPastEnd = true
    }
    return 1
}

private func tiffIgnoreWarning(
    _ tiff: OpaquePointer?, _ userData: UnsafeMutableRawPointer?, _ module: UnsafePointer<CChar>?,
    _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?
) -> Int32 { 1 }
