/// Splits a ``ByteSource`` into lines (terminator included), reading in chunks, with a cap on
/// line length: an overlong line is returned as ``Line/overlong`` (its bytes dropped) so one
/// bad row does not stop a manifest.
struct LineReader<Source: ByteSource> {
    enum Line {
        /// A line's bytes including its `\n` (absent on a last line without one).
        case text([UInt8], number: Int, offset: Int)
        /// A line over the cap, skipped.
        case overlong(length: Int, number: Int, offset: Int)
    }

    private var source: Source
    private let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Bytes consumed (returned or skipped) so far.
    private(set) var offset = 0
    private var lineNumber = 0

    init(_ source: Source, maxLineBytes: Int) {
        self.source = source
        self.maxLineBytes = maxLineBytes
    }

    mutating func next() throws(DatasetScanError) -> Line? {
        var overlong = 0
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let length = newline + 1 - start
                defer { start = newline + 1 }
                return emit(length: length, overlong: &overlong)
            }
            if atEnd {
                guard start < buffer.count || overlong > 0 else { return nil }
                let length = buffer.count - start
                defer { start = buffer.count }
                return emit(length: length, overlong: &overlong)
            }
            // Keep at most the cap in memory: past it, drop bytes and count them.
            if buffer.count - start > maxLineBytes {
                overlong += buffer.count - start
                start = buffer.count
            }
            buffer.removeSubrange(0..<start)
            start = 0
            let chunk = 64 << 10
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let got = try source.read(into: &buffer, from: old, fully: false)
            buffer.removeLast(chunk - got)
            if got == 0 { atEnd = true }
        }
    }

    private mutating func emit(length: Int, overlong: inout Int) -> Line {
        lineNumber += 1
        let lineOffset = offset
        offset += overlong + length
        if overlong > 0 || length > maxLineBytes {
            return .overlong(length: overlong + length, number: lineNumber, offset: lineOffset)
        }
        return .text(Array(buffer[start..<(start + length)]), number: lineNumber, offset: lineOffset)
    }
}
