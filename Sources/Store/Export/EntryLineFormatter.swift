#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import BulwarkCore

/// Writes bank entries as lines of an export format. The layouts are those the importer
/// reads, so an export imports back unchanged.
struct EntryLineFormatter {
    let format: BankFileFormat
    private let encoder: JSONEncoder

    init(format: BankFileFormat) throws(BulwarkError) {
        if case .pdqMD5Pairs = format {
            throw .unsupported(
                what: "export format stopncii",
                reason: "a bank does not record which PDQ and MD5 belong together; export csv or a hash list instead")
        }
        self.format = format
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// The header line, with its line break, if the format has one.
    var header: String? {
        switch format {
        case .csv: return "signal_type,value,source,category,ai_generated,note,added_at\n"
        case .tsv: return "signal_type\tvalue\tsource\tcategory\tai_generated\tnote\tadded_at\n"
        case .threatExchangeCSV: return "collab,signal_type,signal_str,category,tags\n"
        case .ndjson, .pdqMD5Pairs, .hashList: return nil
        }
    }

    /// The entry's line with its line break, or `nil` if the format leaves it out (a hash
    /// list of another type).
    func line(for entry: BankEntry) throws -> String? {
        let labels = entry.labels
        switch format {
        case .csv:
            return [
                entry.signal.type.rawValue, entry.signal.value, labels.source ?? "", labels.category ?? "",
                labels.aiGenerated.rawValue, labels.note ?? "", Self.timestamp(entry.addedAt),
            ].map(Self.csvField).joined(separator: ",") + "\n"
        case .tsv:
            return [
                entry.signal.type.rawValue, entry.signal.value, labels.source ?? "", labels.category ?? "",
                labels.aiGenerated.rawValue, labels.note ?? "", Self.timestamp(entry.addedAt),
            ].map(Self.tsvField).joined(separator: "\t") + "\n"
        case .threatExchangeCSV:
            return [labels.source ?? "", entry.signal.type.rawValue, entry.signal.value, labels.category ?? "", labels.note ?? ""]
                .map(Self.csvField).joined(separator: ",") + "\n"
        case .ndjson:
            let record = ExportedEntry(
                signal_type: entry.signal.type.rawValue, value: entry.signal.value, source: labels.source,
                category: labels.category, ai_generated: labels.aiGenerated.rawValue, note: labels.note,
                added_at: Self.timestamp(entry.addedAt))
            return String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
        case .hashList(let type):
            if let type, type != entry.signal.type { return nil }
            return entry.signal.value + "\n"
        case .pdqMD5Pairs:
            return nil
        }
    }

    private struct ExportedEntry: Encodable {
        let signal_type: String
        let value: String
        let source: String?
        let category: String?
        let ai_generated: String
        let note: String?
        let added_at: String
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// TSV has no quoting: tabs and line breaks inside a label become spaces.
    static func tsvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
