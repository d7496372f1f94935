import Foundation
import Testing

/// Files signed by the independent oracle (c2pa-python, the c2pa-rs SDK), made once per test
/// run by `Oracles/c2pa_oracle.py` in a temporary directory.
struct OracleFixtures: Sendable {
    let directory: URL
    /// The oracle Reader's JSON for each file name.
    let readerJSON: [String: JSONValue]

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The oracle Reader's JSON for `bytes` (written to a temporary file), trusting the PEM file
    /// `anchorName` of the fixtures.
    func oracleRead(mime: String, bytes: [UInt8], anchorName: String = "ca.pem") throws -> JSONValue {
        let file = directory.appendingPathComponent("probe-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--read", mime, file.path, directory.appendingPathComponent(anchorName).path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OracleUnavailable(message: "c2pa_oracle.py --read exited \(process.terminationStatus)") }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Oracles/c2pa_oracle.py")

    /// The outcome of running the oracle once.
    private static let made: Result<OracleFixtures, OracleUnavailable> = make()

    /// The fixtures, or `nil` (with a printed message) when the oracle is not installed and CI
    /// is not set. Under CI a missing oracle fails the test.
    static func load() throws -> OracleFixtures? {
        switch made {
        case let .success(fixtures):
            return fixtures
        case let .failure(problem):
            if ProcessInfo.processInfo.environment["CI"] != nil { throw problem }
            print("skipping oracle test: \(problem.message)")
            return nil
        }
    }

    struct OracleUnavailable: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private static func make() -> Result<OracleFixtures, OracleUnavailable> {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bulwark-c2pa-oracle-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, directory.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(OracleUnavailable(message: "cannot run python3: \(error)"))
        }
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(OracleUnavailable(message: "c2pa_oracle.py failed (pip install c2pa-python cryptography pillow): \(errorText.suffix(2000))"))
        }
        do {
            let data = try Data(contentsOf: directory.appendingPathComponent("cases.json"))
            guard case let .object(cases) = try JSONDecoder().decode(JSONValue.self, from: data) else {
                return .failure(OracleUnavailable(message: "cases.json is not an object"))
            }
            return .success(OracleFixtures(directory: directory, readerJSON: cases))
        } catch {
            return .failure(OracleUnavailable(message: "cannot read the oracle's cases.json: \(error)"))
        }
    }
}

/// Any JSON value, for reading the oracle's output.
enum JSONValue: Codable, Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .object(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .bool(value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(object) = self { return object[key] }
        return nil
    }

    var string: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    var array: [JSONValue] {
        if case let .array(value) = self { return value }
        return []
    }
}
