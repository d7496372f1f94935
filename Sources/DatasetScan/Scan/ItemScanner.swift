import BulwarkCore
import MediaDecoding
import Pipeline

/// The per-item checks that need no bank: the shared, thread-safe engines a scan uses.
public struct ItemChecks: Sendable {
    /// Caption checks; `nil` skips them.
    public var text: TextSafetyChecker?
    /// Provenance of the image bytes (AI-generation declarations, embedded prompts); `nil` skips it.
    public var provenance: ProvenanceAnalysis?
    /// Decoding limits: the pixel cap and the largest image read.
    public var limits: DecodingLimits
    /// The largest caption read, in bytes.
    public var maxCaptionBytes: Int

    public init(text: TextSafetyChecker?, provenance: ProvenanceAnalysis?, limits: DecodingLimits = .default,
                maxCaptionBytes: Int = 64 << 10) {
        self.text = text
        self.provenance = provenance
        self.limits = limits
        self.maxCaptionBytes = maxCaptionBytes
    }
}

/// One worker thread's scanner: reads the item's files if needed, hashes the image (exact +
/// PDQ), reads its provenance and checks its caption. Bank matching happens afterwards, in
/// order, on the scan's own task. Holds a ``ContentHasher``, so it is not thread-safe.
final class ItemScanner {
    private let checks: ItemChecks
    private let hasher: ContentHasher

    init(checks: ItemChecks) {
        self.checks = checks
        hasher = ContentHasher(limits: checks.limits)
    }

    /// The records of `items` (at most ``MultiBufferMD5/lanes`` make the most of it), in order:
    /// the MD5s of the images already in memory are computed together, one per vector lane.
    func scan(group items: ArraySlice<DatasetItem>) -> [(record: ItemRecord, queries: [SignalQuery])] {
        var inMemory: [Int] = []
        var images: [[UInt8]] = []
        for (offset, item) in items.enumerated() {
            guard case let .bytes(data, _) = item.image else { continue }
            inMemory.append(offset)
            images.append(data)
        }
        var md5s = [String?](repeating: nil, count: items.count)
        for (offset, digest) in zip(inMemory, MultiBufferMD5.digests(of: images)) { md5s[offset] = Hex.encode(digest) }
        return items.enumerated().map { offset, item in scan(item, md5: md5s[offset]) }
    }

    /// The record of `item` before bank matching, and the signals to match. `md5`, if known,
    /// is the MD5 of the item's in-memory image bytes.
    func scan(_ item: DatasetItem, md5: String? = nil) -> (record: ItemRecord, queries: [SignalQuery]) {
        var record = ItemRecord(key: item.key, source: item.source, location: item.location)
        record.problems = item.problems
        var queries: [SignalQuery] = []
        var bytes: [UInt8]?
        switch item.image {
        case let .bytes(data, _):
            bytes = data
        case let .file(path):
            do throws(BulwarkError) {
                bytes = try FileReader.readAll(path, limit: checks.limits.maxBytes)
            } catch {
                if case .limitExceeded = error {
                    record.problems.append(ItemProblem(code: "image.too-large", message: error.description))
                } else {
                    record.problems.append(ItemProblem(code: "file.unreadable", message: error.description))
                }
            }
        case .missing:
            break
        }
        if let bytes {
            record.bytes = bytes.count
            do throws(ContentHashError) {
                let hashed = try hasher.hash(bytes, md5: md5)
                record.md5 = hashed.md5
                record.sha1 = hashed.sha1
                record.sha256 = hashed.sha256
                record.pdq = hashed.pdq
                record.pdqQuality = hashed.quality
                record.format = hashed.format
                record.width = hashed.width
                record.height = hashed.height
            } catch {
                record.md5 = error.digests.md5
                record.sha1 = error.digests.sha1
                record.sha256 = error.digests.sha256
                // MediaDecoding reports its caps as "limit exceeded: <kind> <actual> > <limit>".
                let code = error.reason.hasPrefix("limit exceeded") ? "image.too-large" : "image.undecodable"
                record.problems.append(ItemProblem(code: code, message: error.reason))
            }
            queries = [record.md5.map { Signal(type: .md5, value: $0) }, record.sha1.map { Signal(type: .sha1, value: $0) },
                       record.sha256.map { Signal(type: .sha256, value: $0) }].compactMap { $0 }.map { SignalQuery(signal: $0) }
            if let pdq = record.pdq {
                queries.append(SignalQuery(signal: Signal(type: .pdq, value: pdq), quality: record.pdqQuality))
            }
            if let provenance = checks.provenance {
                record.reasons += provenance.analyse(bytes).decision.reasons
            }
        }
        if let text = checks.text, let caption = readCaption(item, into: &record) {
            record.reasons += text.check([caption], source: "caption").reasons
        }
        return (record, queries)
    }

    private func readCaption(_ item: DatasetItem, into record: inout ItemRecord) -> String? {
        switch item.caption {
        case let .text(text):
            return text
        case let .file(path):
            do throws(BulwarkError) {
                let bytes = try FileReader.readAll(path, limit: checks.maxCaptionBytes)
                let (text, problem) = CaptionText.decode(bytes, where: path)
                if let problem { record.problems.append(problem) }
                return text
            } catch {
                let code = if case .limitExceeded = error { "caption.too-large" } else { "file.unreadable" }
                record.problems.append(ItemProblem(code: code, message: error.description))
                return nil
            }
        case .missing:
            return nil
        }
    }
}
