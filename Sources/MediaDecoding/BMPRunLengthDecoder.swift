/// Expands RLE8/RLE4 bitmap data to one palette index per pixel, following Pillow's
/// BmpRleDecoder step for step (so odd files decode the same way):
/// - an encoded run is clipped at the end of its row; an absolute run is not (it may wrap);
/// - end-of-line pads the output with index 0 up to the next row boundary;
/// - a delta writes index 0 for the skipped pixels;
/// - absolute runs are padded to an even *file* offset;
/// - data or an end-of-bitmap marker that leaves pixels unwritten is an error, as in Pillow.
struct BMPRunLengthDecoder {
    let bytes: UnsafeRawBufferPointer
    let start: Int
    let width: Int
    let height: Int
    let fourBit: Bool

    /// Indices in file order: the first `width` are the first row stored (the bottom row of a
    /// bottom-up bitmap).
    func expand(into indices: UnsafeMutableBufferPointer<UInt8>) throws(DecodingError) {
        let total = width * height
        var written = 0
        var x = 0
        var offset = start
        var endMarkerAt: Int?
        func append(_ value: UInt8, count: Int) {
            let count = min(count, total - written)
            guard count > 0 else { return }
            for index in written..<written + count { indices[index] = value }
            written += count
        }
        decoding: while written < total {
            guard bytes.count - offset >= 2 else { break decoding }
            let count = Int(bytes[offset]), value = bytes[offset + 1]
            offset += 2
            if count > 0 {
                let run = x + count > width ? max(0, width - x) : count
                if fourBit {
                    for index in 0..<run where written < total {
                        indices[written] = index % 2 == 0 ? value >> 4 : value & 0x0F
                        written += 1
                    }
                } else {
                    append(value, count: run)
                }
                x += run
                continue
            }
            switch value {
            case 0: // end of line
                append(0, count: (width - written % width) % width)
                x = 0
            case 1: // end of bitmap
                endMarkerAt = offset - 2
                break decoding
            case 2: // delta: right, up
                guard bytes.count - offset >= 2 else { break decoding }
                let right = Int(bytes[offset]), up = Int(bytes[offset + 1])
                offset += 2
                append(0, count: right + up * width)
                x = written % width
            default: // absolute run of `value` pixels
                let wanted = min(total - written, Int(value))
                let byteCount = fourBit ? (wanted + 1) / 2 : wanted
                let available = min(byteCount, bytes.count - offset)
                for byteIndex in 0..<available {
                    let byte = bytes[offset + byteIndex]
                    if fourBit {
                        indices[written] = byte >> 4
                        written += 1
                        if byteIndex * 2 + 1 < wanted {
                            indices[written] = byte & 0x0F
                            written += 1
                        }
                    } else {
                        indices[written] = byte
                        written += 1
                    }
                }
                offset += available
                if available < byteCount || written == total { break decoding }
                x += Int(value)
                if offset % 2 != 0 { offset += 1 }
            }
        }
        if let endMarkerAt, written < total {
            throw .corrupt(.bmp, detail: "RLE end-of-bitmap marker at byte \(endMarkerAt) after \(written) of \(total) pixels")
        }
        guard written == total else {
            throw .truncated(.bmp, detail: "RLE data gives \(written) of \(total) pixels; data ends at byte \(bytes.count)")
        }
    }
}
