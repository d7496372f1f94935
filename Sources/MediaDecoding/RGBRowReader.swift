import CImageShims

/// An image decoded top to bottom a few rows at a time, so that a consumer that only needs
/// each row once (a PDQ hash) never holds the whole RGB plane: less memory and the rows stay
/// in cache. The rows are the same bytes ``ImageDecoder/decode(_:)`` gives.
///
/// Get one from ``ImageDecoder/rowReader(_:)``. The bytes it was made from must stay valid
/// until the reader is released. Not thread-safe.
public final class RGBRowReader {
    /// The container format.
    public let format: ImageFormat
    /// Image width in pixels.
    public let width: Int
    /// Image height in pixels.
    public let height: Int
    /// The colour model stored in the file.
    public let colorModel: ColorModel
    /// Rows decoded so far.
    public private(set) var rowsRead = 0
    private var decoder: OpaquePointer?

    init(jpeg started: JPEGImageDecoder.Started) {
        format = .jpeg
        width = started.width
        height = started.height
        colorModel = started.colorModel
        decoder = started.decoder
    }

    /// Decodes the next `count` rows into `buffer` (`count * width * 3` bytes at least).
    /// After an error the reader is finished and every further read fails.
    public func read(rows count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(DecodingError) {
        guard let decoder else { throw .corrupt(format, detail: "rows read after the decoder stopped") }
        guard count >= 0, count <= height - rowsRead,
              buffer.count / 3 / width >= count, let base = buffer.baseAddress else {
            throw .corrupt(format, detail: "\(count) rows requested at row \(rowsRead) of \(height) into \(buffer.count) bytes")
        }
        let status = bw_jpeg_read_rgb_rows(decoder, base, width * 3, UInt32(count))
        if let error = JPEGImageDecoder.error(status, decoder, stage: "scan data") {
            release()
            throw error
        }
        rowsRead += count
        if rowsRead == height { release() }
    }

    private func release() {
        guard let decoder else { return }
        bw_jpeg_finish(decoder)
        bw_jpeg_decoder_destroy(decoder)
        self.decoder = nil
    }

    deinit { release() }
}

extension ImageDecoder {
    /// A row-by-row reader for `bytes` when their format decodes incrementally (JPEG),
    /// after the same checks as ``decode(_:)`` (size, format, pixel cap); `nil` for other
    /// formats, which ``decode(_:)`` handles whole. `bytes` must outlive the reader.
    public func rowReader(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> RGBRowReader? {
        guard try checkedFormat(bytes) == .jpeg else { return nil }
        return RGBRowReader(jpeg: try JPEGImageDecoder(limits: limits).start(bytes))
    }
}
