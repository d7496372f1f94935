import CZlib

/// zlib inflation with a hard cap on the output, so a small compressed text cannot expand
/// into gigabytes (a decompression bomb).
enum Inflate {
    /// The inflated bytes of the zlib stream `input`.
    /// - Throws: ``ProvenanceError`` `.limitExceeded` once the output would pass `maxOutput`,
    ///   `.malformed` or `.truncated` when the stream is damaged.
    static func zlib(_ input: ArraySlice<UInt8>, maxOutput: Int, context: String) throws(ProvenanceError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ProvenanceError(.malformed, context, at: nil, "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let input = Array(input)
        var status: Int32 = Z_OK
        var failure: ProvenanceError?
        input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = UInt32(clamping: inBuffer.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && produced > 0) {
                    failure = ProvenanceError(
                        status == Z_BUF_ERROR ? .truncated : .malformed, context, at: Int(stream.total_in),
                        status == Z_BUF_ERROR ? "compressed stream ends early" : "corrupt compressed stream (zlib status \(status))")
                    return
                }
                if output.count + produced > maxOutput {
                    failure = ProvenanceError(.limitExceeded, context, at: Int(stream.total_in),
                                              "inflates to more than \(maxOutput) bytes")
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                if produced == 0 && stream.avail_in == 0 && status != Z_STREAM_END {
                    failure = ProvenanceError(.truncated, context, at: Int(stream.total_in), "compressed stream ends early")
                    return
                }
            } while status != Z_STREAM_END
        }
        if let failure { throw failure }
        return output
    }
}
