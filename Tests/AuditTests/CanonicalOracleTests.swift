import Audit
import BulwarkCore
import Foundation
import Testing

/// Canonical bytes and chain hashes compared with an independent Python implementation
/// (Oracles/audit_chain.py, standard library only).
@Suite("Canonical events and chain hashes against the Python oracle")
struct CanonicalOracleTests {
    struct OracleInput: Encodable {
        var actor: String
        var action: String
        var subject: String
        var details: [String: String]
        var at_millis: Int64
    }

    static let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Oracles/audit_chain.py").path

    /// Events covering escapes, non-ASCII text, keys whose UTF-16 and code point orders
    /// differ, and times across leap days and centuries.
    static func events() -> [AuditEvent] {
        let texts = ["plain", "quote \" and \\ backslash", "tab\tnew\nline\r", "bell\u{7}\u{1f}\u{0}", "ünïcode ✓", "emoji 😀", "/slash/", "\u{7f}del", ""]
        let keys = ["b", "a", "B", "\u{E000}", "😀", "ü", "aa", "a\u{0}"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        return (0..<300).map { index in
            var details: [String: String] = [:]
            for _ in 0..<next(5) { details[keys[next(keys.count)]] = texts[next(texts.count)] }
            let millis = Int64(next(1_000_000)) * 250_000_003 - 60_000_000_000_000
            return AuditEvent(
                actor: texts[next(texts.count)], action: "action.\(index)", subject: texts[next(texts.count)], details: details,
                at: CanonicalEvent.date(millis: millis))
        }
    }

    @Test func matchesTheOracle() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/python3") else {
            if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty }) ?? false {
                Issue.record("python3 is required for the audit chain oracle")
            } else {
                print("skipping: python3 not found")
            }
            return
        }
        let events = Self.events()
        let encoder = JSONEncoder()
        var input = Data()
        for event in events {
            input += try encoder.encode(OracleInput(
                actor: event.actor, action: event.action, subject: event.subject, details: event.details,
                at_millis: CanonicalEvent.millis(of: event.at)))
            input += Data("\n".utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.oracle]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == events.count)

        var previous = ChainHash.genesis
        for (event, line) in zip(events, lines) {
            let parts = line.split(separator: "\t")
            try #require(parts.count == 2)
            let expected = try JSONDecoder().decode(String.self, from: Data(parts[0].utf8))
            let canonical = try CanonicalEvent.encode(event)
            #expect(String(decoding: canonical, as: UTF8.self) == expected, "\(event.action)")
            let hash = try #require(ChainHash.next(previous: previous, canonical: canonical))
            #expect(hash == String(parts[1]), "\(event.action)")
            previous = hash
            #expect(try CanonicalEvent.encode(CanonicalEvent.decode(canonical)) == canonical)
        }
    }
}
