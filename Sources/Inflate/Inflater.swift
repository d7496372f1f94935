import CZlib

/// Inflates DEFLATE data (zlib-wrapped, raw as zip stores it, or gzip) with a hard cap on
/// the output, so a small compressed input cannot expand into gigabytes (a decompression bomb).
///
/// Input may arrive in pieces (``feed(_:)``), so a large compressed entry is read from disk
/// in bounded chunks; ``finish()`` checks that the stream really ended.
public final class Inflater {
    /// How the DEFLATE data is wrapped.
    public enum Format: Sendable {
        /// RFC 1950 (PNG zTXt/iTXt, most libraries).
        case zlib
        /// RFC 1951 with no wrapper (zip entries with method 8).
        case raw
        /// RFC 1952 (`.gz` files).
        case gzip

        var windowBits: Int32 {
            switch self {
            case .zlib: 15
            case .raw: -15
            case .gzip: 31
            }
        }
    }

    /// The most bytes the output may reach.
    public let maxOutput: Int
    /// The bytes inflated so far.
    public private(set) var output: [UInt8] = []
    /// Whether the end of the compressed stream has been seen.
    public private(set) var ended = false

    /// zlib keeps a pointer back to its stream, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private var consumed = 0

    /// Starts an inflater for `format` whose output may not pass `maxOutput` bytes.
    public init(format: Format, maxOutput: Int) throws(InflateError) {
        self.maxOutput = maxOutput
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, format.windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw InflateError(.malformed, at: 0, "zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates the next piece of compressed input. Bytes after the end of the stream are ignored.
    /// - Throws: ``InflateError`` when the data is corrupt or the output would pass ``maxOutput``.
    public func feed(_ input: some Collection<UInt8>) throws(InflateError) {
        guard !ended, !input.isEmpty else { return }
        let bytes = Array(input)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var failure: InflateError?
        bytes.withUnsafeBufferPointer { inBuffer in
            var offset = 0
            while offset < inBuffer.count || stream.pointee.avail_out == 0 {
                let piece = min(inBuffer.count - offset, Int(UInt32.max))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress.map { $0 + offset })
                stream.pointee.avail_in = UInt32(piece)
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { outBuffer -> (Int32, Int) in
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outBuffer.count)
                    let status = CZlib.inflate(stream, Z_NO_FLUSH)
                    return (status, outBuffer.count - Int(stream.pointee.avail_out))
                }
                let used = piece - Int(stream.pointee.avail_in)
                offset += used
                consumed += used
                if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                    failure = InflateError(.malformed, at: consumed, "corrupt compressed stream (zlib status \(status))")
                    return
                }
                if output.count + produced > maxOutput {
                    failure = InflateError(.limitExceeded, at: consumed, "inflates to more than \(maxOutput) bytes")
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END {
                    ended = true
                    return
                }
                // No progress either way: zlib needs more input than this piece holds.
                if used == 0 && produced == 0 { return }
            }
        }
        if let failure { throw failure }
    }

    /// The inflated bytes, once the whole stream has been fed.
    /// - Throws: ``InflateError`` `.truncated` when the compressed stream has not ended.
    public func finish() throws(InflateError) -> [UInt8] {
        guard ended else { throw InflateError(.truncated, at: consumed, "compressed stream ends early") }
        return output
    }

    /// Inflates the whole of `input` at once.
    public static func inflate(_ input: some Collection<UInt8>, format: Format, maxOutput: Int) throws(InflateError) -> [UInt8] {
        let inflater = try Inflater(format: format, maxOutput: maxOutput)
        try inflater.feed(input)
        return try inflater.finish()
    }
}
