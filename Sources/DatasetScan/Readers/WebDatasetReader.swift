/// Reads one WebDataset tar shard (as img2dataset writes it) as dataset items, in one pass:
/// consecutive members with the same key (`000123.jpg`, `000123.txt`, `000123.json`) form an
/// item. Nothing is extracted to disk.
///
/// Problems with an item (no image, no caption, a second image, a key seen before in the
/// shard, an oversized member) are attached to it. A malformed or truncated archive ends the
/// shard: the item being assembled (or, if none, a record standing for the shard) carries the
/// `tar.truncated` / `tar.corrupt` problem, and the items before it are unaffected.
public struct WebDatasetReader<Source: ByteSource> {
    private var tar: TarReader<Source>
    private let shard: String
    private let maxCaptionBytes: Int
    private var lookahead: TarMember?
    private var duplicates = DuplicateKeys()
    private var done = false

    /// Bytes of the shard consumed so far.
    public var offset: Int { tar.offset }

    /// `shard` names the source in records and keep-lists.
    public init(_ source: Source, shard: String, limits: TarReader<Source>.Limits = .init(), maxCaptionBytes: Int = 64 << 10) {
        tar = TarReader(source, limits: limits)
        self.shard = shard
        self.maxCaptionBytes = maxCaptionBytes
    }

    /// The next item, or `nil` at the end of the shard. With `loadPayloads` false, image
    /// and caption bytes are skipped (seeked over) instead of read: the item still has its
    /// key and structural problems, for resuming past items already scanned.
    public mutating func next(loadPayloads: Bool = true) -> DatasetItem? {
        guard !done else { return nil }
        var key: String?
        var start = 0
        var image: DatasetItem.Payload = .missing
        var caption: DatasetItem.Caption = .missing
        var problems: [ItemProblem] = []
        do throws(DatasetScanError) {
            while true {
                let member: TarMember
                if let pending = lookahead {
                    member = pending
                    lookahead = nil
                } else if let found = try tar.next() {
                    member = found
                } else {
                    done = true
                    break
                }
                guard member.kind == .file else { continue }
                let (memberKey, ext) = ItemKey.split(member.name)
                if let key, key != memberKey {
                    lookahead = member
                    break
                }
                if key == nil {
                    key = memberKey
                    start = member.offset
                }
                if ItemKey.imageExtensions.contains(ext) {
                    guard case .missing = image else {
                        problems.append(ItemProblem(code: "item.extra-image", message: "second image \(member.name) at byte \(member.offset) is not scanned"))
                        continue
                    }
                    if !loadPayloads {
                        image = .bytes([], name: member.name)
                        continue
                    }
                    do throws(DatasetScanError) {
                        image = .bytes(try tar.readData(), name: member.name)
                    } catch {
                        guard error.isMemberLimit else { throw error }
                        problems.append(ItemProblem(code: "image.too-large", message: "\(member.name): \(error)"))
                    }
                } else if ItemKey.captionExtensions.contains(ext) {
                    guard case .missing = caption else {
                        problems.append(ItemProblem(code: "item.extra-caption", message: "second caption \(member.name) at byte \(member.offset) is ignored"))
                        continue
                    }
                    guard member.size <= maxCaptionBytes else {
                        problems.append(ItemProblem(code: "caption.too-large", message: "\(member.name) has \(member.size) bytes (limit \(maxCaptionBytes))"))
                        caption = .text("")
                        continue
                    }
                    if !loadPayloads {
                        caption = .text("")
                        continue
                    }
                    let (text, problem) = CaptionText.decode(try tar.readData(), where: "\(member.name) at byte \(member.offset)")
                    caption = .text(text)
                    if let problem { problems.append(problem) }
                }
                // key.json (img2dataset's per-item metadata) and other parts are read past.
            }
        } catch {
            done = true
            let code = if case .truncatedTar = error { "tar.truncated" } else { "tar.corrupt" }
            let problem = ItemProblem(code: code, message: error.description)
            guard let key else {
                return DatasetItem(key: "\(shard)#byte-\(tar.offset)", source: shard, location: "byte \(tar.offset)",
                                   image: .missing, caption: .missing, problems: [problem], keepEntry: nil)
            }
            problems.append(problem)
            return item(key: key, start: start, image: image, caption: caption, problems: problems)
        }
        guard let key else { return nil }
        return item(key: key, start: start, image: image, caption: caption, problems: problems)
    }

    private mutating func item(key: String, start: Int, image: DatasetItem.Payload, caption: DatasetItem.Caption,
                               problems: [ItemProblem]) -> DatasetItem {
        var problems = problems
        if duplicates.isRepeated(key) {
            problems.insert(ItemProblem(code: "item.duplicate-key", message: "key \(key) appears again at byte \(start)"), at: 0)
        }
        if case .missing = image, !problems.contains(where: { $0.code == "image.too-large" }) {
            problems.append(ItemProblem(code: "item.missing-image", message: "no image member for key \(key)"))
        }
        if case .missing = caption {
            problems.append(ItemProblem(code: "item.missing-caption", message: "no caption member for key \(key)"))
        }
        return DatasetItem(key: key, source: shard, location: "byte \(start)", image: image, caption: caption, problems: problems,
                           keepEntry: KeepEntry(list: .webdataset, bytes: Array("\(shard)\t\(key)\n".utf8)))
    }
}

extension DatasetScanError {
    /// Whether this is a per-member size limit (the archive itself is still readable).
    var isMemberLimit: Bool {
        if case .limitExceeded(let what, _, _, _) = self { return what == "tar member" }
        return false
    }
}
