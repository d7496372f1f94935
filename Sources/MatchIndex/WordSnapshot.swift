/// A checksummed file of 64-bit words, for state that travels beside an index snapshot (the
/// match service's catalogue of banks and entries). Written atomically like
/// ``PDQIndexSnapshot``; reading checks the magic, the length and the checksum, so a
/// truncated or edited file is an error, never wrong data.
///
/// Layout: magic (UInt64), word count (UInt64), the words, checksum (``Checksum64``) of
/// everything before it.
public enum WordSnapshot {
    /// Writes `words` under `magic` to the file at `path` (temporary file, fsync, rename).
    public static func write(_ words: [UInt64], magic: UInt64, to path: String) throws(SnapshotError) {
        let file = try SnapshotFileWriter(path: path)
        var writer = ChecksummedWriter(sink: file)
        try writer.write(words64: [magic, UInt64(words.count)])
        try writer.write(words64: words)
        try writer.write(words64: [writer.checksum.value])
        try file.commit()
    }

    /// The words of the file at `path`, which must carry `magic` and at most `maxWords` words.
    public static func read(from path: String, magic: UInt64, maxWords: Int) throws(SnapshotError) -> [UInt64] {
        var reader = ChecksummedReader(source: try SnapshotFileReader(path: path))
        let header = try reader.read(words64: 2, section: "header")
        guard header[0] == magic else { throw SnapshotError.notASnapshot(found: PDQIndexSnapshot.hexPrefix(header[0])) }
        guard header[1] <= UInt64(maxWords) else {
            throw SnapshotError.invalid(field: "word count", offset: 8, reason: "\(header[1]) words, at most \(maxWords) expected")
        }
        let words = try reader.read(words64: Int(header[1]), section: "words")
        let computed = reader.checksum.value
        let stored = try reader.read(words64: 1, section: "checksum")[0]
        guard stored == computed else { throw SnapshotError.checksumMismatch(stored: stored, computed: computed) }
        if try reader.hasMoreBytes() { throw SnapshotError.trailingBytes(offset: reader.offset) }
        return words
    }
}
