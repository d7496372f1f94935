import Foundation

/// Joins the outputs of `--shard K/N` scans into one: the records and keep-lists
/// concatenated in shard order (one CSV header), and every report derived again from the
/// joined records — the same totals one process scanning everything would give.
public enum DatasetMerge {
    /// Merges the finished shard scans in `directories` into `output`. Every shard `0..<N`
    /// must be present exactly once, finished, and from the same inputs and settings.
    @discardableResult
    public static func merge(_ directories: [String], into output: String) throws(DatasetScanError) -> ScanSummary {
        guard !directories.isEmpty else { throw .unsupportedInput(path: "merge", reason: "no scan directories given") }
        var parts: [(directory: String, checkpoint: ScanCheckpoint)] = []
        for directory in directories {
            guard let checkpoint = try ScanCheckpoint.load(from: directory) else {
                throw .outputMismatch(path: directory, reason: "has no \(ScanCheckpoint.fileName); not a scan output directory")
            }
            guard checkpoint.finished else {
                throw .outputMismatch(path: directory, reason: "scan of shard \(checkpoint.shard) is not finished (\(checkpoint.itemsDone) items so far); resume it first")
            }
            parts.append((directory, checkpoint))
        }
        let first = parts[0].checkpoint
        let count = first.shard.count
        for part in parts {
            guard part.checkpoint.sources == first.sources, part.checkpoint.settings == first.settings else {
                throw .outputMismatch(path: part.directory, reason: "scanned other inputs or settings than \(parts[0].directory)")
            }
            guard part.checkpoint.shard.count == count else {
                throw .outputMismatch(path: part.directory, reason: "is shard \(part.checkpoint.shard), not one of \(count)")
            }
        }
        parts.sort { $0.checkpoint.shard.index < $1.checkpoint.shard.index }
        let indices = parts.map(\.checkpoint.shard.index)
        guard indices == Array(0..<count) else {
            let missing = Set(0..<count).subtracting(indices).sorted().map { "\($0)/\(count)" }
            throw .outputMismatch(path: output, reason: "shards must be 0..<\(count) once each; missing \(missing), given \(indices.map { "\($0)/\(count)" })")
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw .io(path: output, reason: "cannot create output directory: \(error.localizedDescription)")
        }
        let records = output + "/" + DatasetScanner.recordsFileName
        try concatenate(parts.map { $0.directory + "/" + DatasetScanner.recordsFileName }, into: records, skipHeader: false)
        for list in DatasetScanner.keepLists(for: first.sources) {
            try concatenate(parts.map { $0.directory + "/" + list.rawValue }, into: output + "/" + list.rawValue, skipHeader: list == .csv)
        }
        return try ScanReports.write(recordFiles: [records], to: output, shards: parts.map { $0.checkpoint.shard.description })
    }

    /// Appends `files` into `destination`; with `skipHeader`, the CSV header of every file
    /// after the first is left out.
    private static func concatenate(_ files: [String], into destination: String, skipHeader: Bool) throws(DatasetScanError) {
        let out = try AppendOnlyFile(path: destination, truncatingTo: 0)
        for (index, path) in files.enumerated() {
            var skip = 0
            if skipHeader && index > 0 {
                var reader = CSVManifestReader(try FileByteSource(path: path), manifest: path, baseDirectory: ".")
                skip = reader.readHeader()?.count ?? 0
            }
            let source = try FileByteSource(path: path)
            _ = try source.skip(skip)
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                var reader = source
                let got = try reader.read(into: &chunk, fully: false)
                if got == 0 { break }
                try out.append(Array(chunk[0..<got]))
            }
        }
        try out.sync()
    }
}
