import Foundation

/// One image the Python oracle generated, with the pixels PIL's `convert("RGB")` gave for it.
struct OracleImage: Decodable, Sendable, CustomStringConvertible {
    let file: String
    let rgb: String
    let width: Int
    let height: Int
    let format: String
    /// The largest per-sample difference accepted (0: byte-identical).
    let tolerance: Int
    /// The largest mean per-sample difference accepted.
    let meanTolerance: Double

    enum CodingKeys: String, CodingKey {
        case file, rgb, width, height, format, tolerance
        case meanTolerance = "mean_tolerance"
    }

    var description: String { file }
}

/// Runs `Oracles/make_images.py` once per test process and loads what it wrote.
///
/// If Python, Pillow or pillow-heif is missing the oracle is unavailable: tests that need it
/// fail when the `CI` environment variable is set and are skipped (with a printed message)
/// otherwise.
enum OracleImages {
    struct Set: Sendable {
        let directory: URL
        let images: [OracleImage]

        func bytes(of name: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        }

        func image(named name: String) throws -> OracleImage {
            guard let image = images.first(where: { $0.file == name }) else {
                throw OracleFailure(message: "the oracle did not generate \(name)")
            }
            return image
        }
    }

    struct OracleFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The generated images, or why there are none.
    static let generated: Result<Set, OracleFailure> = generate()

    /// The images; `nil` (after printing why) if the oracle is unavailable outside CI.
    static func load() throws -> Set? {
        switch generated {
        case .success(let set):
            return set
        case .failure(let failure):
            if ProcessInfo.processInfo.environment["CI"] != nil {
                throw failure
            }
            print("skipping PIL differential checks: \(failure.message)")
            return nil
        }
    }

    private static func generate() -> Result<Set, OracleFailure> {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Oracles/make_images.py")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bulwark-media-oracle-\(ProcessInfo.processInfo.processIdentifier)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(OracleFailure(message: "cannot run python3: \(error)"))
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(OracleFailure(
                message: "make_images.py exited with \(process.terminationStatus): \(stderr.prefix(500))"))
        }
        do {
            let manifest = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
            let images = try JSONDecoder().decode([OracleImage].self, from: manifest)
            return .success(Set(directory: directory, images: images))
        } catch {
            return .failure(OracleFailure(message: "cannot read the oracle's manifest: \(error)"))
        }
    }
}
