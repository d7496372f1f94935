import Foundation
import Testing

/// Changes made from the command line land in the audit chain, which `bulwark audit verify`
/// then checks.
@Suite struct AuditedCommandTests {
    @Test("banks create, keys create and an import are audited; the chain verifies")
    func cliChangesAreAudited() throws {
        let directory = NSTemporaryDirectory() + "bulwark-cli-audit-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let list = directory + "-md5.txt"
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: list))
        defer { try? FileManager.default.removeItem(atPath: list) }
        #expect(try BulwarkProcess.run(["banks", "create", "--data-dir", directory, "audited"]).status == 0)
        #expect(try BulwarkProcess.run(["keys", "create", "--data-dir", directory, "--role", "reviewer", "--name", "analyst"]).status == 0)
        #expect(try BulwarkProcess.run(["import", "--data-dir", directory, "audited", list, "--format", "md5-list", "--quiet"]).status == 0)
        let listed = try BulwarkProcess.run(["audit", "list", "--data-dir", directory])
        #expect(listed.status == 0)
        for action in ["bank.create", "key.create", "bank.import"] {
            #expect(listed.stdout.contains(action), "\(action) in \(listed.stdout)")
        }
        #expect(try BulwarkProcess.run(["audit", "verify", "--data-dir", directory]).status == 0)
    }
}
