import BulwarkCore

/// Splits a stream of bytes, fed in chunks, into records (lines), keeping each record's
/// starting line number. With `quoted` set, a line break inside a double-quoted field does
/// not end the record (CSV). Memory stays bounded: a record longer than `maxRecordBytes`
/// is an error. The scanner does no I/O; the caller feeds it.
struct RecordScanner {
    /// One record: its bytes without the line break, and the line it starts on.
    struct Record {
        var line: Int
        var bytes: ArraySlice<UInt8>
    }

    let quoted: Bool
    let maxRecordBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var inQuotes = false
    private var nextLine = 1
    private var linesInRecord = 0

    init(quoted: Bool, maxRecordBytes: Int) {
        self.quoted = quoted
        self.maxRecordBytes = maxRecordBytes
    }

    /// Adds bytes read from the input.
    mutating func feed(_ chunk: some Collection<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: chunk)
    }

    /// The next complete record, or `nil` if more input is needed. With `atEnd`, the
    /// remaining bytes form the last record.
    mutating func next(atEnd: Bool) throws(BulwarkError) -> Record? {
        while scanned < buffer.count {
            let byte = buffer[scanned]
            if quoted && byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: "\n") {
                if !inQuotes {
                    var end = scanned
                    if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    let record = Record(line: nextLine, bytes: buffer[start..<end])
                    nextLine += linesInRecord + 1
                    linesInRecord = 0
                    scanned += 1
                    start = scanned
                    return record
                }
                linesInRecord += 1
            }
            scanned += 1
            if scanned - start > maxRecordBytes {
                throw .limitExceeded(
                    what: "record starting at line \(nextLine)", limit: "\(maxRecordBytes) bytes",
                    actual: "more than \(maxRecordBytes) bytes")
            }
        }
        guard atEnd, start < buffer.count else { return nil }
        if inQuotes {
            throw .invalidInput(what: "input", where: "line \(nextLine)", reason: "a quoted field is not closed before the end of the file")
        }
        var end = buffer.count
        if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let record = Record(line: nextLine, bytes: buffer[start..<end])
        nextLine += linesInRecord + 1
        start = buffer.count
        scanned = buffer.count
        return record
    }
}
