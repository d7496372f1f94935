import ArgumentParser
import BulwarkCore
import BulwarkServer
import Foundation
import Hummingbird
import MatchIndex
import Pipeline
import Store

/// `bulwark bench http`: match-by-hash through the HTTP API under wrk. Seeds a bank of
/// random PDQ hashes in a temporary data directory, starts the server in this process,
/// and drives `POST /v1/match/hash` with wrk (Debian package `wrk`): half the queries are
/// near-duplicates of banked hashes (1...24 bits flipped, so they match), half random.
struct BenchHTTP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "HTTP match-by-hash throughput and p99 latency with wrk against a large PDQ bank (target >= 5000 req/s).")

    @Option(help: "PDQ entries in the bank.") var entries = 1_000_000
    @Option(help: "wrk connections.") var connections = 64
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Seconds of load.") var duration = 20
    @Option(help: "Distinct request bodies the wrk script cycles through.") var bodies = 4_000
    @Option(help: "Seed of the random bank and queries.") var seed: UInt64 = 20_261_121
    @Option(help: "Data directory (default: a new temporary directory, removed afterwards).") var dataDir: String?
    @Flag(help: "Also open (or join) a review case for every match, as `bulwark serve` does by default.") var openCases = false

    func run() async throws {
        let directory = dataDir ?? NSTemporaryDirectory() + "bulwark-bench-http-\(UUID().uuidString)"
        defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        var random = SplitMix64(seed: seed)  // from BenchMatch.swift

        // 1. Seed the bank (or reuse a seeded data directory).
        // Matching alone, as HMA's match API does: half the queries match, and opening a
        // review case per match (a transactional write plus an audit record) is a different
        // job, measured with --open-cases.
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, openCasesOnMatch: openCases)
        let services = try await BulwarkServices.open(dataDirectory: directory, databaseURL: nil, configuration: configuration)
        var sample: [Hash256] = []
        let existing = try await services.banks.listBanks().first { $0.name == "bench" }
        let seedStart = ContinuousClock.now
        if let existing {
            for entry in try await services.banks.entries(bankID: existing.id, afterID: 0, limit: bodies) {
                sample.append(try Hash256(hex: entry.signal.value))
            }
            print("bank: reusing \(try await services.banks.counts(bankID: existing.id).entries) entries in \(directory)")
        } else {
            let bank = try await services.banks.createBank(BankDraft(name: "bench", description: "random PDQ hashes for bench http"))
            let total = entries
            let sampleEvery = max(1, total / max(1, bodies))
            try await services.banks.withImportTransaction(bankID: bank.id) { transaction in
                var batch: [EntryDraft] = []
                batch.reserveCapacity(50_000)
                for index in 0..<total {
                    let hash = Hash256(random.next(), random.next(), random.next(), random.next())
                    if index % sampleEvery == 0 { sample.append(hash) }
                    batch.append(EntryDraft(signal: Signal(type: .pdq, value: hash.hex)))
                    if batch.count == 50_000 {
                        try await transaction.insert(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { try await transaction.insert(batch) }
            }
            print("bank: \(total) random PDQ entries seeded in \(seconds(since: seedStart)) s")
        }
        let loadStart = ContinuousClock.now
        try await services.matcher.load()
        print("index: \(services.matcher.pdqCount) PDQ entries loaded in \(seconds(since: loadStart)) s, \(services.matcher.pdqMemoryBytes / 1_048_576) MiB")
        let key = try await APIKeys(store: services.service).create(name: "bench http", role: .matcher).key

        // 2. Request bodies: near-duplicates of banked hashes and random hashes.
        var lines: [String] = []
        for index in 0..<bodies {
            let hash: Hash256
            if index % 2 == 0, !sample.isEmpty {
                var near = sample[index / 2 % sample.count]
                for _ in 0..<(1 + Int(random.next() % 24)) {
                    let bit = Int(random.next() % 256)
                    switch bit / 64 {
                    case 0: near.w0 ^= 1 << UInt64(bit % 64)
                    case 1: near.w1 ^= 1 << UInt64(bit % 64)
                    case 2: near.w2 ^= 1 << UInt64(bit % 64)
                    default: near.w3 ^= 1 << UInt64(bit % 64)
                    }
                }
                hash = near
            } else {
                hash = Hash256(random.next(), random.next(), random.next(), random.next())
            }
            lines.append(#"  '{"signals":[{"type":"pdq","value":"\#(hash.hex)","quality":100}]}',"#)
        }
        let script = """
            local bodies = {
            \(lines.joined(separator: "\n"))
            }
            local index = 0
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer \(key)"
            request = function()
              index = index % #bodies + 1
              return wrk.format(nil, nil, nil, bodies[index])
            end
            """
        let scriptPath = directory + "/match.lua"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)

        // 3. Serve in this process and run wrk against it.
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = BulwarkApplication.make(services: services) { port in
            if let port { portContinuation.yield(port) }
        }
        let server = Task { try await app.runService() }
        var port = 0
        for await bound in portStream {
            port = bound
            break
        }
        let url = "http://127.0.0.1:\(port)/v1/match/hash"
        print("server: \(url); wrk -t\(threads) -c\(connections) -d\(duration)s --latency")
        let before = (server: ResourceUsage.cpuSeconds(), wrk: ResourceUsage.cpuSeconds(ResourceUsage.children))
        let output = try await Task.detached {
            try ExternalProcess.run(["wrk", "-t\(threads)", "-c\(connections)", "-d\(duration)s", "--latency", "-s", scriptPath, url])
        }.value
        let serverCPU = ResourceUsage.cpuSeconds() - before.server
        let wrkCPU = ResourceUsage.cpuSeconds(ResourceUsage.children) - before.wrk
        server.cancel()
        _ = try? await server.value
        await services.close()

        // 4. Results.
        let text = String(decoding: output, as: UTF8.self)
        print(text)
        let rate = Self.value(after: "Requests/sec:", in: text).flatMap(Double.init) ?? 0
        let p99 = Self.value(after: "99%", in: text) ?? "?"
        let non2xx = Self.value(after: "Non-2xx or 3xx responses:", in: text) ?? "0"
        print(String(format: "bench http: %.0f requests/s, p99 %@, non-2xx %@, %d entries, %d connections, cases on match %@ (target >= 5000 req/s: %@)",
                     rate, p99, non2xx, services.matcher.pdqCount, connections, openCases ? "on" : "off", rate >= 5000 ? "met" : "NOT met"))
        // CPU per request, which other load on the machine does not change: what the
        // server and wrk each spent, and the rate two otherwise idle cores would allow.
        let requests = rate * Double(duration)
        if requests > 0 {
            let serverMicros = serverCPU / requests * 1e6
            let wrkMicros = wrkCPU / requests * 1e6
            print(String(format: "cpu per request: server %.0f us, wrk %.0f us; %d cores at full use would serve %.0f requests/s",
                         serverMicros, wrkMicros, ProcessInfo.processInfo.activeProcessorCount,
                         Double(ProcessInfo.processInfo.activeProcessorCount) * 1e6 / (serverMicros + wrkMicros)))
        }
    }

    private func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = start.duration(to: .now)
        return String(format: "%.1f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The first word after `label` on the line holding it.
    static func value(after label: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingWhitespace()
            guard trimmed.hasPrefix(label) else { continue }
            return trimmed.dropFirst(label.count).split(separator: " ").first.map(String.init)
        }
        return nil
    }
}
