/// The on-disk image of a ``PDQIndex``, so a restart is ready in seconds instead of
/// rebuilding from the store.
///
/// Format version 2 (version 1, which had only compact segments, is still read), all integers in the writer's byte order (checked by a marker), every
/// section a multiple of 8 bytes:
///
/// | bytes | content |
/// |---|---|
/// | 64 | header: magic `BWPDQIX1`, version (UInt32), byte-order marker 0x0A0B0C0D (UInt32), caller's version (UInt64), segment count (UInt32), delta count (UInt32), live entries (UInt64), 24 zero bytes |
/// | per segment | 32-byte header: hashes (UInt64), bucket bits (UInt32), deleted slots (UInt32), block bytes (UInt64), layout kind (UInt64: 0 compact, 1 wide, ``PDQSegmentKind``); the block (``PDQSegmentLayout`` or ``PDQWideSegment/Layout``); deleted slots (UInt32 each), zero-padded to 8 bytes |
/// | delta | hashes (4 x UInt64 each), then entry ids (UInt32 each), zero-padded to 8 bytes |
/// | 16 | checksum (``Checksum64``) of everything before it, then `BWPDQEND` |
///
/// Reading checks the checksum and every structural invariant a search relies on
/// (directories ascending and ending at the count, slots in range), so a corrupt or
/// hostile file is an error, never a crash.
public enum PDQIndexSnapshot {
    static let magic: UInt64 = 0x3158_4951_4450_5742  // "BWPDQIX1" little-endian
    static let endMagic: UInt64 = 0x444E_4551_4450_5742  // "BWPDQEND"
    static let version: UInt32 = 2
    static let byteOrderMarker: UInt32 = 0x0A0B_0C0D
    /// More segments than this means a corrupt header (an index has O(log n)).
    static let maxSegments = 256

    // MARK: Writing

    /// Writes `index` (as it is at the moment of the call) to `sink`. `version` is stored
    /// for the caller, e.g. the store's change counter the snapshot reflects.
    public static func write(_ index: PDQIndex, version userVersion: UInt64, to sink: inout some SnapshotByteSink) throws(SnapshotError) {
        let state = index.state
        var writer = ChecksummedWriter(sink: sink)
        try writer.write(words64: [
            magic,
            UInt64(Self.version) | UInt64(byteOrderMarker) << 32,
            userVersion,
            UInt64(state.parts.count) | UInt64(state.delta.count) << 32,
            UInt64(state.count), 0, 0, 0,
        ])
        for part in state.parts {
            let segment = part.segment
            try writer.write(words64: [
                UInt64(segment.count),
                UInt64(segment.bucketBits) | UInt64(part.deleted.count) << 32,
                UInt64(segment.byteCount), UInt64(segment.kind.rawValue),
            ])
            try writer.write(part.segment.bytes)
            try writer.write(words32: part.deleted.sorted())
        }
        try writer.write(words64: state.delta.hashes.flatMap { [$0.w0, $0.w1, $0.w2, $0.w3] })
        try writer.write(words32: state.delta.ids)
        let checksum = writer.checksum.value
        try writer.write(words64: [checksum, endMagic])
        sink = writer.sink
    }

    /// Writes `index` to the file at `path` atomically (temporary file, fsync, rename).
    public static func write(_ index: PDQIndex, version: UInt64, to path: String) throws(SnapshotError) {
        var file = try SnapshotFileWriter(path: path)
        try write(index, version: version, to: &file)
        try file.commit()
    }

    // MARK: Reading

