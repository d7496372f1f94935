import CImageShims

/// JPEG through libjpeg-turbo (ISLOW DCT, fancy upsampling: the same output as Pillow),
/// including progressive, greyscale and CMYK/YCCK (converted as Pillow converts Adobe CMYK).
struct JPEGImageDecoder {
    let limits: DecodingLimits

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .empty }
        guard let decoder = bw_jpeg_decoder_create(base, bytes.count) else {
            throw .outOfMemory(.jpeg, detail: "cannot create a libjpeg decoder")
        }
        defer { bw_jpeg_decoder_destroy(decoder) }

        var header = bw_jpeg_header()
        if let error = Self.error(bw_jpeg_read_header(decoder, &header), decoder, stage: "header") {
            throw error
        }
        let width = Int(header.width), height = Int(header.height)
        let pixelCount = try limits.checkedPixelCount(width: width, height: height, format: .jpeg)
        // Working memory: a progressive file keeps every coefficient (2 bytes x components per pixel).
        let components = max(Int(header.components), 1)
        let workingMemory = pixelCount.multipliedReportingOverflow(by: 2 * components)
        let memoryCap = workingMemory.overflow ? Int.max : workingMemory.partialValue + 64 << 20
        let scans = Int32(clamping: limits.maxJPEGScans)

        let image = try RGBAllocation.image(width: width, height: height, format: .jpeg) { buffer in
            let status = bw_jpeg_decode_rgb(decoder, buffer.baseAddress, buffer.count, memoryCap, scans)
            return Self.error(status, decoder, stage: "scan data")
        }
        let model: ColorModel = switch header.components {
        case 1: .grey
        case 4: .cmyk
        default: .rgb
        }
        return DecodedImage(image: image, format: .jpeg, bitDepth: Int(header.bits_per_sample),
                            colorModel: model, hadAlpha: false, frameCount: 1)
    }

    private static func error(_ status: bw_status, _ decoder: OpaquePointer, stage: String) -> DecodingError? {
        let message = String(cString: bw_jpeg_message(decoder))
        let detail = "\(stage): \(message.isEmpty ? "libjpeg failed" : message)"
        return switch status {
        case BW_STATUS_OK: nil
        case BW_STATUS_TRUNCATED: .truncated(.jpeg, detail: detail)
        case BW_STATUS_UNSUPPORTED: .unsupported(.jpeg, detail: detail)
        case BW_STATUS_MEMORY: .outOfMemory(.jpeg, detail: detail)
        default: .corrupt(.jpeg, detail: detail)
        }
    }
}
