import BulwarkCore
import CHeif

/// HEIC/HEIF and AVIF through libheif: the primary image, converted by libheif to 8-bit RGB
/// with alpha dropped. libheif applies the file's rotation/mirror properties, as pillow-heif does.
struct HEIFImageDecoder {
    let limits: DecodingLimits
    let format: ImageFormat

    /// libheif wants `heif_init` before use; it is reference counted and never undone here.
    private static let libraryReady: Bool = {
        heif_init(nil).code == heif_error_Ok
    }()

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        guard let base = bytes.baseAddress else { throw .empty }
        guard Self.libraryReady else { throw .unsupported(format, detail: "libheif failed to initialise") }
        guard let context = heif_context_alloc() else {
            throw .outOfMemory(format, detail: "cannot create a libheif context")
        }
        defer { heif_context_free(context) }
        heif_context_set_maximum_image_size_limit(context, Int32(clamping: limits.maxPixels))
        try check(heif_context_read_from_memory_without_copy(context, base, bytes.count, nil), stage: "container")

        var handle: OpaquePointer?
        try check(heif_context_get_primary_image_handle(context, &handle), stage: "primary image")
        guard let handle else { throw .corrupt(format, detail: "primary image: no handle") }
        defer { heif_image_handle_release(handle) }

        _ = try limits.checkedPixelCount(width: Int(heif_image_handle_get_width(handle)),
                                         height: Int(heif_image_handle_get_height(handle)), format: format)
        let hasAlpha = heif_image_handle_has_alpha_channel(handle) != 0
        let bitDepth = Int(heif_image_handle_get_luma_bits_per_pixel(handle))
        let topLevelImages = Int(heif_context_get_number_of_top_level_images(context))

        var decoded: OpaquePointer?
        try check(heif_decode_image(handle, &decoded, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nil),
                  stage: "image data")
        guard let decoded else { throw .corrupt(format, detail: "image data: nothing decoded") }
        defer { heif_image_release(decoded) }

        let width = Int(heif_image_get_width(decoded, heif_channel_interleaved))
        let height = Int(heif_image_get_height(decoded, heif_channel_interleaved))
        _ = try limits.checkedPixelCount(width: width, height: height, format: format)
        var stride: Int32 = 0
        guard let plane = heif_image_get_plane_readonly(decoded, heif_channel_interleaved, &stride),
              Int(stride) >= width * 3 else {
            throw .unsupported(format, detail: "libheif returned no interleaved 8-bit RGB plane")
        }
        let format = format
        let image = try RGBAllocation.image(width: width, height: height, format: format) { canvas in
            guard let out = canvas.baseAddress else { return .outOfMemory(format, detail: "empty output") }
            let rowBytes = width * 3
            for row in 0..<height {
                (out + row * rowBytes).update(from: plane + row * Int(stride), count: rowBytes)
            }
            return nil
        }
        return DecodedImage(image: image, format: format, bitDepth: bitDepth, colorModel: hasAlpha ? .rgba : .rgb,
                            hadAlpha: hasAlpha, frameCount: max(topLevelImages, 1))
    }

    private func check(_ error: heif_error, stage: String) throws(DecodingError) {
        guard error.code != heif_error_Ok else { return }
        let message = error.message.map { String(cString: $0) } ?? "libheif error \(error.code.rawValue)"
        let detail = "\(stage): \(message)"
        switch error.code {
        case heif_error_Invalid_input where error.subcode == heif_suberror_End_of_data:
            throw .truncated(format, detail: detail)
        case _ where error.subcode == heif_suberror_Security_limit_exceeded:
            // libheif refuses sizes beyond the limits set from DecodingLimits (or its own caps).
            throw .unsupported(format, detail: "\(stage): refused by libheif's size limits: \(message)")
        case heif_error_Unsupported_filetype, heif_error_Unsupported_feature:
            throw .unsupported(format, detail: detail)
        case heif_error_Memory_allocation_error:
            throw .outOfMemory(format, detail: detail)
        default:
            throw .corrupt(format, detail: detail)
        }
    }
}
