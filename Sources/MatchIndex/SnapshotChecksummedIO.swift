/// Writes to a sink while checksumming, in whole 64-bit words.
struct ChecksummedWriter<Sink: SnapshotByteSink> {
    var sink: Sink
    var checksum = Checksum64()

    init(sink: Sink) { self.sink = sink }

    /// Writes raw bytes; the count must be a multiple of 8.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        checksum.update(bytes)
        try sink.write(bytes)
    }

    mutating func write(words64 words: [UInt64]) throws(SnapshotError) {
        try asSnapshotError { try words.withUnsafeBytes { bytes in try write(bytes) } }
    }

    /// Writes 32-bit words, padded with a zero word to a multiple of 8 bytes.
    mutating func write(words32 words: [UInt32]) throws(SnapshotError) {
        let padded = words.count % 2 == 0 ? words : words + [0]
        try asSnapshotError { try padded.withUnsafeBytes { bytes in try write(bytes) } }
    }
}

/// Reads from a source while checksumming and counting the offset, turning a short read
/// into ``SnapshotError/truncated(section:offset:needed:)``.
struct ChecksummedReader<Source: SnapshotByteSource> {
    var source: Source
    var checksum = Checksum64()
    private(set) var offset = 0

    init(source: Source) { self.source = source }

    /// Fills `buffer` (a multiple of 8 bytes) completely, in pieces of at most 64 MiB.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer, section: String) throws(SnapshotError) {
        var done = 0
        while done < buffer.count {
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[done..<min(buffer.count, done + (1 << 26))])
            let got = try source.read(into: piece)
            if got < piece.count {
                throw SnapshotError.truncated(section: section, offset: offset + done + got, needed: buffer.count - done - got)
            }
            checksum.update(UnsafeRawBufferPointer(piece))
            done += got
        }
        offset += buffer.count
    }

    mutating func read(words64 count: Int, section: String) throws(SnapshotError) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: count)
        try asSnapshotError { try words.withUnsafeMutableBytes { bytes in try read(into: bytes, section: section) } }
        return words
    }

    /// Reads `count` 32-bit words and the padding that follows an odd count.
    mutating func read(words32 count: Int, section: String) throws(SnapshotError) -> [UInt32] {
        var words = [UInt32](repeating: 0, count: count + count % 2)
        try asSnapshotError { try words.withUnsafeMutableBytes { bytes in try read(into: bytes, section: section) } }
        return Array(words.prefix(count))
    }

    /// Whether the source has any byte left (reads one if so).
    mutating func hasMoreBytes() throws(SnapshotError) -> Bool {
        var byte: UInt8 = 0
        return try asSnapshotError { try withUnsafeMutableBytes(of: &byte) { buffer in try source.read(into: buffer) } } > 0
    }
}

/// Runs `body`, whose only throwing calls throw ``SnapshotError`` (the standard
/// library's buffer helpers rethrow untyped), and passes that error on typed.
func asSnapshotError<T>(_ body: () throws -> T) throws(SnapshotError) -> T {
    do {
        return try body()
    } catch let error as SnapshotError {
        throw error
    } catch {
        throw SnapshotError.invalid(field: "stream", offset: 0, reason: "unexpected error \(error)")
    }
}
