import ArgumentParser
import Foundation

/// How batch commands print their records.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// One JSON array of all records.
    case json
    /// One JSON object per line.
    case ndjson
    /// Comma-separated values with a header row.
    case csv
}

/// Writes records to stdout as they are produced, in JSON, NDJSON or CSV.
///
/// JSON output streams the array element by element, so nothing is held back in memory.
final class RecordWriter {
    private let format: OutputFormat
    private let csvColumns: [String]
    private let encoder: JSONEncoder
    private var count = 0
    private var output = FileHandle.standardOutput

    init(format: OutputFormat, csvColumns: [String]) {
        self.format = format
        self.csvColumns = csvColumns
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch format {
        case .json: write("[\n")
        case .csv: write(csvColumns.map(Self.csvField).joined(separator: ",") + "\n")
        case .ndjson: break
        }
    }

    /// Writes one record. For CSV, `csvValues` gives the row, column by column.
    func write<Record: Encodable>(_ record: Record, csvValues: @autoclosure () -> [String]) {
        switch format {
        case .json:
            write((count == 0 ? "" : ",\n") + json(record))
        case .ndjson:
            write(json(record) + "\n")
        case .csv:
            write(csvValues().map(Self.csvField).joined(separator: ",") + "\n")
        }
        count += 1
    }

    /// Closes the JSON array.
    func finish() {
        if format == .json { write((count == 0 ? "" : "\n") + "]\n") }
    }

    private func json<Record: Encodable>(_ record: Record) -> String {
        (try? String(decoding: encoder.encode(record), as: UTF8.self)) ?? "{\"error\":\"record could not be encoded\"}"
    }

    private func write(_ text: String) {
        output.write(Data(text.utf8))
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
