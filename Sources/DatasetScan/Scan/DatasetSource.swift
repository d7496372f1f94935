import Foundation

/// One input of a dataset scan, by kind.
public enum DatasetSource: Sendable, Equatable, Codable {
    /// A WebDataset tar shard.
    case webdataset(String)
    /// A folder tree of image + caption files.
    case folder(String)
    /// A JSONL manifest.
    case jsonl(String)
    /// A CSV manifest with a header row.
    case csv(String)

    /// The file or directory.
    public var path: String {
        switch self {
        case let .webdataset(path), let .folder(path), let .jsonl(path), let .csv(path): path
        }
    }

    /// Turns command-line inputs into sources, in order: `.tar` files are shards; a directory
    /// holding `.tar` files (an img2dataset output folder) is its shards in name order; any
    /// other directory is a folder tree; `.jsonl`/`.ndjson` and `.csv` files are manifests.
    /// Parquet manifests are refused with the reason (no maintained Swift Parquet reader).
    public static func resolve(_ inputs: [String]) throws(DatasetScanError) -> [DatasetSource] {
        var sources: [DatasetSource] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw .unsupportedInput(path: input, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                let shards: [String]
                do {
                    shards = try Self.tarFiles(under: input)
                } catch {
                    throw .io(path: input, reason: "cannot list directory: \(error.localizedDescription)")
                }
                sources += shards.isEmpty ? [.folder(input)] : shards.map { .webdataset($0) }
                continue
            }
            let lower = input.lowercased()
            if lower.hasSuffix(".tar") {
                sources.append(.webdataset(input))
            } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
                sources.append(.jsonl(input))
            } else if lower.hasSuffix(".csv") {
                sources.append(.csv(input))
            } else if lower.hasSuffix(".parquet") {
                throw .unsupportedInput(path: input, reason: """
                    Parquet manifests are not supported: no maintained Swift Parquet reader is among the packages \
                    Bulwark may depend on. Convert the manifest to JSONL or CSV first \
                    (e.g. pandas.read_parquet(p).to_json(out, orient="records", lines=True)).
                    """)
            } else {
                throw .unsupportedInput(path: input, reason: "not a .tar shard, .jsonl or .csv manifest, or a folder")
            }
        }
        return sources
    }

    private static func tarFiles(under directory: String) throws -> [String] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.lowercased().hasSuffix(".tar") { found.append(base + "/" + relative) }
        }
        return found.sorted()
    }
}
