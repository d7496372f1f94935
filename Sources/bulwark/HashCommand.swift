import ArgumentParser
import BulwarkCore
import Foundation
import MediaDecoding
import Pipeline

/// `bulwark hash PATH...`: exact and perceptual hashes of files and directory trees.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Hash files (MD5, SHA-1, SHA-256, PDQ for images, vPDQ for videos), recursing into directories.",
        discussion: """
            One record per file. A file that cannot be read or decoded gets a record with an
            "error" field (and its exact digests when the bytes could be read); the others are
            still hashed, and the exit code is 1 when any failed.
            """
    )

    @Argument(help: "Files and directories to hash.")
    var paths: [String]

    @Option(help: "Output format: json, ndjson or csv.")
    var format: OutputFormat = .ndjson

    @Flag(help: "Also output the eight dihedral (rotated and flipped) PDQ hashes.")
    var dihedral = false

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Refuse images with more pixels than this.")
    var maxPixels: Int = DecodingLimits.default.maxPixels

    @Option(help: "Refuse files larger than this many bytes.")
    var maxBytes: Int = DecodingLimits.default.maxBytes

    @Option(help: "Progress bar on stderr: auto, always or never.")
    var progress: String = "auto"

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard maxPixels >= 1, maxBytes >= 1 else { throw ValidationError("limits must be positive") }
    }

    func run() throws {
        let items = FileEnumerator().files(under: paths)
        let limits = DecodingLimits(maxBytes: maxBytes, maxPixels: maxPixels)
        let dihedral = self.dihedral
        let writer = RecordWriter(format: format, csvColumns: HashOutput.csvColumns(dihedral: dihedral))
        let bar = ProgressBar(total: items.count, label: "hashing", mode: progress)
        ParallelMap.run(
            count: items.count, jobs: jobs,
            makeWorker: { ContentHasher(limits: limits, dihedral: dihedral) },
            work: { hasher, index in HashOutput.hash(items[index], with: hasher, limits: limits) },
            emit: { _, output in
                writer.write(output, csvValues: output.csvRow(dihedral: dihedral))
                bar.advance(failed: output.error != nil)
            })
        writer.finish()
        bar.finish()
        if bar.failed > 0 {
            FileHandle.standardError.write(Data("bulwark hash: \(bar.failed) of \(items.count) files failed\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// One output record of `bulwark hash`: a ``HashRecord`` or an error with what is known.
struct HashOutput: Encodable, Sendable {
    var record: HashRecord?
    var path: String
    var error: String?
    var digests: ExactDigests?
    var size: Int?

    static func hash(_ item: FileItem, with hasher: ContentHasher, limits: DecodingLimits) -> HashOutput {
        if let problem = item.problem { return HashOutput(path: item.path, error: problem) }
        let bytes: [UInt8]
        do {
            bytes = try FileReader.readAll(item.path, limit: limits.maxBytes)
        } catch {
            return HashOutput(path: item.path, error: error.description)
        }
        do {
            return HashOutput(record: try hasher.hash(bytes, path: item.path), path: item.path)
        } catch {
            return HashOutput(path: item.path, error: error.reason, digests: error.digests, size: error.size)
        }
    }

    func encode(to encoder: any Encoder) throws {
        if let record {
            try record.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(error, forKey: .error)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encodeIfPresent(digests?.md5, forKey: .md5)
        try container.encodeIfPresent(digests?.sha1, forKey: .sha1)
        try container.encodeIfPresent(digests?.sha256, forKey: .sha256)
    }

    private enum CodingKeys: String, CodingKey { case path, error, size, md5, sha1, sha256 }

    static func csvColumns(dihedral: Bool) -> [String] {
        ["path", "size", "format", "width", "height", "md5", "sha1", "sha256", "pdq", "quality", "vpdq_frames", "vpdq"]
            + (dihedral ? ["dihedral"] : []) + ["error"]
    }

    func csvRow(dihedral: Bool) -> [String] {
        func text(_ value: Int?) -> String { value.map(String.init) ?? "" }
        let r = record
        let row: [String] = [
            path, text(r?.size ?? size), r?.format ?? "", text(r?.width), text(r?.height),
            r?.md5 ?? digests?.md5 ?? "", r?.sha1 ?? digests?.sha1 ?? "", r?.sha256 ?? digests?.sha256 ?? "",
            r?.pdq ?? "", text(r?.quality), text(r?.vpdqFrames), r?.vpdq ?? "",
        ]
        return row + (dihedral ? [(r?.dihedral ?? []).joined(separator: " ")] : []) + [error ?? r?.vpdqProblem ?? ""]
    }
}