    /// Reads an index and the caller's version from `source`.
    public static func read(from source: inout some SnapshotByteSource) throws(SnapshotError) -> (index: PDQIndex, version: UInt64) {
        var reader = ChecksummedReader(source: source)
        let header = try reader.read(words64: 8, section: "header")
        guard header[0] == magic else {
            throw SnapshotError.notASnapshot(found: hexPrefix(header[0]))
        }
        let formatVersion = UInt32(truncatingIfNeeded: header[1])
        let marker = UInt32(truncatingIfNeeded: header[1] >> 32)
        if marker == byteOrderMarker.byteSwapped { throw SnapshotError.wrongByteOrder }
        guard marker == byteOrderMarker else {
            throw SnapshotError.invalid(field: "byte-order marker", offset: 12, reason: "0x\(String(marker, radix: 16))")
        }
        guard formatVersion == version || formatVersion == 1 else { throw SnapshotError.unsupportedVersion(formatVersion) }
        let userVersion = header[2]
        let segmentCount = Int(UInt32(truncatingIfNeeded: header[3]))
        let deltaCount = Int(UInt32(truncatingIfNeeded: header[3] >> 32))
        guard segmentCount <= maxSegments else {
            throw SnapshotError.invalid(field: "segment count", offset: 24, reason: "\(segmentCount) > \(maxSegments)")
        }
        guard deltaCount < PDQIndex.deltaLimit else {
            throw SnapshotError.invalid(field: "delta count", offset: 28, reason: "\(deltaCount) >= \(PDQIndex.deltaLimit)")
        }
        let liveCount = header[4]

        var state = PDQIndex.State()
        var total = 0
        for number in 0..<segmentCount {
            let section = "segment \(number)"
            let offset = reader.offset
            let fields = try reader.read(words64: 4, section: section + " header")
            guard fields[0] <= UInt64(PDQSegmentLayout.maxCount), fields[0] > 0 else {
                throw SnapshotError.invalid(field: section + " hash count", offset: offset, reason: "\(fields[0])")
            }
            let count = Int(fields[0])
            let bucketBits = Int(UInt32(truncatingIfNeeded: fields[1]))
            let deletedCount = Int(UInt32(truncatingIfNeeded: fields[1] >> 32))
            guard let kind = PDQSegmentKind(rawValue: UInt32(truncatingIfNeeded: fields[3])), fields[3] >> 32 == 0,
                  formatVersion > 1 || kind == .compact else {
                throw SnapshotError.invalid(field: section + " layout kind", offset: offset + 24, reason: "\(fields[3])")
            }
            let segment: any PDQIndexSegment
            let storage: UnsafeMutableRawPointer
            let byteCount: Int
            switch kind {
            case .compact:
                guard let layout = PDQSegmentLayout(count: count, bucketBits: bucketBits) else {
                    throw SnapshotError.invalid(field: section + " bucket bits", offset: offset + 8, reason: "\(bucketBits)")
                }
                let compact = PDQSegment(uninitialised: layout)
                (segment, storage, byteCount) = (compact, compact.storage, layout.byteCount)
            case .wide:
                guard bucketBits == PDQWideSegment.keyBits, let layout = PDQWideSegment.Layout(count: count) else {
                    throw SnapshotError.invalid(field: section + " bucket bits", offset: offset + 8, reason: "\(bucketBits)")
                }
                let wide = PDQWideSegment(uninitialised: layout)
                (segment, storage, byteCount) = (wide, wide.storage, layout.byteCount)
            }
            guard fields[2] == UInt64(byteCount) else {
                throw SnapshotError.invalid(field: section + " block size", offset: offset + 16,
                                            reason: "\(fields[2]) bytes, layout needs \(byteCount)")
            }
            guard deletedCount < count else {
                throw SnapshotError.invalid(field: section + " deleted count", offset: offset + 8, reason: "\(deletedCount) of \(count)")
            }
            let blockOffset = reader.offset
            try reader.read(into: UnsafeMutableRawBufferPointer(start: storage, count: byteCount), section: section)
            if let problem = segment.structuralProblem() {
                throw SnapshotError.invalid(field: section, offset: blockOffset, reason: problem)
            }
            let deletedOffset = reader.offset
            let deleted = try reader.read(words32: deletedCount, section: section + " deleted slots")
            var deletedSet = Set<UInt32>(minimumCapacity: deletedCount)
            for slot in deleted where slot >= UInt32(count) || !deletedSet.insert(slot).inserted {
                throw SnapshotError.invalid(field: section + " deleted slot", offset: deletedOffset, reason: "\(slot) repeated or not below \(count)")
            }
            state.parts.append(PDQIndex.Part(segment: segment, deleted: deletedSet))
            total += count - deletedCount
        }
        let deltaWords = try reader.read(words64: deltaCount * 4, section: "delta hashes")
        let deltaIDs = try reader.read(words32: deltaCount, section: "delta ids")
        state.delta = PDQDelta(
            hashes: (0..<deltaCount).map { Hash256(deltaWords[$0 * 4], deltaWords[$0 * 4 + 1], deltaWords[$0 * 4 + 2], deltaWords[$0 * 4 + 3]) },
            ids: deltaIDs)
        total += deltaCount
        guard UInt64(total) == liveCount else {
            throw SnapshotError.invalid(field: "live entry count", offset: 32, reason: "header says \(liveCount), sections hold \(total)")
        }
        let computed = reader.checksum.value
        let trailerOffset = reader.offset
        let trailer = try reader.read(words64: 2, section: "trailer")
        guard trailer[1] == endMagic else {
            throw SnapshotError.invalid(field: "end marker", offset: trailerOffset + 8, reason: hexPrefix(trailer[1]))
        }
        guard trailer[0] == computed else { throw SnapshotError.checksumMismatch(stored: trailer[0], computed: computed) }
        if try reader.hasMoreBytes() { throw SnapshotError.trailingBytes(offset: reader.offset) }
        source = reader.source
        return (PDQIndex(state: state), userVersion)
    }

    /// Reads an index and the caller's version from the file at `path`.
    public static func read(from path: String) throws(SnapshotError) -> (index: PDQIndex, version: UInt64) {
        var file = try SnapshotFileReader(path: path)
        return try read(from: &file)
    }

    static func hexPrefix(_ word: UInt64) -> String {
        withUnsafeBytes(of: word.littleEndian) { bytes in bytes.map { String($0, radix: 16) }.joined(separator: " ") }
    }
}
