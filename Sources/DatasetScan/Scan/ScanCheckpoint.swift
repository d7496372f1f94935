import Foundation

/// How far a scan has got, written atomically (temporary file, fsync, rename) after the
/// outputs it names are flushed. Together with the append-only outputs it makes a scan
/// resumable after a kill: the first ``itemsDone`` items of the shard's stream are in the
/// outputs, up to ``committed`` bytes of each file, and nothing after those bytes counts.
public struct ScanCheckpoint: Codable, Equatable, Sendable {
    /// Format version of this file.
    public var version = 1
    /// The inputs, in order; a resume must name the same ones.
    public var sources: [DatasetSource]
    public var shard: ShardSpec
    /// The settings that change results (limits, checks); a resume must use the same.
    public var settings: String
    /// Items of the shard's stream written to the outputs.
    public var itemsDone: Int
    /// Committed length of each output file, by file name.
    public var committed: [String: Int]
    /// Whether the whole shard has been scanned.
    public var finished: Bool

    public static let fileName = "checkpoint.json"

    /// Reads the checkpoint in `directory`, if any.
    static func load(from directory: String) throws(DatasetScanError) -> ScanCheckpoint? {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(ScanCheckpoint.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .outputMismatch(path: path, reason: "checkpoint cannot be read: \(error)")
        }
    }

    /// Writes the checkpoint atomically.
    func save(to directory: String) throws(DatasetScanError) {
        let path = directory + "/" + Self.fileName
        let temporary = path + ".tmp"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw .io(path: path, reason: "cannot encode checkpoint: \(error)")
        }
        let file = try AppendOnlyFile(path: temporary, truncatingTo: 0)
        try file.append(Array(data))
        try file.sync()
        guard rename(temporary, path) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}
