#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import BulwarkCore

/// Turns the records of one import, in order, into entry drafts according to the format.
/// It keeps the header of headered formats. Problems with one row come back as
/// ``Outcome/invalid(_:)``; a problem with the file as a whole (a bad header) is thrown.
struct RowDecoder {
    enum Outcome {
        /// A header, blank or comment line.
        case skip
        /// One entry, or two for a PDQ+MD5 pair.
        case drafts([EntryDraft])
        case invalid(InvalidRow)
    }

    let options: ImportOptions
    private var columns: ColumnMap?
    private var sawFirstRecord = false

    /// Longest label accepted, in characters.
    static let maxLabelLength = 4_096

    init(options: ImportOptions) { self.options = options }

    mutating func decode(_ record: RecordScanner.Record) throws(BulwarkError) -> Outcome {
        let isFirst = !sawFirstRecord
        if record.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .skip }
        sawFirstRecord = true
        do {
            switch options.format {
            case .csv, .threatExchangeCSV:
                return try delimitedRow(record, delimiter: UInt8(ascii: ","), quoted: true)
            case .tsv:
                return try delimitedRow(record, delimiter: 0x09, quoted: false)
            case .ndjson:
                return .drafts([try jsonRow(record.bytes)])
            case .pdqMD5Pairs:
                return try pairRow(record.bytes, mayBeHeader: isFirst)
            case .hashList(let type):
                return try listRow(record.bytes, type: type)
            }
        } catch let problem as RowProblem {
            return .invalid(InvalidRow(line: record.line, reason: problem.reason))
        } catch let error as BulwarkError {
            throw error
        } catch {
            return .invalid(InvalidRow(line: record.line, reason: "\(error)"))
        }
    }

    // MARK: Formats

    private mutating func delimitedRow(_ record: RecordScanner.Record, delimiter: UInt8, quoted: Bool) throws -> Outcome {
        let fields: [String]
        do {
            fields = try DelimitedFields.split(record.bytes, delimiter: delimiter, quoted: quoted)
        } catch {
            if columns == nil {
                throw BulwarkError.invalidInput(what: "header", where: "line \(record.line)", reason: error.reason)
            }
            throw error
        }
        guard let columns else {
            self.columns = try ColumnMap(header: fields, line: record.line)
            return .skip
        }
        guard fields.count >= columns.required else {
            throw RowProblem("expected at least \(columns.required) columns, found \(fields.count)")
        }
        func field(_ index: Int?) -> String? { index.flatMap { $0 < fields.count ? fields[$0] : nil } }
        return .drafts([
            try draft(
                typeName: field(columns.signalType) ?? "", value: field(columns.value) ?? "",
                source: field(columns.source), category: field(columns.category),
                aiGenerated: field(columns.aiGenerated), note: field(columns.note)),
        ])
    }

    private func jsonRow(_ bytes: ArraySlice<UInt8>) throws -> EntryDraft {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw RowProblem("not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else { throw RowProblem("a line must hold one JSON object") }
        var fields: [String: String] = [:]
        for (key, value) in dictionary {
            guard let column = ColumnMap.canonical(key) else { continue }
            switch value {
            case let text as String: fields[column] = text
            case is NSNull: continue
            case let flag as Bool where column == "ai_generated": fields[column] = flag ? "yes" : "no"
            default: throw RowProblem("\(key): must be a string")
            }
        }
        guard let typeName = fields["signal_type"] else { throw RowProblem("signal_type: missing") }
        guard let value = fields["value"] else { throw RowProblem("value: missing") }
        return try draft(
            typeName: typeName, value: value, source: fields["source"], category: fields["category"],
            aiGenerated: fields["ai_generated"], note: fields["note"])
    }

    private func pairRow(_ bytes: ArraySlice<UInt8>, mayBeHeader: Bool) throws -> Outcome {
        let tokens = Self.tokens(bytes, separators: [0x20, 0x09, UInt8(ascii: ","), UInt8(ascii: ";")])
        if mayBeHeader, tokens.contains(where: { $0.lowercased().contains("pdq") || $0.lowercased().contains("md5") }),
            !tokens.contains(where: { $0.utf8.count == 64 && $0.utf8.allSatisfy(\.isHexDigit) })
        {
            return .skip
        }
        guard tokens.count == 2 else { throw RowProblem("expected a PDQ hash and an MD5 hash, found \(tokens.count) fields") }
        var pdq: String?
        var md5: String?
        for token in tokens {
            switch token.utf8.count {
            case 64: pdq = token
            case 32: md5 = token
            default: throw RowProblem("\"\(token.prefix(80))\" is neither a PDQ hash (64 hex digits) nor an MD5 (32)")
            }
        }
        guard let pdq, let md5 else { throw RowProblem("expected one PDQ hash and one MD5 hash") }
        return .drafts([
            try draft(typeName: "pdq", value: pdq, source: nil, category: nil, aiGenerated: nil, note: nil),
            try draft(typeName: "md5", value: md5, source: nil, category: nil, aiGenerated: nil, note: nil),
        ])
    }

    private func listRow(_ bytes: ArraySlice<UInt8>, type: SignalType?) throws -> Outcome {
        guard let token = Self.tokens(bytes, separators: [0x20, 0x09]).first else { return .skip }
        if token.hasPrefix("#") { return .skip }
        var hash = Substring(token)
        if hash.hasPrefix("\\") { hash = hash.dropFirst() }  // md5sum escapes names with a leading backslash
        let resolved: SignalType
        if let type {
            resolved = type
        } else {
            switch hash.utf8.count {
            case 32: resolved = .md5
            case 40: resolved = .sha1
            case 64: throw RowProblem("64 hex digits could be SHA-256 or PDQ; choose the sha256-list or pdq-list format")
            default: throw RowProblem("cannot tell the hash type of \"\(hash.prefix(80))\" from its \(hash.utf8.count) characters (MD5 has 32, SHA-1 40)")
            }
        }
        return .drafts([try draft(typeName: resolved.rawValue, value: String(hash), source: nil, category: nil, aiGenerated: nil, note: nil)])
    }

    // MARK: Shared

    private func draft(
        typeName: String, value: String, source: String?, category: String?, aiGenerated: String?, note: String?
    ) throws -> EntryDraft {
        guard !typeName.trimmingWhitespace().isEmpty else { throw RowProblem("signal_type: empty") }
        let type = SignalTypeNames.resolve(typeName)
        guard options.acceptedTypes.contains(type) else {
            let accepted = options.acceptedTypes.map(\.rawValue).sorted().joined(separator: ", ")
            throw RowProblem("signal_type: unknown type \"\(typeName.prefix(40))\" (accepted: \(accepted))")
        }
        let signal: Signal
        do {
            signal = try Signal.validated(type: type, value: value)
        } catch {
            throw RowProblem("value: \(error)")
        }
        var ai = AIGenerated.unknown
        if let aiGenerated {
            guard let parsed = AIGenerated(label: aiGenerated) else {
                throw RowProblem("ai_generated: \"\(aiGenerated.prefix(40))\" is not yes, no or unknown")
            }
            ai = parsed
        }
        for (name, label) in [("source", source), ("category", category), ("note", note)] {
            if let label, label.count > Self.maxLabelLength {
                throw RowProblem("\(name): longer than \(Self.maxLabelLength) characters")
            }
        }
        let labels = EntryLabels(source: source, category: category, aiGenerated: ai, note: note)
        return EntryDraft(signal: signal, labels: options.defaultLabels.merged(with: labels))
    }

    private static func tokens(_ bytes: ArraySlice<UInt8>, separators: Set<UInt8>) -> [String] {
        bytes.split(whereSeparator: { separators.contains($0) }).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Which column of a headered file holds which field.
struct ColumnMap {
    var signalType: Int?
    var value: Int
    var source: Int?
    var category: Int?
    var aiGenerated: Int?
    var note: Int?
    /// How many fields a row must have to reach the value and type columns.
    var required: Int

    /// The canonical field a header name stands for, or `nil` for a column that is ignored.
    static func canonical(_ name: String) -> String? {
        switch name.trimmingWhitespace().lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_") {
        case "signal_type", "type", "hash_type", "signaltype", "indicator_type": return "signal_type"
        case "value", "signal", "signal_str", "signal_value", "hash", "indicator": return "value"
        case "source", "collab", "collaboration", "list": return "source"
        case "category", "label": return "category"
        case "ai_generated", "ai", "aigenerated", "synthetic": return "ai_generated"
        case "note", "notes", "tags", "comment": return "note"
        default: return nil
        }
    }

    init(header: [String], line: Int) throws(BulwarkError) {
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            var name = Substring(name)
            if index == 0 && name.hasPrefix("\u{FEFF}") { name = name.dropFirst() }  // byte-order mark
            guard let field = Self.canonical(String(name)) else { continue }
            guard positions[field] == nil else {
                throw .invalidInput(what: "header", where: "line \(line)", reason: "two columns mean \(field)")
            }
            positions[field] = index
        }
        guard let value = positions["value"] else {
            throw .invalidInput(
                what: "header", where: "line \(line)",
                reason: "no value column (expected a header such as signal_type,value,source,category,ai_generated,note)")
        }
        guard let signalType = positions["signal_type"] else {
            throw .invalidInput(what: "header", where: "line \(line)", reason: "no signal_type column")
        }
        self.signalType = signalType
        self.value = value
        source = positions["source"]
        category = positions["category"]
        aiGenerated = positions["ai_generated"]
        note = positions["note"]
        required = max(value, signalType) + 1
    }
}
