import Evidence
import Foundation
import Testing

@Suite("Evidence key file")
struct EvidenceKeyTests {
    func temporaryDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-evidence-key-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func createdOwnerOnlyWithRandomBytesAndLoadedAgain() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/key"
        let created = try EvidenceKey.loadOrCreate(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n"))
        #expect(try EvidenceKey.loadOrCreate(path: path).id == created.id)
        let elsewhere = try EvidenceKey.loadOrCreate(path: directory + "/other")
        #expect(elsewhere.id != created.id)
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o606])
    func groupOrWorldAccessIsRefused(_ mode: Int) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/key"
        _ = try EvidenceKey.loadOrCreate(path: path)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        #expect(throws: EvidenceError.self) { try EvidenceKey.loadOrCreate(path: path) }
        do {
            _ = try EvidenceKey.loadOrCreate(path: path)
        } catch {
            #expect("\(error)".contains("chmod 600"))
        }
    }

    @Test(arguments: ["", "abcd\n", String(repeating: "g", count: 64), String(repeating: "0", count: 66), String(repeating: "0", count: 64) + "\n\n"])
    func malformedKeyFilesAreRefused(_ text: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/key"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        #expect(throws: EvidenceError.self) { try EvidenceKey.loadOrCreate(path: path) }
    }

    @Test func injectedKeysMustBe256Bits() throws {
        #expect(throws: EvidenceError.self) { try EvidenceKey(bytes: [UInt8](repeating: 1, count: 16)) }
        #expect(try EvidenceKey(bytes: [UInt8](repeating: 1, count: 32)).id == EvidenceKey(bytes: [UInt8](repeating: 1, count: 32)).id)
    }

    @Test func badKeyFileStopsAnEnabledVaultAtStartUp() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/evidence.key", contents: Data("short".utf8), attributes: [.posixPermissions: 0o644])
        await #expect(throws: EvidenceError.self) {
            _ = try await EvidenceVaults.open(
                dataDirectory: directory, databaseURL: nil, settings: EvidenceSettings(enabled: true), recorder: CollectingRecorder())
        }
    }
}
