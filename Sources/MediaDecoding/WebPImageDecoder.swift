import BulwarkCore
import CWebP

/// WebP through libwebp (lossy, lossless, alpha, animated).
///
/// Pillow reads every WebP through libwebp's animation decoder, so frame 0 is shown on the
/// canvas: pixels outside the first frame are transparent black, which `convert("RGB")` turns
/// into black; inside the frame the decoded colour is kept and alpha dropped.
struct WebPImageDecoder {
    let limits: DecodingLimits

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .empty }
        // Headers first (no pixel work): the canvas size is checked before demuxing or decoding.
        var features = WebPBitstreamFeatures()
        let status = WebPGetFeatures(base, bytes.count, &features)
        switch status {
        case VP8_STATUS_OK: break
        case VP8_STATUS_NOT_ENOUGH_DATA: throw failure(bytes, "headers incomplete")
        case VP8_STATUS_UNSUPPORTED_FEATURE: throw .unsupported(.webp, detail: "libwebp reports an unsupported feature")
        default: throw .corrupt(.webp, detail: "headers rejected by libwebp (status \(status.rawValue))")
        }
        _ = try limits.checkedPixelCount(width: Int(features.width), height: Int(features.height), format: .webp)

        var data = WebPData(bytes: base, size: bytes.count)
        guard let demuxer = WebPDemux(&data) else {
            throw failure(bytes, "the RIFF container could not be parsed")
        }
        defer { WebPDemuxDelete(demuxer) }

        let width = Int(WebPDemuxGetI(demuxer, WEBP_FF_CANVAS_WIDTH))
        let height = Int(WebPDemuxGetI(demuxer, WEBP_FF_CANVAS_HEIGHT))
        let flags = WebPDemuxGetI(demuxer, WEBP_FF_FORMAT_FLAGS)
        let frameCount = Int(WebPDemuxGetI(demuxer, WEBP_FF_FRAME_COUNT))
        _ = try limits.checkedPixelCount(width: width, height: height, format: .webp)

        var iterator = WebPIterator()
        guard WebPDemuxGetFrame(demuxer, 1, &iterator) != 0 else {
            throw failure(bytes, "no frame found")
        }
        defer { WebPDemuxReleaseIterator(&iterator) }
        let frame = iterator
        guard frame.x_offset >= 0, frame.y_offset >= 0, frame.width > 0, frame.height > 0,
              Int(frame.x_offset) + Int(frame.width) <= width, Int(frame.y_offset) + Int(frame.height) <= height
        else {
            throw .corrupt(.webp, detail: "frame 1 (\(frame.width)x\(frame.height) at \(frame.x_offset),\(frame.y_offset)) "
                + "does not fit the \(width)x\(height) canvas")
        }
        let coversCanvas = Int(frame.width) == width && Int(frame.height) == height
        let image = try RGBAllocation.image(width: width, height: height, format: .webp) { canvas in
            guard let canvasBase = canvas.baseAddress, let fragment = frame.fragment.bytes else {
                return .corrupt(.webp, detail: "frame 1 has no data")
            }
            if !coversCanvas {
                canvas.initialize(repeating: 0)
            }
            let stride = width * 3
            let offset = Int(frame.y_offset) * stride + Int(frame.x_offset) * 3
            let written = WebPDecodeRGBInto(fragment, frame.fragment.size, canvasBase + offset,
                                            canvas.count - offset, Int32(stride))
            guard written != nil else {
                return failure(bytes, "frame 1 bitstream could not be decoded (\(frame.fragment.size) bytes "
                    + "at byte \(fragment - base))")
            }
            return nil
        }
        let hasAlpha = flags & UInt32(ALPHA_FLAG.rawValue) != 0 || frame.has_alpha != 0
        return DecodedImage(image: image, format: .webp, bitDepth: 8, colorModel: hasAlpha ? .rgba : .rgb,
                            hadAlpha: hasAlpha, frameCount: max(frameCount, 1))
    }

    /// Truncated if the RIFF header promises more bytes than there are, corrupt otherwise.
    private func failure(_ bytes: UnsafeRawBufferPointer, _ detail: String) -> DecodingError {
        if bytes.count >= 8 {
            let riffSize = (4..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 4)) }
            if riffSize + 8 > bytes.count {
                return .truncated(.webp, detail: "\(detail); RIFF header declares \(riffSize + 8) bytes, "
                    + "data ends at byte \(bytes.count)")
            }
        }
        return .corrupt(.webp, detail: detail)
    }
}
