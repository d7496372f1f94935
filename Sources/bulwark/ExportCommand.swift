import ArgumentParser
import BulwarkCore
import Store

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// `bulwark export BANK --format ...`: stream a bank's entries to standard output or a file.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a bank's entries (streamed).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "Bank id or name.") var bank: String
    @Option(help: "The layout: csv, tsv, ndjson, te-csv, list, md5-list, sha1-list, sha256-list, pdq-list.")
    var format: String = "csv"
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        guard BankFileFormat(name: format) != nil else {
            throw ValidationError("unknown format \"\(format)\"; use one of \(BankFileFormat.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard let fileFormat = BankFileFormat(name: format) else { throw ValidationError("unknown format \(format)") }
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil),
                let opened = FileHandle(forWritingAtPath: output)
            else { throw BulwarkError.io(path: output, reason: "cannot create the file") }
            handle = opened
        } else {
            handle = FileHandle.standardOutput
        }
        try await store.openStore().using { store in
            let bank = try await store.bank(reference: self.bank)
            for try await chunk in try BankExporter(store: store).export(bankID: bank.id, format: fileFormat) {
                try handle.write(contentsOf: chunk)
            }
        }
        if output != nil { try handle.close() }
    }
}
