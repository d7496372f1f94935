/// Items that stand for a manifest row or a manifest that could not be read.
enum ManifestProblems {
    static func badRow(manifest: String, line: Int, reason: String) -> DatasetItem {
        DatasetItem(key: "\(manifest):\(line)", source: manifest, location: "line \(line)", image: .missing, caption: .missing,
                    problems: [ItemProblem(code: "manifest.bad-row", message: "line \(line): \(reason)")], keepEntry: nil)
    }

    static func sourceFailure(manifest: String, offset: Int, error: DatasetScanError) -> DatasetItem {
        DatasetItem(key: "\(manifest)#byte-\(offset)", source: manifest, location: "byte \(offset)", image: .missing, caption: .missing,
                    problems: [ItemProblem(code: "manifest.unreadable", message: error.description)], keepEntry: nil)
    }
}

/// A manifest that could not be read past some byte, as the item that reports it.
struct UnreadableManifest: Error {
    let item: DatasetItem
}

extension LineReader {
    /// The next line of `manifest`, or the item reporting why it cannot be read further.
    mutating func nextLine(manifest: String) -> Result<Line?, UnreadableManifest> {
        do {
            return .success(try next())
        } catch {
            return .failure(UnreadableManifest(item: ManifestProblems.sourceFailure(manifest: manifest, offset: offset, error: error)))
        }
    }
}
