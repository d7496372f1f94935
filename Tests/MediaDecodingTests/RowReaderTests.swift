import MediaDecoding
import Testing

/// The row-by-row JPEG reader must hand out exactly the bytes the whole-image decoder gives,
/// in any batch sizes, and fail the way it fails.
@Suite struct RowReaderTests {
    /// Reads every row of `bytes` in batches cycling through `batches`.
    private func readAll(_ bytes: [UInt8], batches: [Int]) throws -> (reader: RGBRowReader, rows: [UInt8])? {
        try bytes.withUnsafeBytes { raw in
            guard let reader = try ImageDecoder().rowReader(raw) else { return nil }
            var pixels = [UInt8](repeating: 0, count: reader.width * reader.height * 3)
            var next = 0
            while reader.rowsRead < reader.height {
                let count = min(batches[next % batches.count], reader.height - reader.rowsRead)
                next += 1
                let offset = reader.rowsRead * reader.width * 3
                try pixels.withUnsafeMutableBufferPointer { buffer in
                    try reader.read(rows: count, into: UnsafeMutableBufferPointer(rebasing: buffer[offset...]))
                }
            }
            return (reader, pixels)
        }
    }

    @Test("every oracle JPEG: rows in batches of 1, 3, 8 and 16 equal the whole decode")
    func rowsEqualTheWholeDecode() throws {
        guard let set = try OracleImages.load() else { return }
        let jpegs = set.images.filter { $0.format == "jpeg" }
        #expect(jpegs.count >= 4, "expected baseline, progressive, grey and CMYK JPEGs from the oracle")
        for image in jpegs {
            let bytes = try set.bytes(of: image.file)
            let whole = try ImageDecoder().decode(bytes)
            for batches in [[1], [3], [8], [16, 5]] {
                let streamed = try #require(try readAll(bytes, batches: batches), "\(image.file)")
                #expect(streamed.reader.width == whole.width && streamed.reader.height == whole.height, "\(image.file)")
                #expect(streamed.reader.colorModel == whole.colorModel, "\(image.file)")
                #expect(streamed.rows == whole.image.pixels, "\(image.file) in batches \(batches)")
            }
        }
    }

    @Test("formats that do not stream give no reader")
    func otherFormatsGiveNil() throws {
        guard let set = try OracleImages.load() else { return }
        let png = try #require(set.images.first { $0.format == "png" })
        let bytes = try set.bytes(of: png.file)
        let reader = try bytes.withUnsafeBytes { try ImageDecoder().rowReader($0) }
        #expect(reader == nil)
    }

    @Test("a truncated JPEG fails while reading rows, as a truncated error, and stays failed")
    func truncatedJPEG() throws {
        guard let set = try OracleImages.load() else { return }
        let jpeg = try #require(set.images.first { $0.format == "jpeg" && $0.height >= 16 })
        let bytes = Array(try set.bytes(of: jpeg.file).prefix(upTo: try set.bytes(of: jpeg.file).count / 2))
        try bytes.withUnsafeBytes { raw in
            let reader = try #require(try ImageDecoder().rowReader(raw))
            var buffer = [UInt8](repeating: 0, count: reader.width * 3 * 8)
            var failure: DecodingError?
            while reader.rowsRead < reader.height, failure == nil {
                do throws(DecodingError) {
                    try buffer.withUnsafeMutableBufferPointer { rows throws(DecodingError) in
                        try reader.read(rows: min(8, reader.height - reader.rowsRead), into: rows)
                    }
                } catch {
                    failure = error
                }
            }
            guard case .truncated(.jpeg, _) = failure else {
                Issue.record("expected a truncated JPEG error, got \(String(describing: failure))")
                return
            }
            #expect(throws: DecodingError.self) {
                try buffer.withUnsafeMutableBufferPointer { try reader.read(rows: 1, into: $0) }
            }
        }
    }

    @Test("the pixel cap is checked before any row is read; over-long reads are refused")
    func limitsAndBadReads() throws {
        let huge = HugeHeader.bytes(format: .jpeg, width: 40000, height: 40000)
        #expect(throws: DecodingError.limitExceeded(.pixels, limit: 100_000_000, actual: 1_600_000_000)) {
            _ = try huge.withUnsafeBytes { try ImageDecoder().rowReader($0) }
        }
        guard let set = try OracleImages.load() else { return }
        let jpeg = try #require(set.images.first { $0.format == "jpeg" })
        let bytes = try set.bytes(of: jpeg.file)
        try bytes.withUnsafeBytes { raw in
            let reader = try #require(try ImageDecoder().rowReader(raw))
            var small = [UInt8](repeating: 0, count: reader.width * 3)
            #expect(throws: DecodingError.self) {
                try small.withUnsafeMutableBufferPointer { try reader.read(rows: 2, into: $0) }
            }
            #expect(throws: DecodingError.self) {
                try small.withUnsafeMutableBufferPointer { try reader.read(rows: reader.height + 1, into: $0) }
            }
        }
    }
}
