import ArgumentParser
import BulwarkCore
import Store

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// `bulwark import BANK FILE --format ...`: import a hash list into a bank in one
/// transaction, with a progress bar on standard error.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import entries into a bank (all or nothing unless --skip-invalid).",
        discussion: """
            Formats: csv, tsv, ndjson (header/keys signal_type,value,source,category,ai_generated,note), \
            te-csv (python-threatexchange: collab,signal_type,signal_str,category,tags), stopncii (pdq,md5 pairs), \
            list (MD5/SHA-1 one per line, sniffed by length), md5-list, sha1-list, sha256-list, pdq-list.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Bank id or name.") var bank: String
    @Argument(help: "The file to import (- for standard input).") var file: String
    @Option(help: "The file layout: \(BankFileFormat.names.joined(separator: ", ")).") var format: String
    @Flag(help: "Import the valid rows and list the invalid ones instead of refusing the file.") var skipInvalid = false
    @Option(help: "Source label for rows that have none.") var source: String?
    @Option(help: "Category label for rows that have none.") var category: String?
    @Option(help: "AI-generated label (yes/no/unknown) for rows that have none.") var aiGenerated: String?
    @Flag(help: "No progress bar (same as --progress never).") var quiet = false
    @Option(help: "Progress on stderr: auto (on a terminal), always or never.") var progress = "auto"

    func validate() throws {
        guard BankFileFormat(name: format) != nil else {
            throw ValidationError("unknown format \"\(format)\"; use one of \(BankFileFormat.names.joined(separator: ", "))")
        }
        if let aiGenerated, AIGenerated(label: aiGenerated) == nil {
            throw ValidationError("--ai-generated must be yes, no or unknown")
        }
    }

    func run() async throws {
        guard let fileFormat = BankFileFormat(name: format) else { throw ValidationError("unknown format \(format)") }
        let options = ImportOptions(
            format: fileFormat, skipInvalid: skipInvalid,
            defaultLabels: EntryLabels(
                source: source, category: category, aiGenerated: aiGenerated.flatMap { AIGenerated(label: $0) } ?? .unknown))
        let bar = ProgressBar(total: nil, label: "importing", unit: "rows", mode: quiet ? "never" : progress)
        let onProgress: @Sendable (ImportProgress) -> Void = { update in bar.update(done: update.rowsRead, fraction: update.fraction) }
        let report = try await store.openStore().using { store in
            let bank = try await store.bank(reference: self.bank)
            return try await BankImporter(store: store).importFile(
                atPath: file, into: bank.id, options: options, progress: onProgress)
        }
        bar.finish()
        try await store.audit("bank.import", subject: "bank:\(bank)", details: [
            "file": file, "format": format, "rows": "\(report.rows)", "inserted": "\(report.counts.inserted)",
            "merged": "\(report.counts.merged)", "skipped": "\(report.skippedCount)",
        ])
        print("imported \(report.rows) rows: \(report.counts.inserted) new entries, \(report.counts.merged) merged")
        if report.skippedCount > 0 {
            print("skipped \(report.skippedCount) invalid rows:")
            for row in report.skipped { print("  \(row)") }
            if report.skippedCount > report.skipped.count {
                print("  ... and \(report.skippedCount - report.skipped.count) more")
            }
        }
    }
}
