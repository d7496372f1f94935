import Audit
import BulwarkCore
import Foundation
import Testing

@Suite("Audit anchor file")
struct AuditAnchorFileTests {
    func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-anchor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/anchor"
    }

    let later = ChainHead(sequence: 9, hash: String(repeating: "ab", count: 32))
    let earlier = ChainHead(sequence: 4, hash: String(repeating: "cd", count: 32))

    @Test func missingFileIsNoAnchorAndWritesAreOwnerOnlyAndNeverBackwards() throws {
        let path = try temporaryPath()
        let file = AuditAnchorFile(path: path)
        #expect(try file.read() == nil)
        try file.advance(to: later)
        #expect(try file.read() == later)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try file.advance(to: earlier)
        #expect(try file.read() == later)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "bulwark-audit-anchor 1\nsequence 9\nhash \(later.hash)\n")
        try FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    @Test(arguments: [
        "not an anchor\n",
        "bulwark-audit-anchor 1\nsequence 9\n",
        "bulwark-audit-anchor 1\nsequence nine\nhash \(String(repeating: "0", count: 64))\n",
        "bulwark-audit-anchor 1\nsequence -1\nhash \(String(repeating: "0", count: 64))\n",
        "bulwark-audit-anchor 1\nsequence 9\nhash \(String(repeating: "0", count: 63))\n",
        "bulwark-audit-anchor 1\nsequence 9\nhash \(String(repeating: "A", count: 64))\n",
        "bulwark-audit-anchor 1\nsequence 9\nhash \(String(repeating: "0", count: 64))\nextra\n",
        "bulwark-audit-anchor 2\nsequence 9\nhash \(String(repeating: "0", count: 64))\n",
        String(repeating: "x", count: 5000),
    ])
    func malformedTruncatedOrOversizedAnchorsAreRefused(_ text: String) throws {
        let path = try temporaryPath()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: BulwarkError.self) { try AuditAnchorFile(path: path).read() }
        // A broken anchor is never silently replaced either.
        #expect(throws: BulwarkError.self) { try AuditAnchorFile(path: path).advance(to: later) }
        try FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
