import ArgumentParser
import Foundation
import Provenance

/// Batch metadata extraction: Bulwark's provenance reader against `exiftool -j -r` (Debian
/// libimage-exiftool-perl) on the same folder, both on one core; then a 50 MB PNG read
/// without decoding its pixels.
struct BenchProvenance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provenance", abstract: "Provenance extraction throughput vs exiftool -j -r, one core each.")

    @Option(help: "Images to generate (AUTOMATIC1111, ComfyUI, EXIF+XMP JPEG/WebP, camera EXIF in rotation).") var images = 2000
    @Option(help: "Use this folder of images instead of generating one.") var folder: String?
    @Option(help: "Passes Bulwark makes over the folder (the best is kept).") var rounds = 3
    @Option(help: "Size of the large PNG read without decoding, in MB (0 skips it).") var largePNGMegabytes = 50

    func run() throws {
        let directory: String
        var cleanup: String?
        if let folder {
            directory = folder
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-provenance-\(getpid())").path
            cleanup = directory
            try ExternalProcess.run(["python3", ExternalProcess.benchDirectory() + "/provenance_generate.py", directory, String(images)])
        }
        defer { if let cleanup { try? FileManager.default.removeItem(atPath: cleanup) } }
        let files = ProvenanceFiles.enumerate([directory]) { _, _ in }
        guard !files.isEmpty else { throw ValidationError("no files under \(directory)") }

        // Bulwark: read, extract and encode each report as JSON, on this one thread.
        let reader = ProvenanceReader()
        let encoder = JSONEncoder()
        var withGenerator = 0, withAISignal = 0, partial = 0
        for path in files {
            let report = reader.read(try ProvenanceFiles.read(path, limit: .max))
            if !report.generations.isEmpty { withGenerator += 1 }
            if report.aiEvidence != .none { withAISignal += 1 }
            if report.isPartial { partial += 1 }
        }
        var best = Double.infinity
        for _ in 0..<max(1, rounds) {
            let start = DispatchTime.now().uptimeNanoseconds
            var bytesOut = 0
            for path in files {
                let report = reader.read(try ProvenanceFiles.read(path, limit: .max))
                bytesOut += try encoder.encode(report).count
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            precondition(bytesOut > 0)
        }
        let ours = Double(files.count) / best

        // Where the time goes: reading files, extracting reports, encoding JSON.
        let contents = try files.map { try ProvenanceFiles.read($0, limit: .max) }
        let readSeconds = try seconds { for path in files { _ = try ProvenanceFiles.read(path, limit: .max) } }
        var reports: [ProvenanceReport] = []
        let extractSeconds = seconds { reports = contents.map { reader.read($0) } }
        let encodeSeconds = try seconds { for report in reports { _ = try encoder.encode(report) } }

        // exiftool, pinned to one core when taskset is available.
        let pin = FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") ? ["taskset", "-c", "0"] : []
        let start = DispatchTime.now().uptimeNanoseconds
        let output = try ExternalProcess.run(pin + ["exiftool", "-j", "-r", "-q", directory])
        let exiftoolSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exiftoolFiles = ((try? JSONSerialization.jsonObject(with: output)) as? [Any])?.count ?? 0
        let theirs = Double(exiftoolFiles) / exiftoolSeconds

        print("files: \(files.count) in \(directory)")
        print("bulwark provenance: \(String(format: "%.0f", ours)) files/s (best of \(rounds), one thread, read + extract + JSON); "
              + "\(withGenerator) with generator parameters, \(withAISignal) with AI signals, \(partial) partial")
        print("  per file: read \(micro(readSeconds, files.count)) us, extract \(micro(extractSeconds, files.count)) us, JSON \(micro(encodeSeconds, files.count)) us")
        print("exiftool -j -r:     \(String(format: "%.0f", theirs)) files/s (\(exiftoolFiles) files, \(String(format: "%.2f", exiftoolSeconds)) s, one core)")
        print("ratio: \(String(format: "%.1f", ours / theirs))x (target >= 20x)")

        if largePNGMegabytes > 0 { try benchLargePNG(reader) }
    }

    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private func micro(_ seconds: Double, _ count: Int) -> String { String(format: "%.1f", seconds * 1e6 / Double(count)) }

    /// Writes a PNG with a text chunk and `largePNGMegabytes` of image data, and times reading its metadata.
    private func benchLargePNG(_ reader: ProvenanceReader) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-large-\(getpid()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let count = UInt32(data.count)
            return [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
                + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += chunk("IHDR", [0, 0, 0x10, 0, 0, 0, 0x10, 0, 8, 2, 0, 0, 0])
        file += chunk("tEXt", Array("parameters\0a quiet harbour\nSteps: 20, Seed: 1".utf8))
        let piece = [UInt8](repeating: 0x5A, count: 1 << 20)
        for _ in 0..<largePNGMegabytes { file += chunk("IDAT", piece) }
        file += chunk("IEND", [])
        try Data(file).write(to: URL(fileURLWithPath: path))
        let start = DispatchTime.now().uptimeNanoseconds
        let report = reader.read(try ProvenanceFiles.read(path, limit: .max))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("large PNG: \(file.count / 1_000_000) MB read and reported in \(String(format: "%.1f", seconds * 1000)) ms "
              + "(prompt \"\(report.prompts.first ?? "-")\", pixels not decoded)")
    }
}
