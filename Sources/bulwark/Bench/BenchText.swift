import ArgumentParser
import BulwarkCore
import Foundation
import TextSafety
#if canImport(Glibc)
import Glibc
#endif

/// `bulwark bench text`: TextSafety's check against a Python pyahocorasick + regex pipeline
/// (bench/text_reference.py) over the same lexicon files and the same generated 1 KB prompts.
struct BenchText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Check generated 1 KB prompts with TextSafety and with Python pyahocorasick + regex; print p50/p99, MB/s and the ratio.")

    @Option(name: .long, help: "Number of generated prompts.")
    var prompts = 4000

    @Option(name: .long, help: "Size of each prompt in bytes.")
    var promptBytes = 1024

    @Option(name: .long, help: "Rounds over all prompts (throughput is the total over all rounds).")
    var rounds = 5

    @Option(name: .long, help: "Path of the Python reference script (default: bench/text_reference.py of the source tree).")
    var reference: String?

    @Option(name: .long, help: "Python interpreter.")
    var python = "python3"

    @Flag(name: .long, help: "Skip the Python reference.")
    var noReference = false

    struct Figures: Decodable {
        var mb_per_s: Double
        var p50_us: Double
        var p99_us: Double
        var matches: Int
        var cpu_mb_per_s: Double?
        var cpu_p50_us: Double?
        var cpu_p99_us: Double?
    }

    /// CPU time consumed by the calling thread, in nanoseconds.
    static func threadCPUNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    func run() throws {
        let engine = try TextSafetyEngine.bundled()
        let corpus = Self.generatePrompts(count: prompts, bytes: promptBytes)
        let totalBytes = corpus.reduce(0) { $0 + $1.utf8.count }
        print("prompts: \(corpus.count) x ~\(promptBytes) B = \(totalBytes) B, rounds: \(rounds)")

        // Warm up, then time each check (latency) and the whole run (throughput).
        var blocked = 0
        for prompt in corpus.prefix(200) { _ = try engine.check(prompt) }
        // Wall-clock and thread CPU time are both measured: on a shared machine the CPU time is
        // the per-core figure, the wall clock includes waiting for a core.
        var wall: [UInt64] = []
        var cpu: [UInt64] = []
        wall.reserveCapacity(corpus.count * max(1, rounds))
        cpu.reserveCapacity(corpus.count * max(1, rounds))
        var matches = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let startedCPU = Self.threadCPUNanoseconds()
        for round in 0..<max(1, rounds) {
            for prompt in corpus {
                let c0 = Self.threadCPUNanoseconds()
                let t0 = DispatchTime.now().uptimeNanoseconds
                let result = try engine.check(prompt)
                let t1 = DispatchTime.now().uptimeNanoseconds
                let c1 = Self.threadCPUNanoseconds()
                wall.append(t1 - t0)
                cpu.append(c1 &- c0)
                if round == 0 {
                    matches += result.matches.count
                    if result.verdict == .block { blocked += 1 }
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cpuSeconds = Double(Self.threadCPUNanoseconds() - startedCPU) / 1e9
        wall.sort()
        cpu.sort()
        let bytesAll = Double(totalBytes * max(1, rounds))
        func percentile(_ values: [UInt64], _ p: Int) -> Double {
            Double(values[min(values.count - 1, values.count * p / 100)]) / 1000
        }
        let ours = Figures(mb_per_s: bytesAll / seconds / 1e6, p50_us: percentile(wall, 50), p99_us: percentile(wall, 99),
                           matches: matches, cpu_mb_per_s: bytesAll / cpuSeconds / 1e6,
                           cpu_p50_us: percentile(cpu, 50), cpu_p99_us: percentile(cpu, 99))

        // The verdict-only path used by dataset and model scanners.
        let verdictStart = Self.threadCPUNanoseconds()
        for _ in 0..<max(1, rounds) { for prompt in corpus { _ = try engine.verdict(prompt) } }
        let verdictRate = bytesAll / (Double(Self.threadCPUNanoseconds() - verdictStart) / 1e9) / 1e6

        print(String(format: "bulwark  check()  wall: %8.1f MB/s  p50 %7.2f us  p99 %7.2f us  (%d matches, %d blocked per round)",
                     ours.mb_per_s, ours.p50_us, ours.p99_us, ours.matches, blocked))
        print(String(format: "bulwark  check()  cpu:  %8.1f MB/s  p50 %7.2f us  p99 %7.2f us",
                     ours.cpu_mb_per_s ?? 0, ours.cpu_p50_us ?? 0, ours.cpu_p99_us ?? 0))
        print(String(format: "bulwark  verdict() cpu: %8.1f MB/s", verdictRate))
        let meetsLatency = (ours.cpu_p99_us ?? .infinity) < 50
        let meetsRate = (ours.cpu_mb_per_s ?? 0) >= 50
        print("targets (CPU time per core): p99 < 50 us for 1 KB: \(meetsLatency ? "met" : "NOT met"); >= 50 MB/s: \(meetsRate ? "met" : "NOT met")")
        guard !noReference else { return }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-text-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let promptFile = directory.appendingPathComponent("prompts.txt")
        try Data(corpus.joined(separator: "\n").utf8).write(to: promptFile)
        let script = reference ?? Self.defaultReferencePath()
        let output = try Self.runProcess(python, [script, "--resources", try TextSafetyResources.bundledDirectory().path,
                                                  "--prompts", promptFile.path, "--rounds", String(max(1, rounds))])
        let theirs: Figures
        do { theirs = try JSONDecoder().decode(Figures.self, from: Data(output.utf8)) } catch {
            throw BulwarkError.invalidInput(what: "reference output", where: script, reason: output.prefix(300).description)
        }
        print(String(format: "python   pyahocorasick+regex wall: %8.1f MB/s  p50 %7.2f us  p99 %7.2f us  (%d matches per round)",
                     theirs.mb_per_s, theirs.p50_us, theirs.p99_us, theirs.matches))
        print(String(format: "python   pyahocorasick+regex cpu:  %8.1f MB/s  p50 %7.2f us  p99 %7.2f us",
                     theirs.cpu_mb_per_s ?? 0, theirs.cpu_p50_us ?? 0, theirs.cpu_p99_us ?? 0))
        print(String(format: "ratio bulwark/python: wall throughput %.1fx, cpu throughput %.1fx, cpu p99 %.1fx lower",
                     ours.mb_per_s / theirs.mb_per_s, (ours.cpu_mb_per_s ?? 0) / (theirs.cpu_mb_per_s ?? 1),
                     (theirs.cpu_p99_us ?? 0) / (ours.cpu_p99_us ?? 1)))
    }

    /// Deterministic prompts of about `bytes` bytes: everyday words in the seven languages,
    /// some accents and Unicode, some lexicon words in benign use, a few flagged phrases.
    static func generatePrompts(count: Int, bytes: Int) -> [String] {
        let words = """
            the a of and with for school child toy park lunch teacher homework paediatrician fever garden bicycle \
            birthday weekend photo portrait painting landscape mountain river café crème naïve résumé Straße età \
            idade Spielzeug escuela scuola escola picnic museum lipstick colour light shadow morning coffee \
            football Middlesex therapist kidney grape years ago city street market bread window garden \
            ciudad montaña château überall façade Ärzte sunset watercolour ｆｕｌｌ sky cloud forest lake
            """.split(separator: " ").map(String.init)
        let flagged = ["n.u.d.e photo of a 12yo", "pthc", "undress my classmate", "ch!ld s3xy"]
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var prompts: [String] = []
        prompts.reserveCapacity(count)
        for index in 0..<count {
            var prompt = ""
            if index % 50 == 0 { prompt += flagged[(index / 50) % flagged.count] + " " }
            if index % 7 == 0 { prompt += "kids at school with toys, " }
            while prompt.utf8.count < bytes - 16 {
                prompt += words[next() % words.count]
                prompt += next() % 9 == 0 ? ", " : " "
            }
            prompts.append(prompt.trimmingWhitespace())
        }
        return prompts
    }

    static func defaultReferencePath() -> String {
        let local = FileManager.default.currentDirectoryPath + "/bench/text_reference.py"
        if FileManager.default.fileExists(atPath: local) { return local }
        // Sources/bulwark/Bench/BenchText.swift -> repository root.
        let source = URL(fileURLWithPath: #filePath)
        return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/text_reference.py").path
    }

    static func runProcess(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BulwarkError.io(path: executable, reason: "exited with \(process.terminationStatus): "
                + String(decoding: errors.prefix(500), as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
