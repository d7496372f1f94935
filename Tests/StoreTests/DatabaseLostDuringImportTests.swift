import BulwarkCore
import BulwarkTestSupport
import Foundation
import Store
import Testing

/// Stops a private PostgreSQL server with `pg_ctl -m immediate` while `bulwark import` is
/// writing into it: the import must end with a clear error (not hang), and once the server
/// is back the bank must be exactly as it was.
@Suite("Database lost during an import", .serialized)
struct DatabaseLostDuringImportTests {
    /// A PostgreSQL server of its own in a temporary directory (Debian's binaries, run as
    /// the `postgres` user), so stopping it disturbs no other test.
    struct PrivatePostgres {
        let binaries: String
        let directory: String
        let port: Int
        var url: String { "postgres://bulwark:bulwark@127.0.0.1:\(port)/bulwark_lost" }

        /// The newest installed PostgreSQL, or nil when there is none.
        static func binaries() -> String? {
            let root = "/usr/lib/postgresql"
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            return versions.compactMap(Int.init).max().map { "\(root)/\($0)/bin" }
        }

        /// Runs `command` with /bin/sh and waits for it (posix_spawn and waitpid: Foundation's
        /// Process can miss the exit of a shell whose grandchild, the server, lives on).
        static func shell(_ command: String) throws {
            var pid: pid_t = 0
            let arguments = ["/bin/sh", "-c", command]
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
            guard spawned == 0 else { throw BulwarkError.io(path: "/bin/sh", reason: "posix_spawn failed: \(spawned)") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            guard status == 0 else {
                throw BulwarkError.io(path: "/bin/sh", reason: "exit status \(status): \(command)")
            }
        }

        static func create() throws -> PrivatePostgres? {
            guard let binaries = binaries(), getuid() == 0 else { return nil }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-pg-lost-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let server = PrivatePostgres(binaries: binaries, directory: directory, port: 56_000 + Int(getpid() % 900))
            try shell("chown postgres \(directory) && su postgres -c '\(binaries)/initdb -D \(directory)/data -A trust -U postgres >/dev/null'")
            try server.start()
            try shell("su postgres -c \"psql -h 127.0.0.1 -p \(server.port) -c \\\"CREATE ROLE bulwark LOGIN PASSWORD 'bulwark'\\\" >/dev/null\"")
            try shell("su postgres -c \"psql -h 127.0.0.1 -p \(server.port) -c 'CREATE DATABASE bulwark_lost OWNER bulwark' >/dev/null\"")
            return server
        }

        func start() throws {
            try Self.shell("su postgres -c \"\(binaries)/pg_ctl -D \(directory)/data -o '-p \(port) -k \(directory) -c listen_addresses=127.0.0.1' -l \(directory)/log -w start >/dev/null\"")
        }

        func stopImmediately() throws {
            try Self.shell("su postgres -c '\(binaries)/pg_ctl -D \(directory)/data -m immediate stop >/dev/null'")
        }

        func remove() {
            try? Self.shell("su postgres -c '\(binaries)/pg_ctl -D \(directory)/data -m immediate stop >/dev/null'")
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test("the import fails with a clear error instead of hanging, and the bank is as it was")
    func importEndsAndBankIsUnchanged() async throws {
        guard let executable = KilledImportTests.executable else {
            if TestPostgres.isCI { Issue.record("the bulwark executable was not found beside the tests") }
            return
        }
        guard let server = try PrivatePostgres.create() else {
            if TestPostgres.isCI { Issue.record("PostgreSQL binaries (apt postgresql) and root are needed to stop a private server") }
            else { print("skipping: no PostgreSQL binaries or not root") }
            return
        }
        defer { server.remove() }
        let store = try await PostgresBankStore(url: server.url)
        let bank = try await store.createBank(BankDraft(name: "lost"))
        _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: Fixtures.md5(1))))
        let before = try await Fixtures.entries(store, bankID: bank.id)
        try await store.close()

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-lost-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        var text = ""
        text.reserveCapacity(1_000_000 * 33)
        for seed in 0..<1_000_000 { text += Fixtures.md5(seed + 10) + "\n" }
        try Data(text.utf8).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["import", "\(bank.id)", file.path, "--format", "md5-list", "--progress", "always", "--database", server.url]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        try process.run()

        // Once the import has written 20,000 rows inside its transaction, stop the server.
        let output = Task.detached { () -> String in
            var seen = ""
            var stopped = false
            while true {
                let data = errors.fileHandleForReading.availableData
                if data.isEmpty { return seen }
                seen += String(decoding: data, as: UTF8.self)
                if !stopped, let rows = KilledImportTests.lastRowCount(in: seen), rows >= 20_000 {
                    stopped = true
                    try? server.stopImmediately()
                }
            }
        }
        // The import must end on its own: give it 60 s, then count it as hung.
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in exited.stream {}; return true }
            group.addTask { try? await Task.sleep(for: .seconds(60)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !ended { process.terminate() }
        let stderr = await output.value
        #expect(ended, "bulwark import hung after the database went away")
        #expect(process.terminationStatus != 0)
        #expect(stderr.contains("nothing was committed"), "stderr: \(stderr.suffix(400))")

        try server.start()
        let reopened = try await PostgresBankStore(url: server.url)
        #expect(try await Fixtures.entries(reopened, bankID: bank.id) == before)
        try await reopened.close()
    }
}
