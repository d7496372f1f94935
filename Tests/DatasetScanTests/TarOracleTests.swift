import Crypto
import Foundation
import Testing
@testable import DatasetScan

/// Differential test: archives written by Python's tarfile (ustar, GNU and pax formats) read
/// back member for member, with the same names, sizes and contents.
@Suite("Tar reader vs Python tarfile")
struct TarOracleTests {
    struct Listed: Decodable, Equatable {
        let name: String
        let size: Int
        let sha256: String
    }

    @Test func readsWhatPythonTarfileWrites() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Oracles/make_tars.py").path
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory.path]
        let listingPath = directory.path + "/listing.json"
        FileManager.default.createFile(atPath: listingPath, contents: nil)
        let output = try #require(FileHandle(forWritingAtPath: listingPath))
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("python3 is missing: \(error)") }
            print("skipping the tarfile oracle: python3 is missing")
            return
        }
        process.waitUntilExit()
        try output.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: listingPath))
        guard process.terminationStatus == 0 else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("the oracle failed") }
            print("skipping the tarfile oracle: it exited with \(process.terminationStatus)")
            return
        }
        let listing = try JSONDecoder().decode([String: [Listed]].self, from: data)
        #expect(listing.keys.sorted() == ["gnu", "pax", "ustar"])
        for (format, expected) in listing {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path + "/\(format).tar")))
            var reader = TarReader(MemoryByteSource(bytes))
            var found: [Listed] = []
            while let member = try reader.next() {
                guard member.kind == .file else { continue }
                let content = try reader.readData()
                found.append(Listed(name: member.name, size: content.count,
                                    sha256: SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()))
            }
            #expect(found == expected, "\(format)")
        }
    }
}
