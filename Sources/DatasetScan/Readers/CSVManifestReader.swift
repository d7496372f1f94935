/// Reads a CSV manifest with a header row naming its columns (see ``ManifestFields``); quoted
/// fields may hold commas, quotes and line breaks. A bad row becomes an item with a
/// `manifest.bad-row` problem and the scan goes on.
public struct CSVManifestReader<Source: ByteSource> {
    private var lines: LineReader<Source>
    private let manifest: String
    private let baseDirectory: String
    private let fields: ManifestFields
    private let maxRecordBytes: Int
    private var duplicates = DuplicateKeys()
    private var columns: [String: Int]?
    private var failed = false
    /// The header record verbatim (with its line break), once read.
    public private(set) var header: [UInt8]?

    /// Bytes of the manifest consumed so far.
    public var offset: Int { lines.offset }

    public init(_ source: Source, manifest: String, baseDirectory: String, fields: ManifestFields = ManifestFields(),
                maxRecordBytes: Int = 1 << 20) {
        lines = LineReader(source, maxLineBytes: maxRecordBytes)
        self.manifest = manifest
        self.baseDirectory = baseDirectory
        self.fields = fields
        self.maxRecordBytes = maxRecordBytes
    }

    /// Reads the header row now (the scanner needs it before the first item). Returns it.
    public mutating func readHeader() -> [UInt8]? {
        if columns == nil, !failed { _ = nextRecord(header: true) }
        return header
    }

    /// The next item, or `nil` at the end.
    public mutating func next() -> DatasetItem? {
        if columns == nil {
            if failed { return nil }
            if let problem = nextRecord(header: true) { return problem }
            if columns == nil { return nil }
        }
        return nextRecord(header: false)
    }

    /// Reads one record; for the header, stores it and returns `nil` unless it failed.
    private mutating func nextRecord(header isHeader: Bool) -> DatasetItem? {
        guard !failed else { return nil }
        var record: [UInt8] = []
        var firstLine = 0
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
                if record.isEmpty { return nil }
                return finish(record, line: firstLine, isHeader: isHeader)
            case let .overlong(length, number, _):
                failed = isHeader || !record.isEmpty // inside a quoted field there is no way to resync
                return ManifestProblems.badRow(manifest: manifest, line: number, reason: "row of \(length) bytes is over the limit")
            case let .text(bytes, number, _):
                if record.isEmpty {
                    firstLine = number
                    if bytes.allSatisfy({ $0 == 0x0A || $0 == 0x0D }) { continue }
                }
                record += bytes
                guard record.count <= maxRecordBytes else {
                    failed = true
                    return ManifestProblems.badRow(manifest: manifest, line: firstLine, reason: "quoted row runs past \(maxRecordBytes) bytes")
                }
                if CSVRecord.isOpen(record) { continue }
                return finish(record, line: firstLine, isHeader: isHeader)
            }
        }
    }

    private mutating func finish(_ record: [UInt8], line: Int, isHeader: Bool) -> DatasetItem? {
        var record = record
        if record.last != UInt8(ascii: "\n") { record.append(UInt8(ascii: "\n")) }
        let values: [String]
        do throws(DatasetScanError) {
            values = try CSVRecord.fields(record, line: line)
        } catch {
            if isHeader { failed = true }
            return ManifestProblems.badRow(manifest: manifest, line: line, reason: "\(error)")
        }
        if isHeader {
            var columns: [String: Int] = [:]
            for (index, name) in values.enumerated() where columns[name] == nil { columns[name] = index }
            self.columns = columns
            header = record
            return nil
        }
        let columns = self.columns ?? [:]
        var item = fields.item(lookup: { name in columns[name].flatMap { $0 < values.count ? values[$0] : nil } },
                               manifest: manifest, baseDirectory: baseDirectory, line: line,
                               keepEntry: KeepEntry(list: .csv, bytes: record))
        if duplicates.isRepeated(item.key) {
            item.problems.insert(ItemProblem(code: "item.duplicate-key", message: "key \(item.key) appears again at line \(line)"), at: 0)
        }
        return item
    }
}
