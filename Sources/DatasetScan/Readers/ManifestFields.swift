/// Which manifest fields (JSONL keys, CSV columns) hold an item's image path, caption and key.
public struct ManifestFields: Sendable, Equatable {
    /// Candidate names for the image path, first present wins.
    public var path: [String]
    public var caption: [String]
    public var key: [String]

    public init(path: [String] = ["path", "image_path", "filepath", "file", "image", "filename"],
                caption: [String] = ["caption", "text", "TEXT", "prompt"],
                key: [String] = ["key", "id", "uid"]) {
        self.path = path
        self.caption = caption
        self.key = key
    }

    /// Makes an item from one row's values. `lookup` returns a field's value or `nil`.
    /// Relative paths are resolved against `baseDirectory`; `http(s)` URLs are not fetched.
    func item(lookup: (String) -> String?, manifest: String, baseDirectory: String, line: Int,
              keepEntry: KeepEntry) -> DatasetItem {
        let key = self.key.lazy.compactMap(lookup).first ?? "\(manifest):\(line)"
        var problems: [ItemProblem] = []
        var image: DatasetItem.Payload = .missing
        if let path = self.path.lazy.compactMap(lookup).first(where: { !$0.isEmpty }) {
            if path.hasPrefix("http://") || path.hasPrefix("https://") {
                problems.append(ItemProblem(code: "item.remote-image", message: "line \(line): image is a URL, not a local file (not fetched)"))
            } else {
                image = .file(path.hasPrefix("/") ? path : baseDirectory + "/" + path)
            }
        } else {
            problems.append(ItemProblem(code: "item.missing-image", message: "line \(line): no image path (fields \(self.path.joined(separator: ", ")))"))
        }
        let caption: DatasetItem.Caption
        if let text = self.caption.lazy.compactMap(lookup).first {
            caption = .text(text)
        } else {
            caption = .missing
            problems.append(ItemProblem(code: "item.missing-caption", message: "line \(line): no caption (fields \(self.caption.joined(separator: ", ")))"))
        }
        return DatasetItem(key: key, source: manifest, location: "line \(line)", image: image, caption: caption,
                           problems: problems, keepEntry: keepEntry)
    }
}
