import ArgumentParser
import Foundation
import MediaDecoding
import PDQ
import Pipeline

/// File to hash, end to end: Bulwark against HMA's path (PIL decode + pdqhash + hashlib) on
/// the same JPEG and PNG files, checking the PDQ hashes are identical; then `--jobs 2`
/// against `--jobs 1`.
struct BenchHash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "File-to-hash throughput vs HMA's PIL + pdqhash path, and 2-core scaling.")

    @Option(help: "Photos per format (JPEG and PNG each).") var images = 10
    @Option(help: "Photo width.") var width = 1632
    @Option(help: "Photo height.") var height = 1224
    @Option(help: "Times each file is hashed.") var rounds = 3
    @Option(help: "Use this folder of images instead of generating photos.") var folder: String?

    func run() throws {
        let directory: String
        var cleanup: String?
        if let folder {
            directory = folder
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-hash-\(getpid())").path
            cleanup = directory
            try ExternalProcess.run(["python3", ExternalProcess.benchDirectory() + "/hash_reference.py", "generate",
                                     directory, String(images), String(width), String(height)])
        }
        defer { if let cleanup { try? FileManager.default.removeItem(atPath: cleanup) } }
        let files = FileEnumerator().files(under: [directory]).map(\.path)

        // Bulwark, one core.
        let hasher = ContentHasher()
        var ours: [String: (String, Int)] = [:]
        for path in files {
            let record = try hasher.hash(FileReader.readAll(path, limit: .max), path: path)
            ours[URL(fileURLWithPath: path).lastPathComponent] = (record.pdq ?? "", record.quality ?? -1)
        }
        let single = try time { for _ in 0..<rounds { for path in files { _ = try hasher.hash(FileReader.readAll(path, limit: .max)) } } }

        // HMA's path.
        let output = try ExternalProcess.run(["python3", ExternalProcess.benchDirectory() + "/hash_reference.py", "run", directory, String(rounds)])
        let reference = try JSONDecoder().decode(HashReferenceOutput.self, from: output)
        let identical = ours.filter { name, value in reference.hashes[name].map { $0.hex == value.0 && $0.quality == value.1 } ?? false }.count

        // Scaling: the same batch through the parallel runner with 1 and 2 jobs.
        let batch = Array(repeating: files, count: rounds).flatMap { $0 }
        let oneJob = try time { try runBatch(batch, jobs: 1) }
        let twoJobs = try time { try runBatch(batch, jobs: 2) }

        // Where Bulwark's time goes: the stages alone, on bytes already in memory.
        let contents = try files.map { try FileReader.readAll($0, limit: .max) }
        let decoder = ImageDecoder()
        let pdq = PDQHasher()
        let decoded = try contents.map { try decoder.decode($0).image }
        let digestTime = time { for _ in 0..<rounds { for bytes in contents { _ = bytes.withUnsafeBytes { ExactDigests(of: $0) } } } }
        let decodeTime = try time { for _ in 0..<rounds { for bytes in contents { _ = try decoder.decode(bytes) } } }
        let pdqTime = time { for _ in 0..<rounds { for image in decoded { _ = pdq.hash(image) } } }

        let count = Double(rounds * files.count)
        print("File to hash (MD5+SHA-1+SHA-256+decode+PDQ), \(files.count) files (JPEG+PNG \(width)x\(height)), \(rounds) rounds")
        print(String(format: "  bulwark, one core          %8.1f files/s", count / single))
        print(String(format: "  HMA path (PIL + pdqhash)   %8.1f files/s   ratio %.2fx", count / reference.seconds, reference.seconds / single))
        print("  identical PDQ hashes and quality: \(identical)/\(files.count)")
        print(String(format: "  stages alone, ms per file: digests %.2f, decode %.2f, PDQ %.2f (sum %.2f; whole path %.2f)",
                     1000 * digestTime / count, 1000 * decodeTime / count, 1000 * pdqTime / count,
                     1000 * (digestTime + decodeTime + pdqTime) / count, 1000 * single / count))
        print(String(format: "  HMA path / (digests + decode): %.2fx, the ratio reachable even if PDQ cost nothing",
                     reference.seconds / (digestTime + decodeTime)))
        print(String(format: "  --jobs 1 %8.1f files/s, --jobs 2 %8.1f files/s: scaling %.2fx", count / oneJob, count / twoJobs, oneJob / twoJobs))
        if identical != files.count { throw ExitCode(1) }
    }

    private func runBatch(_ paths: [String], jobs: Int) throws {
        ParallelMap.run(count: paths.count, jobs: jobs, makeWorker: { ContentHasher() },
                        work: { hasher, index in (try? hasher.hash(FileReader.readAll(paths[index], limit: .max)))?.quality ?? -1 },
                        emit: { _, _ in })
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now()
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

private struct HashReferenceOutput: Decodable {
    let hashes: [String: ReferenceHash]
    let seconds: Double
}
