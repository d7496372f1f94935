import BulwarkCore
import CImageShims

/// PNG: every bit depth and colour type, interlaced or not, converted the way Pillow converts
/// the mode it opens the file as (rules in `png_pixels.c`).
///
/// The container is parsed in Swift (``PNGContainer``); the zlib data is inflated by libdeflate
/// (about twice as fast as zlib) and unfiltered and converted by small C loops. 8-bit RGB and
/// RGBA images, the common photographic case, are inflated straight into the output buffer and
/// compacted in place; other layouts go through one scratch buffer.
struct PNGImageDecoder {
    let limits: DecodingLimits

    /// One Adam7 pass (or the whole image when not interlaced).
    private struct Pass {
        let x0: Int, y0: Int, dx: Int, dy: Int
        let width: Int, height: Int
        let rowBytes: Int

        var isEmpty: Bool { width == 0 || height == 0 }
    }

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        let container = try PNGContainer(bytes) { header throws(DecodingError) in
            _ = try limits.checkedPixelCount(width: header.width, height: header.height, format: .png)
        }
        let header = container.header
        let passes = try Self.passes(header)
        var filteredSize = 0
        for pass in passes where !pass.isEmpty {
            let (size, overflow) = pass.height.multipliedReportingOverflow(by: pass.rowBytes + 1)
            let (total, overflowTotal) = filteredSize.addingReportingOverflow(size)
            guard !overflow, !overflowTotal else {
                throw .limitExceeded(.pixels, limit: limits.maxPixels, actual: Int.max)
            }
            filteredSize = total
        }

        let image: RGBImage
        // Rows of 8-bit RGB(A) are at least as long as their RGB output, so each row can be
        // converted over the filtered data it came from, top to bottom.
        if !header.interlaced && header.bitDepth == 8 && (header.colorType == 2 || header.colorType == 6) {
            image = try RGBAllocation.image(width: header.width, height: header.height, format: .png,
                                            workingCapacity: filteredSize) { buffer in
                guard let base = buffer.baseAddress else { return .outOfMemory(.png, detail: "empty buffer") }
                if let error = inflate(bytes, container: container, into: base, size: filteredSize) { return error }
                return unfilterAndConvert(base, passes: passes, header: header, palette: container.palette, into: base)
            }
        } else {
            var scratch = [UInt8]()
            var inflateError: DecodingError?
            scratch = [UInt8](unsafeUninitializedCapacity: filteredSize) { buffer, count in
                guard let base = buffer.baseAddress else { return }
                inflateError = inflate(bytes, container: container, into: base, size: filteredSize)
                count = inflateError == nil ? filteredSize : 0
            }
            if let inflateError { throw inflateError }
            image = try RGBAllocation.image(width: header.width, height: header.height, format: .png) { canvas in
                scratch.withUnsafeMutableBufferPointer { source in
                    guard let data = source.baseAddress, let out = canvas.baseAddress else {
                        return .outOfMemory(.png, detail: "empty buffer")
                    }
                    return unfilterAndConvert(data, passes: passes, header: header, palette: container.palette, into: out)
                }
            }
        }
        let model: ColorModel = switch header.colorType {
        case 0: .grey
        case 3: .palette
        case 4: .greyAlpha
        case 6: .rgba
        default: .rgb
        }
        return DecodedImage(image: image, format: .png, bitDepth: header.bitDepth, colorModel: model,
                            hadAlpha: header.colorType & 4 != 0 || container.hasTransparency,
                            frameCount: container.frameCount)
    }

    /// Unfilters every pass, then converts its rows to RGB at their place in `out`.
    private func unfilterAndConvert(
        _ data: UnsafeMutablePointer<UInt8>, passes: [Pass], header: PNGContainer.Header, palette: [UInt8],
        into out: UnsafeMutablePointer<UInt8>
    ) -> DecodingError? {
        var passStart = 0
        for (number, pass) in passes.enumerated() where !pass.isEmpty {
            let stride = pass.rowBytes + 1
            let badRow = bw_png_unfilter(data + passStart, pass.height, pass.rowBytes, header.filterPixelBytes)
            if badRow >= 0 {
                let row = Int(badRow)
                return .corrupt(.png, detail: "unknown filter type \(data[passStart + row * stride]) in row \(row)"
                    + (passes.count > 1 ? " of interlace pass \(number + 1)" : ""))
            }
            passStart += pass.height * stride
        }
        passStart = 0
        for pass in passes where !pass.isEmpty {
            let stride = pass.rowBytes + 1
            for row in 0..<pass.height {
                bw_png_row_to_rgb(data + passStart + row * stride + 1, pass.width, Int32(header.bitDepth),
                                  Int32(header.colorType), palette,
                                  out + ((pass.y0 + row * pass.dy) * header.width + pass.x0) * 3, pass.dx)
            }
            passStart += pass.height * stride
        }
        return nil
    }

    /// Inflates the IDAT run into exactly `size` bytes of filtered rows at `destination`.
    private func inflate(
        _ bytes: UnsafeRawBufferPointer, container: PNGContainer, into destination: UnsafeMutablePointer<UInt8>,
        size: Int
    ) -> DecodingError? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .empty }
        var produced = 0
        let status: bw_status
        if container.imageData.count == 1, let only = container.imageData.first {
            status = bw_zlib_inflate(base + only.lowerBound, only.count, destination, size, &produced)
        } else {
            var joined: [UInt8] = []
            joined.reserveCapacity(container.imageData.reduce(0) { $0 + $1.count })
            for range in container.imageData {
                joined.append(contentsOf: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
            }
            status = joined.withUnsafeBufferPointer { bw_zlib_inflate($0.baseAddress, $0.count, destination, size, &produced) }
        }
        let start = container.imageData.first?.lowerBound ?? 0
        switch status {
        case BW_STATUS_OK where produced == size:
            return nil
        case BW_STATUS_OK:
            return .corrupt(.png, detail: "image data holds \(produced) bytes, the header needs \(size)")
        case BW_STATUS_BAD_ARGUMENT:
            return .corrupt(.png, detail: "image data holds more than the \(size) bytes the header allows")
        case BW_STATUS_MEMORY:
            return .outOfMemory(.png, detail: "cannot allocate an inflater")
        default:
            if container.imageDataCutShort {
                return .truncated(.png, detail: "IDAT data from byte \(start) ends at byte \(bytes.count)")
            }
            let compressed = container.imageData.reduce(0) { $0 + $1.count }
            return .corrupt(.png, detail: "invalid zlib data in IDAT (\(compressed) bytes from byte \(start))")
        }
    }

    private static func passes(_ header: PNGContainer.Header) throws(DecodingError) -> [Pass] {
        let layout = header.interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        return try layout.map { x0, y0, dx, dy throws(DecodingError) in
            let width = header.width > x0 ? (header.width - x0 + dx - 1) / dx : 0
            let height = header.height > y0 ? (header.height - y0 + dy - 1) / dy : 0
            guard let rowBytes = header.rowBytes(width: width) else {
                throw .corrupt(.png, detail: "row size overflows for width \(header.width)")
            }
            return Pass(x0: x0, y0: y0, dx: dx, dy: dy, width: width, height: height, rowBytes: rowBytes)
        }
    }
}
