import ArgumentParser
import BulwarkCore
import Foundation
import MatchIndex
import Pipeline
import Store

/// `bulwark match PATH...`: hash local files and match them against the banks of the
/// store directly (no server).
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Hash files and match them against the enabled banks of the store (no server needed).",
        discussion: """
            Directories are walked. Each file is hashed (MD5, SHA-1, SHA-256 and, for images, PDQ) and \
            matched: PDQ by Hamming distance within --threshold (quality under --min-quality is not \
            matched), digests exactly. One record per file: path, hash, matches, decision.
            Exit status: 0 when nothing matched, 1 when any file matched a bank entry, 2 when nothing \
            matched but some file could not be read.
            """)

    @Argument(help: "Files or directories.") var paths: [String]
    @OptionGroup var store: StoreOptions
    @Option(help: "json (one array) or ndjson (one object per line).") var format: MatchOutput = .json
    @Option(help: "PDQ match threshold (0...64).") var threshold = MatchConfig.default.pdqThreshold
    @Option(help: "PDQ hashes of lower quality are not matched.") var minQuality = MatchConfig.default.pdqMinQuality
    @Option(help: "Largest file read, in bytes.") var maxFileBytes = 256 << 20

    enum MatchOutput: String, ExpressibleByArgument { case json, ndjson }

    /// One output record.
    struct FileMatch: Encodable {
        var path: String
        var hash: HashRecord?
        var decodeProblem: String?
        var error: String?
        var matches: [BankMatch]
        var decision: Decision?
    }

    func run() async throws {
        guard (0...PDQIndex.maxThreshold).contains(threshold) else {
            throw ValidationError("--threshold must be within 0...\(PDQIndex.maxThreshold)")
        }
        let banks = try await store.openStore()
        let matcher = MatchService(
            store: banks, options: MatchServiceOptions(config: MatchConfig(pdqThreshold: threshold, pdqMinQuality: minQuality)))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var anyMatch = false
        var anyError = false
        var first = true
        let output = FileHandle.standardOutput
        do {
            try await matcher.load()
            if format == .json { output.write(Data("[\n".utf8)) }
            for item in FileEnumerator().files(under: paths) {
                var record = FileMatch(path: item.path, matches: [])
                if let problem = item.problem {
                    record.error = problem
                } else {
                    do {
                        let bytes = try FileReader.readAll(item.path, limit: maxFileBytes)
                        var result = try await UploadMatcher(service: matcher).match(bytes)
                        result.hash.path = item.path
                        record.hash = result.hash
                        record.decodeProblem = result.decodeProblem
                        record.matches = result.report.matches
                        record.decision = result.report.decision
                    } catch {
                        record.error = "\(error)"
                    }
                }
                anyMatch = anyMatch || !record.matches.isEmpty
                anyError = anyError || record.error != nil
                let line = String(decoding: try encoder.encode(record), as: UTF8.self)
                switch format {
                case .json: output.write(Data(((first ? "" : ",\n") + line).utf8))
                case .ndjson: output.write(Data((line + "\n").utf8))
                }
                first = false
            }
            if format == .json { output.write(Data(((first ? "" : "\n") + "]\n").utf8)) }
            try await banks.close()
        } catch {
            try? await banks.close()
            throw error
        }
        if anyMatch { throw ExitCode(1) }
        if anyError { throw ExitCode(2) }
    }
}
