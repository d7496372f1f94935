import CImageShims

/// JPEG through libjpeg-turbo (ISLOW DCT, fancy upsampling: the same output as Pillow),
/// including progressive, greyscale and CMYK/YCCK (converted as Pillow converts Adobe CMYK).
struct JPEGImageDecoder {
    let limits: DecodingLimits

    /// A started libjpeg decoder and what the header said.
    struct Started {
        let decoder: OpaquePointer
        let width: Int
        let height: Int
        let components: Int32
        let bitsPerSample: Int

        var colorModel: ColorModel {
            switch components {
            case 1: .grey
            case 4: .cmyk
            default: .rgb
            }
        }
    }

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        let started = try start(bytes)
        defer { bw_jpeg_decoder_destroy(started.decoder) }
        let image = try RGBAllocation.image(width: started.width, height: started.height, format: .jpeg) { buffer in
            let status = bw_jpeg_read_rgb_rows(started.decoder, buffer.baseAddress, started.width * 3, UInt32(started.height))
            bw_jpeg_finish(started.decoder)
            return Self.error(status, started.decoder, stage: "scan data")
        }
        return DecodedImage(image: image, format: .jpeg, bitDepth: started.bitsPerSample,
                            colorModel: started.colorModel, hadAlpha: false, frameCount: 1)
    }

    /// Reads the header, checks the limits and starts decompression; the caller reads rows
    /// and destroys the decoder. `bytes` must outlive the decoder.
    func start(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> Started {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .empty }
        guard let decoder = bw_jpeg_decoder_create(base, bytes.count) else {
            throw .outOfMemory(.jpeg, detail: "cannot create a libjpeg decoder")
        }
        var header = bw_jpeg_header()
        if let error = Self.error(bw_jpeg_read_header(decoder, &header), decoder, stage: "header") {
            bw_jpeg_decoder_destroy(decoder)
            throw error
        }
        let width = Int(header.width), height = Int(header.height)
        let pixelCount: Int
        do {
            pixelCount = try limits.checkedPixelCount(width: width, height: height, format: .jpeg)
        } catch {
            bw_jpeg_decoder_destroy(decoder)
            throw error
        }
        // Working memory: a progressive file keeps every coefficient (2 bytes x components per pixel).
        let components = max(Int(header.components), 1)
        let workingMemory = pixelCount.multipliedReportingOverflow(by: 2 * components)
        let memoryCap = workingMemory.overflow ? Int.max : workingMemory.partialValue + 64 << 20
        let scans = Int32(clamping: limits.maxJPEGScans)
        if let error = Self.error(bw_jpeg_start_rgb(decoder, memoryCap, scans), decoder, stage: "scan data") {
            bw_jpeg_decoder_destroy(decoder)
            throw error
        }
        return Started(decoder: decoder, width: width, height: height, components: header.components,
                       bitsPerSample: Int(header.bits_per_sample))
    }

    static func error(_ status: bw_status, _ decoder: OpaquePointer, stage: String) -> DecodingError? {
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
