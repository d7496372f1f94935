/// One dataset item as a reader found it: an image (or where to read it), its caption, and
/// what was wrong with it structurally. Readers never decode; the scanner does.
public struct DatasetItem: Sendable, Equatable {
    /// Where the image bytes are.
    public enum Payload: Sendable, Equatable {
        /// Read from a tar shard already (`name` is the member name).
        case bytes([UInt8], name: String)
        /// A local file the scan worker reads.
        case file(String)
        /// The item has no image.
        case missing
    }

    /// Where the caption is.
    public enum Caption: Sendable, Equatable {
        case text(String)
        /// A caption file the scan worker reads.
        case file(String)
        case missing
    }

    /// The item's key: the tar/folder stem (`000123`), or the manifest's key field.
    public var key: String
    /// The file the item came from (shard, manifest, or folder root).
    public var source: String
    /// Where in the source: `byte 1536`, `line 7`, a relative path.
    public var location: String
    public var image: Payload
    public var caption: Caption
    /// Structural problems (missing half, duplicate key...). An item with problems is still
    /// scanned when it has an image, but never kept.
    public var problems: [ItemProblem]
    /// The item's entry in the keep-list (a manifest row verbatim, or a shard/key line);
    /// `nil` for records that stand for a broken source rather than an item.
    public var keepEntry: KeepEntry?

    public init(key: String, source: String, location: String, image: Payload, caption: Caption,
                problems: [ItemProblem] = [], keepEntry: KeepEntry?) {
        self.key = key
        self.source = source
        self.location = location
        self.image = image
        self.caption = caption
        self.problems = problems
        self.keepEntry = keepEntry
    }
}

/// A structural or decoding problem with one item (or a whole source), with a stable code.
public struct ItemProblem: Sendable, Equatable, Hashable, Codable {
    /// e.g. `item.missing-caption`, `item.duplicate-key`, `image.undecodable`, `tar.truncated`.
    public var code: String
    /// What exactly, and where.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// What an item contributes to the keep-list, in its input's own format.
public struct KeepEntry: Sendable, Equatable {
    /// Which keep-list file the entry goes to.
    public var list: KeepList
    /// The bytes appended for the item (a line, or a CSV record with its line break).
    public var bytes: [UInt8]

    public init(list: KeepList, bytes: [UInt8]) {
        self.list = list
        self.bytes = bytes
    }
}

/// The keep-list files, one per input format.
public enum KeepList: String, Sendable, CaseIterable, Codable {
    /// `shard<TAB>key` lines for WebDataset shards.
    case webdataset = "keep-webdataset.tsv"
    /// Image paths of folder items, one per line.
    case folder = "keep-files.txt"
    /// JSONL manifest lines, verbatim.
    case jsonl = "keep.jsonl"
    /// CSV manifest records, verbatim, under the manifests' header.
    case csv = "keep.csv"
}
