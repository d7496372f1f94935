import Foundation

/// Derives every report from the records files, streaming them once:
/// `summary.json`, `exclusions.ndjson`, `errors.ndjson`, `hotline-hashes.csv` and
/// `report.html`. Used when a scan finishes and by ``DatasetMerge``.
public enum ScanReports {
    public static let summaryFileName = "summary.json"
    public static let exclusionsFileName = "exclusions.ndjson"
    public static let errorsFileName = "errors.ndjson"
    public static let hotlineFileName = "hotline-hashes.csv"
    public static let htmlFileName = "report.html"

    /// Reads `recordFiles` in order and writes the reports into `directory`.
    @discardableResult
    public static func write(recordFiles: [String], to directory: String, shards: [String]) throws(DatasetScanError) -> ScanSummary {
        var summary = ScanSummary()
        summary.shards = shards
        let exclusions = try AppendOnlyFile(path: directory + "/" + exclusionsFileName, truncatingTo: 0)
        let errors = try AppendOnlyFile(path: directory + "/" + errorsFileName, truncatingTo: 0)
        let hotline = try AppendOnlyFile(path: directory + "/" + hotlineFileName, truncatingTo: 0)
        try hotline.append(Array("md5,sha1,sha256,pdq,pdq_quality,reasons\n".utf8))
        var hotlineSeen: Set<String> = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let decoder = JSONDecoder()
        for path in recordFiles {
            var lines = LineReader(try FileByteSource(path: path), maxLineBytes: 64 << 20)
            while let line = try lines.next() {
                guard case let .text(bytes, number, _) = line else {
                    throw .badManifestRow(line: 0, reason: "\(path): a record line is over 64 MiB")
                }
                let record: ItemRecord
                do {
                    record = try decoder.decode(ItemRecord.self, from: Data(bytes))
                } catch {
                    throw .outputMismatch(path: path, reason: "line \(number) is not a scan record: \(error)")
                }
                summary.add(record)
                do {
                    switch record.status {
                    case .exclude: try exclusions.append(Array(try encoder.encode(ExclusionEntry(record))) + [0x0A])
                    case .error: try errors.append(Array(try encoder.encode(ErrorEntry(record))) + [0x0A])
                    case .keep: break
                    }
                } catch let error as DatasetScanError {
                    throw error
                } catch {
                    throw .io(path: directory, reason: "cannot encode a report line: \(error)")
                }
                if record.verdict == .block, let sha256 = record.sha256, hotlineSeen.insert(sha256).inserted {
                    let codes = Array(Set(record.reasons.filter { $0.verdict == .block }.map(\.code))).sorted().joined(separator: ";")
                    let row = [record.md5 ?? "", record.sha1 ?? "", sha256, record.pdq ?? "",
                               record.pdqQuality.map(String.init) ?? "", codes].joined(separator: ",")
                    try hotline.append(Array((row + "\n").utf8))
                }
            }
        }
        summary.finish()
        for file in [exclusions, errors, hotline] { try file.sync() }
        let summaryEncoder = JSONEncoder()
        summaryEncoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            let summaryFile = try AppendOnlyFile(path: directory + "/" + summaryFileName, truncatingTo: 0)
            try summaryFile.append(Array(try summaryEncoder.encode(summary)) + [0x0A])
        } catch let error as DatasetScanError {
            throw error
        } catch {
            throw .io(path: directory, reason: "cannot encode the summary: \(error)")
        }
        let html = try AppendOnlyFile(path: directory + "/" + htmlFileName, truncatingTo: 0)
        try html.append(Array(HTMLReport.render(summary).utf8))
        return summary
    }
}
