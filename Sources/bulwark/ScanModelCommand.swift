import ArgumentParser
import BulwarkCore
import Foundation
import ModelScan
import Pipeline

/// `bulwark scan-model PATH...`: scans model uploads (safetensors, GGUF, PyTorch/pickle) and
/// prints one JSON report per file (NDJSON). The exit code is the most severe verdict:
/// 0 allow, 2 review, 3 block; 1 when a file could not be read at all.
struct ScanModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan-model",
        abstract: "Scan model files (safetensors, GGUF, .ckpt/.pt/.bin pickles) and print a JSON report per file.",
        discussion: """
        Exit status: 0 allow, 2 review, 3 block (the most severe over all files), 1 if a file could not be read.
        Pickles are never loaded: their opcodes are read statically.
        """)

    @Argument(help: "Model files to scan.")
    var paths: [String]

    @Option(name: .long, help: "A preview image uploaded with the model(s); repeat for several. Scanned by the image pipeline.")
    var preview: [String] = []

    @Option(name: .long, help: "A JSON policy file (ModelScanPolicy); missing keys keep their defaults.")
    var policy: String?

    @Flag(name: .long, help: "Skip hashing (metadata-only inspection; bank matching is then impossible).")
    var noHash = false

    @Flag(name: .long, help: "Match model hashes and preview images against the banks in the store (--data-dir or --database).")
    var matchBanks = false

    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Pretty-print the JSON (one report per block instead of per line).")
    var pretty = false

    func run() async throws {
        var scanPolicy = ModelScanPolicy()
        if let policy {
            guard let data = FileManager.default.contents(atPath: policy) else {
                throw ValidationError("cannot read the policy file \(policy)")
            }
            scanPolicy = try ModelScanPolicy.load(json: Array(data))
        }
        var bankMatcher: ModelBankMatcher?
        var imageMatcher: ImageScan.SignalMatcher?
        if matchBanks {
            let service = MatchService(store: try await store.openStore())
            try await service.load()
            bankMatcher = ModelBankLookup(service: service)
            imageMatcher = { @Sendable (signals: [Signal]) async throws -> Decision in
                try await service.match(signals.map { SignalQuery(signal: $0) }).decision
            }
        }
        var scanner = try ModelScanEngines.scanner(policy: scanPolicy, bankMatcher: bankMatcher, imageMatcher: imageMatcher)
        scanner.computeHashes = !noHash
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        var status: Int32 = 0
        for (index, path) in paths.enumerated() {
            // Preview images belong to the upload as a whole: they are scanned once, with the first file.
            let previews = index == 0 ? preview : []
            do {
                let report = try await scanner.scan(path: path, previews: previews)
                try emit(encoder.encode(report))
                status = max(status, Self.exitCode(for: report.decision.verdict))
            } catch {
                try emit(encoder.encode(["path": path, "error": "\(error)"]))
                status = max(status, 1)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func emit(_ data: Data) throws {
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// The process exit code for a verdict.
    static func exitCode(for verdict: Verdict) -> Int32 {
        switch verdict {
        case .allow: 0
        case .review: 2
        case .block: 3
        }
    }
}
