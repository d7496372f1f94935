import Foundation

/// Reads a JSONL manifest: one JSON object per line naming a local image file and its
/// caption (see ``ManifestFields``). A line that is not a JSON object becomes an item with a
/// `manifest.bad-row` problem and the scan goes on; blank lines are skipped.
public struct JSONLManifestReader<Source: ByteSource> {
    private var lines: LineReader<Source>
    private let manifest: String
    private let baseDirectory: String
    private let fields: ManifestFields
    private var duplicates = DuplicateKeys()
    private var failed = false

    /// Bytes of the manifest consumed so far.
    public var offset: Int { lines.offset }

    public init(_ source: Source, manifest: String, baseDirectory: String, fields: ManifestFields = ManifestFields(),
                maxLineBytes: Int = 1 << 20) {
        lines = LineReader(source, maxLineBytes: maxLineBytes)
        self.manifest = manifest
        self.baseDirectory = baseDirectory
        self.fields = fields
    }

    /// The next item, or `nil` at the end. An I/O error ends the manifest with an item
    /// that carries it.
    public mutating func next() -> DatasetItem? {
        guard !failed else { return nil }
        while true {
            let line: LineReader<Source>.Line?
            switch lines.nextLine(manifest: manifest) {
            case let .success(next): line = next
            case let .failure(unreadable):
                failed = true
                return unreadable.item
            }
            switch line {
            case nil:
                return nil
            case let .overlong(length, number, _):
                return ManifestProblems.badRow(manifest: manifest, line: number, reason: "line of \(length) bytes is over the limit")
            case let .text(bytes, number, _):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: []) as? [String: Any] else {
                    return ManifestProblems.badRow(manifest: manifest, line: number, reason: "not a JSON object")
                }
                var line = bytes
                if line.last != UInt8(ascii: "\n") { line.append(UInt8(ascii: "\n")) }
                var item = fields.item(lookup: { Self.string(object[$0]) }, manifest: manifest, baseDirectory: baseDirectory,
                                       line: number, keepEntry: KeepEntry(list: .jsonl, bytes: line))
                if duplicates.isRepeated(item.key) {
                    item.problems.insert(ItemProblem(code: "item.duplicate-key", message: "key \(item.key) appears again at line \(number)"), at: 0)
                }
                return item
            }
        }
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
