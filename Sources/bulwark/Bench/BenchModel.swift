import ArgumentParser
import BulwarkCore
import Foundation
import ModelScan
#if canImport(Glibc)
import Glibc
#endif

/// `bulwark bench model`: Bulwark's streamed model hasher against `sha256sum` on the same
/// large safetensors file, plus the time to read its header and metadata.
struct BenchModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Hash a large safetensors file with sha256sum and with Bulwark; print rates, ratio, peak RSS and header-read time.")

    @Option(name: .long, help: "An existing file to use instead of generating one.")
    var file: String?

    @Option(name: .long, help: "Size of the generated file in MiB.")
    var sizeMb = 2048

    @Option(name: .long, help: "Directory for the generated file.")
    var dir = "/tmp"

    @Option(name: .long, help: "Timed runs of each hasher (the best is reported).")
    var runs = 2

    @Flag(name: .long, help: "Keep the generated file.")
    var keep = false

    func run() throws {
        let path: String
        var generated = false
        if let file {
            path = file
        } else {
            path = "\(dir)/bulwark-bench-model-\(getpid()).safetensors"
            print("generating \(sizeMb) MiB safetensors file at \(path) ...")
            try Self.generate(path: path, bytes: UInt64(sizeMb) << 20)
            generated = true
        }
        defer { if generated && !keep { unlink(path) } }
        let source = try FileByteSource(path: path)
        let mib = Double(source.size) / 1_048_576

        // Warm the page cache so both tools read from memory.
        _ = try ModelHasher().hash(source)

        var toolBest = Double.infinity
        var toolDigest = ""
        for _ in 0..<max(1, runs) {
            let start = Self.now()
            toolDigest = try Self.sha256sum(path)
            toolBest = min(toolBest, Self.now() - start)
        }
        let rssBefore = ResourceUsage.peakRSSKiB()
        var oursBest = Double.infinity
        var ours = ModelHashes(sha256: "", autoV3: nil)
        for _ in 0..<max(1, runs) {
            let start = Self.now()
            ours = try ModelHasher().hash(source)
            oursBest = min(oursBest, Self.now() - start)
        }
        let header = try SafetensorsReader.read(from: source)
        var bothBest = Double.infinity
        var both = ModelHashes(sha256: "", autoV3: nil)
        for _ in 0..<max(1, runs) {
            let start = Self.now()
            both = try ModelHasher().hash(source, tensorDataStart: header.dataStart)
            bothBest = min(bothBest, Self.now() - start)
        }
        let rssAfter = ResourceUsage.peakRSSKiB()

        var headerCPU: [Double] = []
        var headerTimes: [Double] = []
        var stageTimes: [[Double]] = [[], [], []]
        for _ in 0..<20 {
            let cpuStart = Self.threadCPU()
            let start = Self.now()
            let fresh = try FileByteSource(path: path)
            let h = try SafetensorsReader.read(from: fresh)
            let parsed = Self.now()
            let training = TrainingMetadata(metadata: h.metadata)
            let metadataRead = Self.now()
            _ = ArchitectureDetector.detect(tensors: h.tensors, training: training)
            let end = Self.now()
            headerTimes.append(end - start)
            headerCPU.append(Self.threadCPU() - cpuStart)
            stageTimes[0].append(parsed - start)
            stageTimes[1].append(metadataRead - parsed)
            stageTimes[2].append(end - metadataRead)
        }
        headerTimes.sort()
        let stageMedians = stageTimes.map { $0.sorted()[$0.count / 2] * 1000 }

        print("file: \(path) (\(String(format: "%.0f", mib)) MiB, header \(header.headerLength) bytes, \(header.tensors.count) tensors)")
        print(String(format: "sha256sum:               %8.1f MiB/s  (%.2f s)", mib / toolBest, toolBest))
        print(String(format: "bulwark sha256:          %8.1f MiB/s  (%.2f s)  ratio %.2fx", mib / oursBest, oursBest, toolBest / oursBest))
        print(String(format: "bulwark sha256+autov3:   %8.1f MiB/s  (%.2f s)  ratio %.2fx", mib / bothBest, bothBest, toolBest / bothBest))
        print("digests agree: \(toolDigest == ours.sha256 && ours.sha256 == both.sha256) (\(ours.sha256.prefix(16))...)")
        print("peak RSS: \(rssAfter / 1024) MiB (before hashing \(rssBefore / 1024) MiB; the hasher holds one 8 MiB chunk)")
        print(String(format: "header + metadata + architecture read: median %.2f ms, max %.2f ms (20 runs)",
                     headerTimes[headerTimes.count / 2] * 1000, (headerTimes.last ?? 0) * 1000))
        headerCPU.sort()
        print(String(format: "  CPU time of that read: median %.2f ms (what it costs on an idle core)", headerCPU[headerCPU.count / 2] * 1000))
        print(String(format: "  stages (median): header JSON %.2f ms, training metadata %.2f ms, architecture %.2f ms",
                     stageMedians[0], stageMedians[1], stageMedians[2]))
        var load = [Double](repeating: 0, count: 3)
        if getloadavg(&load, 3) == 3 {
            print(String(format: "load average during the run: %.1f (on %d cores); rates scale down with load", load[0], sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        }
    }

    /// CPU time used by the calling thread, in seconds.
    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: out, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    /// Writes an SDXL-sized LoRA-like safetensors file: ~2,500 F16 tensors with kohya metadata
    /// and pseudo-random data, in 8 MiB chunks.
    static func generate(path: String, bytes: UInt64) throws {
        let tensorCount: UInt64 = 2500
        let perTensor = max(2, (bytes / tensorCount) & ~1)
        var entries: [String] = []
        var offset: UInt64 = 0
        for i in 0..<tensorCount {
            let name = "lora_unet_output_blocks_\(i / 100)_1_transformer_blocks_\(i % 100)_attn2_to_k.lora_down.weight"
            entries.append("\"\(name)\":{\"dtype\":\"F16\",\"shape\":[\(perTensor / 2)],\"data_offsets\":[\(offset),\(offset + perTensor)]}")
            offset += perTensor
        }
        var tags: [String] = []
        for i in 0..<2000 { tags.append("\\\"tag number \(i)\\\": \(i)") }
        let metadata = "\"__metadata__\":{\"ss_output_name\":\"bench\",\"ss_base_model_version\":\"sdxl_base_v1-0\",\"ss_tag_frequency\":\"{\\\"10_bench\\\": {\(tags.joined(separator: ", "))}}\"}"
        var header = Array(("{" + metadata + "," + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ValidationError("cannot create \(path)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var prefix = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { prefix[i] = UInt8(truncatingIfNeeded: UInt64(header.count) >> (8 * UInt64(i))) }
        try handle.write(contentsOf: prefix + header)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var chunk = [UInt64](repeating: 0, count: 1 << 20)
        var left = offset
        while left > 0 {
            for i in 0..<chunk.count {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                chunk[i] = state
            }
            let n = Int(min(left, UInt64(chunk.count * 8)))
            try chunk.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(n))) }
            left -= UInt64(n)
        }
    }
}
