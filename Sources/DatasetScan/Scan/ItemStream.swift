/// The items of a dataset, source after source, restricted to one ``ShardSpec``: the one
/// deterministic order a scan (and its resume) walks.
public struct ItemStream {
    private enum Reader {
        case webdataset(WebDatasetReader<FileByteSource>, size: Int)
        case folder(FolderReader)
        case jsonl(JSONLManifestReader<FileByteSource>, size: Int)
        case csv(CSVManifestReader<FileByteSource>, size: Int)
    }

    /// The sources this shard reads, with whether items are dealt by key (`false`: whole tar shard).
    private let sources: [(source: DatasetSource, byKey: Bool)]
    private let shard: ShardSpec
    private let maxImageBytes: Int
    private let maxCaptionBytes: Int
    private var next = 0
    private var reader: Reader?

    /// The stream over `sources` for `shard`.
    public init(sources: [DatasetSource], shard: ShardSpec = .whole, maxImageBytes: Int = 256 << 20, maxCaptionBytes: Int = 64 << 10) {
        var selected: [(DatasetSource, Bool)] = []
        var tarPosition = 0
        for source in sources {
            if case .webdataset = source {
                if shard.owns(tarPosition: tarPosition) { selected.append((source, false)) }
                tarPosition += 1
            } else {
                selected.append((source, true))
            }
        }
        self.sources = selected
        self.shard = shard
        self.maxImageBytes = maxImageBytes
        self.maxCaptionBytes = maxCaptionBytes
    }

    /// The fraction of this shard's sources read, counting the current one by its position.
    public var fractionDone: Double {
        guard !sources.isEmpty else { return 1 }
        var current = 0.0
        switch reader {
        case let .webdataset(reader, size)?: current = size > 0 ? Double(reader.offset) / Double(size) : 1
        case let .folder(reader)?: current = reader.count > 0 ? Double(reader.offset) / Double(reader.count) : 1
        case let .jsonl(reader, size)?: current = size > 0 ? Double(reader.offset) / Double(size) : 1
        case let .csv(reader, size)?: current = size > 0 ? Double(reader.offset) / Double(size) : 1
        case nil: current = 0
        }
        let started = reader == nil ? next : next - 1
        return min(1, (Double(started) + current) / Double(sources.count))
    }

    /// The next item of this shard, or `nil` at the end. With `loadPayloads` false, tar
    /// payloads are seeked over (for skipping items a checkpoint says are done).
    public mutating func next(loadPayloads: Bool = true) -> DatasetItem? {
        while true {
            if reader == nil {
                guard next < sources.count else { return nil }
                let (source, _) = sources[next]
                next += 1
                do throws(DatasetScanError) {
                    reader = try open(source)
                } catch {
                    let item = DatasetItem(key: "\(source.path)#open", source: source.path, location: "open", image: .missing,
                                           caption: .missing, problems: [ItemProblem(code: "source.unreadable", message: error.description)],
                                           keepEntry: nil)
                    if sources[next - 1].byKey && !shard.owns(key: item.key) { continue }
                    return item
                }
            }
            let byKey = sources[next - 1].byKey
            let item: DatasetItem?
            switch reader {
            case .webdataset(var current, let size)?:
                reader = nil // keep the reader's buffers uniquely referenced (no copy on write)
                item = current.next(loadPayloads: loadPayloads)
                reader = .webdataset(current, size: size)
            case .folder(var current)?:
                reader = nil // keep the reader's buffers uniquely referenced (no copy on write)
                item = current.next()
                reader = .folder(current)
            case .jsonl(var current, let size)?:
                reader = nil // keep the reader's buffers uniquely referenced (no copy on write)
                item = current.next()
                reader = .jsonl(current, size: size)
            case .csv(var current, let size)?:
                reader = nil // keep the reader's buffers uniquely referenced (no copy on write)
                item = current.next()
                reader = .csv(current, size: size)
            case nil:
                item = nil
            }
            guard let item else {
                reader = nil
                continue
            }
            if byKey && !shard.owns(key: item.key) { continue }
            return item
        }
    }

    private func open(_ source: DatasetSource) throws(DatasetScanError) -> Reader {
        switch source {
        case let .webdataset(path):
            let file = try FileByteSource(path: path)
            return .webdataset(WebDatasetReader(file, shard: path, limits: .init(maxMemberBytes: maxImageBytes),
                                                maxCaptionBytes: maxCaptionBytes), size: file.size)
        case let .folder(root):
            return .folder(FolderReader(root: root))
        case let .jsonl(path):
            let file = try FileByteSource(path: path)
            return .jsonl(JSONLManifestReader(file, manifest: path, baseDirectory: Self.directory(of: path)), size: file.size)
        case let .csv(path):
            let file = try FileByteSource(path: path)
            return .csv(CSVManifestReader(file, manifest: path, baseDirectory: Self.directory(of: path)), size: file.size)
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The header row shared by the CSV manifests among `sources` (for keep.csv), or `nil`
    /// when there are none. Throws when two manifests' headers differ.
    public static func csvHeader(of sources: [DatasetSource]) throws(DatasetScanError) -> [UInt8]? {
        var header: [UInt8]?
        for case let .csv(path) in sources {
            var reader = CSVManifestReader(try FileByteSource(path: path), manifest: path, baseDirectory: directory(of: path))
            guard let found = reader.readHeader() else { continue }
            if let header, header != found {
                throw .unsupportedInput(path: path, reason: "its header differs from the first CSV manifest's; scan them separately")
            }
            header = found
        }
        return header
    }
}
