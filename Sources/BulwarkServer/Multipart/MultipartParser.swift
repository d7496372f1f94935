/// An incremental `multipart/form-data` parser (RFC 7578 over RFC 2046): bytes go in as they
/// arrive from the network, parts come out as a header block followed by data pieces.
///
/// Memory stays bounded whatever the size of a part: at most one chunk plus the delimiter's
/// length is held, and header blocks are capped at ``maxHeaderBytes``.
struct MultipartParser {
    /// What the parser found in the bytes fed so far.
    enum Event: Equatable {
        /// A part starts; its headers.
        case partBegin(MultipartPartHeaders)
        /// The next bytes of the current part's body.
        case data([UInt8])
        /// The current part's body is complete.
        case partEnd
    }

    private enum State { case preamble, boundaryLine, headers, body, done }

    /// Largest header block of one part.
    static let maxHeaderBytes = 16 * 1024
    /// Largest preamble (bytes before the first boundary) accepted.
    static let maxPreambleBytes = 64 * 1024

    /// `CRLF--boundary`: what ends every part. The stream is read as if it began with CRLF,
    /// so the first boundary (which has no CRLF before it) is found the same way.
    private let delimiter: [UInt8]
    private var buffer: [UInt8] = [13, 10]
    private var state = State.preamble
    private var preambleBytes = 0
    /// Body bytes already dropped from the buffer; starts at -2 for the CRLF put in front.
    private var consumed = -2

    /// A parser for the given boundary (from the Content-Type header).
    init(boundary: String) {
        delimiter = [13, 10, 45, 45] + Array(boundary.utf8)
    }

    /// Whether the closing boundary has been read.
    var isComplete: Bool { state == .done }

    /// Parses the next bytes of the body.
    /// - Throws: ``MultipartError`` when the body is not well-formed multipart.
    mutating func feed(_ bytes: some Collection<UInt8>) throws(MultipartError) -> [Event] {
        guard state != .done else { return [] }
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        var start = 0
        defer {
            consumed += start
            buffer.removeFirst(start)
        }
        while true {
            switch state {
            case .preamble:
                if let found = find(delimiter, from: start) {
                    preambleBytes += found - start
                    start = found + delimiter.count
                    state = .boundaryLine
                } else {
                    let keep = max(start, buffer.count - delimiter.count + 1)
                    preambleBytes += keep - start
                    start = keep
                    guard preambleBytes <= Self.maxPreambleBytes else {
                        throw MultipartError("no boundary line in the first \(Self.maxPreambleBytes) bytes of the body (is the boundary in Content-Type right?)", at: consumed + start)
                    }
                    return events
                }
            case .boundaryLine:
                // After a boundary: `--` closes the body; otherwise optional blanks and CRLF.
                guard buffer.count - start >= 2 else { return events }
                if buffer[start] == 45, buffer[start + 1] == 45 {
                    state = .done
                    start = buffer.count
                    return events
                }
                var cursor = start
                while cursor < buffer.count, buffer[cursor] == 32 || buffer[cursor] == 9 { cursor += 1 }
                guard buffer.count - cursor >= 2 else {
                    guard cursor - start <= 64 else { throw MultipartError("boundary line too long", at: consumed + start) }
                    return events
                }
                guard buffer[cursor] == 13, buffer[cursor + 1] == 10 else {
                    throw MultipartError("a boundary must be followed by CRLF or --", at: consumed + cursor)
                }
                start = cursor + 2
                state = .headers
            case .headers:
                let end: Int
                let next: Int
                if buffer.count - start >= 2, buffer[start] == 13, buffer[start + 1] == 10 {
                    (end, next) = (start, start + 2) // no headers at all
                } else if let found = find([13, 10, 13, 10], from: start) {
                    (end, next) = (found, found + 4)
                } else {
                    guard buffer.count - start <= Self.maxHeaderBytes else {
                        throw MultipartError("a part's headers are longer than \(Self.maxHeaderBytes) bytes", at: consumed + start)
                    }
                    return events
                }
                guard end - start <= Self.maxHeaderBytes else {
                    throw MultipartError("a part's headers are longer than \(Self.maxHeaderBytes) bytes", at: consumed + start)
                }
                events.append(.partBegin(try MultipartPartHeaders(parsing: buffer[start..<end], at: consumed + start)))
                start = next
                state = .body
            case .body:
                if let found = find(delimiter, from: start) {
                    if found > start { events.append(.data(Array(buffer[start..<found]))) }
                    events.append(.partEnd)
                    start = found + delimiter.count
                    state = .boundaryLine
                } else {
                    let safe = max(start, buffer.count - delimiter.count + 1)
                    if safe > start { events.append(.data(Array(buffer[start..<safe]))) }
                    start = safe
                    return events
                }
            case .done:
                return events
            }
        }
    }

    /// Checks that the body ended with the closing boundary.
    func finish() throws(MultipartError) {
        guard state == .done else {
            throw MultipartError("the body ends before the closing boundary (--boundary--)", at: consumed + buffer.count - 2)
        }
    }

    /// The first index at or after `start` where `pattern` begins in the buffer.
    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, buffer.count - start >= pattern.count else { return nil }
        var index = start
        let last = buffer.count - pattern.count
        while index <= last {
            guard let candidate = buffer[index...last].firstIndex(of: first) else { return nil }
            if buffer[candidate..<(candidate + pattern.count)].elementsEqual(pattern) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
