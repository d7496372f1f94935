import BulwarkCore
import ArgumentParser
import ContentCredentials
import Dispatch
import Foundation
import Pipeline
import Provenance

/// `bulwark provenance PATH...`: reads what files say about how they were made (C2PA, IPTC,
/// EXIF, XMP, generator parameters) and prints one report per file.
///
/// Exit status: 0 when every file was read (reports may still be marked partial), 1 when some
/// file could not be read or is not a supported image format.
struct ProvenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provenance",
        abstract: "Report C2PA, IPTC, EXIF/XMP and AI-generator metadata of image files; missing metadata means unknown.",
        discussion: """
            PATH may be files or directories (read recursively). Reports go to standard output \
            (--format json: one array; ndjson: one object per line), progress and per-file errors \
            to standard error. Exit status 1 when some file could not be read.
            """)

    enum Format: String, ExpressibleByArgument { case json, ndjson }

    @Argument(help: "Files or directories.") var paths: [String]
    @Option(help: "Output format: json or ndjson.") var format: Format = .json
    @Option(help: "Files read in parallel (default: number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Skip files larger than this many bytes.") var maxFileBytes: Int = 1 << 30
    @Option(help: "PEM file of C2PA trust anchors (may be repeated).") var trustAnchors: [String] = []
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let anchors = try trustAnchors.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let reader = ProvenanceReader(c2paReader: C2PAReader(trustAnchorsPEM: anchors))
        var failures = 0
        let files = ProvenanceFiles.enumerate(paths) { path, reason in
            failures += 1
            ProvenanceFiles.standardError("error: \(path): \(reason)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = format == .json ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        let batch = ProvenanceBatch(reader: reader, encoder: encoder, maxFileBytes: maxFileBytes,
                                    text: try TextSafetyChecker.bundled())
        let window = jobs * 32
        var done = 0
        var lastProgress = Date()
        let output = FileHandle.standardOutput
        if format == .json { output.write(Data("[".utf8)) }
        var first = true
        var start = 0
        while start < files.count {
            let slice = Array(files[start..<min(start + window, files.count)])
            for outcome in batch.run(slice, jobs: jobs) {
                if let error = outcome.error {
                    failures += 1
                    ProvenanceFiles.standardError("error: \(outcome.path): \(error)")
                }
                if format == .json { output.write(Data((first ? "\n" : ",\n").utf8)) }
                output.write(outcome.json)
                if format == .ndjson { output.write(Data("\n".utf8)) }
                first = false
            }
            start += slice.count
            done += slice.count
            if !quiet, Date().timeIntervalSince(lastProgress) > 0.5 || done == files.count {
                lastProgress = Date()
                ProvenanceFiles.standardError("progress: \(done)/\(files.count) files, \(failures) failed")
            }
        }
        if format == .json { output.write(Data("\n]\n".utf8)) }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Reads and reports a batch of files on several threads, keeping input order.
struct ProvenanceBatch: Sendable {
    struct Outcome: Sendable {
        var path: String
        var json: Data
        var error: String?
    }

    /// One output record: the report and the decision on it (prompts through the text
    /// checks), or why the file could not be read.
    struct Record: Encodable {
        var path: String
        var report: ProvenanceReport?
        var decision: Decision?
        var error: String?
    }

    let reader: ProvenanceReader
    let encoder: JSONEncoder
    let maxFileBytes: Int
    /// When set, prompts found in files go through these text checks.
    var text: TextSafetyChecker? = nil

    func outcome(_ path: String) -> Outcome {
        var record = Record(path: path)
        do {
            let bytes = try ProvenanceFiles.read(path, limit: maxFileBytes)
            let (report, decision) = ProvenanceAnalysis(reader: reader, text: text).analyse(bytes)
            if report.format == .unknown {
                record.error = "not a PNG, JPEG, WebP, GIF or HEIF/AVIF file"
            } else {
                record.report = report
                record.decision = decision
            }
        } catch {
            record.error = "\(error)"
        }
        let json = (try? encoder.encode(record)) ?? Data(#"{"path":"?","error":"report could not be encoded"}"#.utf8)
        return Outcome(path: path, json: json, error: record.error)
    }

    func run(_ paths: [String], jobs: Int) -> [Outcome] {
        if jobs == 1 || paths.count < 2 { return paths.map(outcome) }
        let results = ResultSlots(count: paths.count)
        let workers = min(jobs, paths.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < paths.count {
                results.set(index, outcome(paths[index]))
                index += workers
            }
        }
        return results.values()
    }
}

/// Result slots written by worker threads under a lock.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [ProvenanceBatch.Outcome?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: ProvenanceBatch.Outcome) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [ProvenanceBatch.Outcome] { slots.compactMap { $0 } }
}

/// File access for the provenance command and benchmark.
enum ProvenanceFiles {
    /// Regular files under `paths` (directories recursively, hidden files skipped), sorted per directory.
    static func enumerate(_ paths: [String], onError: (String, String) -> Void) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                onError(path, "no such file or directory")
                continue
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            guard let enumerator = manager.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isRegularFileKey],
                                                      options: [.skipsHiddenFiles]) else {
                onError(path, "directory cannot be read")
                continue
            }
            var found: [String] = []
            for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                found.append(url.path)
            }
            files += found.sorted()
        }
        return files
    }

    /// The bytes of `path`, refusing files over `limit` (POSIX calls: one open, fstat, read loop).
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ProvenanceFileError(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ProvenanceFileError(description: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ProvenanceFileError(description: "not a regular file") }
        let size = Int(status.st_size)
        guard size <= limit else { throw ProvenanceFileError(description: "file is \(size) bytes, over the limit of \(limit)") }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while filled < size {
                let count = Foundation.read(descriptor, base + filled, size - filled)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw ProvenanceFileError(description: String(cString: strerror(errno))) }
                if count == 0 { break }
                filled += count
            }
        }
        return filled == size ? bytes : Array(bytes[0..<filled])
    }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

struct ProvenanceFileError: Error, CustomStringConvertible {
    var description: String
}
