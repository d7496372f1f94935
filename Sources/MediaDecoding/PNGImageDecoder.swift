import CImageShims

/// PNG through libpng: every bit depth and colour type, interlaced or not, converted the way
/// Pillow converts the mode it opens the file as (see `png_shim.c` for the exact rules).
struct PNGImageDecoder {
    let limits: DecodingLimits

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .empty }
        guard let decoder = bw_png_decoder_create(base, bytes.count) else {
            throw .outOfMemory(.png, detail: "cannot create a libpng decoder")
        }
        defer { bw_png_decoder_destroy(decoder) }

        var header = bw_png_header()
        if let error = Self.error(bw_png_read_header(decoder, &header), decoder, stage: "header chunks") {
            throw error
        }
        let width = Int(header.width), height = Int(header.height)
        _ = try limits.checkedPixelCount(width: width, height: height, format: .png)
        let image = try RGBAllocation.image(width: width, height: height, format: .png) { buffer in
            Self.error(bw_png_decode_rgb(decoder, buffer.baseAddress, buffer.count), decoder, stage: "image data")
        }
        let model: ColorModel = switch header.color_type {
        case 0: .grey
        case 3: .palette
        case 4: .greyAlpha
        case 6: .rgba
        default: .rgb
        }
        return DecodedImage(image: image, format: .png, bitDepth: Int(header.bit_depth), colorModel: model,
                            hadAlpha: header.color_type & 4 != 0 || header.has_trns != 0, frameCount: 1)
    }

    private static func error(_ status: bw_status, _ decoder: OpaquePointer, stage: String) -> DecodingError? {
        let message = String(cString: bw_png_message(decoder))
        let detail = "\(stage): \(message.isEmpty ? "libpng failed" : message)"
        return switch status {
        case BW_STATUS_OK: nil
        case BW_STATUS_TRUNCATED: .truncated(.png, detail: detail)
        case BW_STATUS_UNSUPPORTED: .unsupported(.png, detail: detail)
        case BW_STATUS_MEMORY: .outOfMemory(.png, detail: detail)
        default: .corrupt(.png, detail: detail)
        }
    }
}
