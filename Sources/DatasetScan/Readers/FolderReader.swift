import Pipeline

/// Reads a folder tree as dataset items: files with the same stem in the same directory form
/// an item (`cat/0001.jpg` + `cat/0001.txt` + `cat/0001.json`), keyed by the stem's path
/// relative to the root. Groups with neither an image nor a caption (stray files) are
/// ignored. Image and caption files are read later, by the scan workers.
public struct FolderReader {
    private let items: [DatasetItem]
    private var position = 0

    /// Walks `root` now (names only, in sorted order).
    public init(root: String) {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        struct Group {
            var images: [String] = []
            var captions: [String] = []
            var problems: [ItemProblem] = []
        }
        var order: [String] = []
        var groups: [String: Group] = [:]
        for file in FileEnumerator().files(under: [root]) {
            let relative = file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path
            let (key, ext) = ItemKey.split(relative)
            let isImage = ItemKey.imageExtensions.contains(ext)
            let isCaption = ItemKey.captionExtensions.contains(ext)
            guard isImage || isCaption || file.problem != nil else { continue }
            if groups[key] == nil {
                order.append(key)
                groups[key] = Group()
            }
            if let problem = file.problem {
                groups[key]?.problems.append(ItemProblem(code: "file.unreadable", message: "\(relative): \(problem)"))
            } else if isImage {
                groups[key]?.images.append(file.path)
            } else {
                groups[key]?.captions.append(file.path)
            }
        }
        items = order.map { key in
            let group = groups[key] ?? Group()
            var problems = group.problems
            if group.images.isEmpty {
                problems.append(ItemProblem(code: "item.missing-image", message: "no image file for \(key)"))
            }
            for extra in group.images.dropFirst() {
                problems.append(ItemProblem(code: "item.extra-image", message: "second image \(extra) is not scanned"))
            }
            if group.captions.isEmpty {
                problems.append(ItemProblem(code: "item.missing-caption", message: "no caption file for \(key)"))
            }
            let image = group.images.first
            return DatasetItem(key: key, source: root, location: image.map { String($0.dropFirst(prefix.count)) } ?? key,
                               image: image.map { .file($0) } ?? .missing,
                               caption: group.captions.first.map { .file($0) } ?? .missing,
                               problems: problems,
                               keepEntry: KeepEntry(list: .folder, bytes: Array(((image ?? key) + "\n").utf8)))
        }
    }

    /// The number of items in the tree.
    public var count: Int { items.count }
    /// How many items have been returned.
    public var offset: Int { position }

    /// The next item, or `nil` at the end.
    public mutating func next() -> DatasetItem? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }
}
