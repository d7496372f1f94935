import BulwarkCore
import Foundation
import Hummingbird
import ModelScan
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `/v1/models/scan`: scans a model file (safetensors, GGUF, PyTorch/pickle) and returns the
/// ModelScan report. The file is either the request body, streamed to a temporary file and
/// bounded by ``ServerConfiguration/maxModelUploadBytes``, or `?path=` naming a file on the
/// server's own disk, which is only allowed inside ``ServerConfiguration/modelScanRoot``.
enum ModelScanRoutes {
    /// Longest `name` query parameter kept, in characters.
    static let maxNameLength = 200

    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let scanner = services.engines.models
        let configuration = services.configuration

        routes.add(.post, "/v1/models/scan", permission: .match) { request, _ in
            if let path = request.query("path") {
                let file = try serverFile(path, root: configuration.modelScanRoot)
                return try JSONIO.response(try await scan(scanner, path: file, name: file))
            }
            let name = try uploadName(request.query("name"))
            let temporary = NSTemporaryDirectory() + "bulwark-model-\(UUID().uuidString)-\(name)"
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            // The file writes are blocking calls: they run on the blocking-work queue too.
            try await BlockingWorkExecutor.shared.run { try await receive(request, to: temporary, limit: configuration.maxModelUploadBytes) }
            return try JSONIO.response(try await scan(scanner, path: temporary, name: name))
        }
    }

    /// Scans off the cooperative pool; the report names the file as `name`.
    private static func scan(_ scanner: ModelScanner, path: String, name: String) async throws -> ModelScanReport {
        var report = try await BlockingWorkExecutor.shared.run { () async throws -> ModelScanReport in
            do {
                return try await scanner.scan(path: path)
            } catch {
                throw APIError(.unprocessableContent, code: "unreadable", message: "the model file could not be read: \(error)")
            }
        }
        report.path = name
        return report
    }

    /// The upload's name (its extension helps recognise the format): the last path
    /// component, only letters, digits, `.`, `_` and `-`; `upload` when absent.
    static func uploadName(_ given: String?) throws -> String {
        guard let given else { return "upload" }
        let last = given.split(separator: "/").last.map(String.init) ?? ""
        let allowed = last.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0) }
        guard !last.isEmpty, last.count <= maxNameLength, allowed, last != ".", last != ".." else {
            throw APIError.badRequest("query parameter name: give a file name of at most \(maxNameLength) letters, digits, '.', '_' or '-'")
        }
        return last
    }

    /// Streams the request body into a new file at `path`, refusing more than `limit` bytes.
    private static func receive(_ request: Request, to path: String, limit: Int64) async throws {
        let tooLarge = APIError.tooLarge(limit: Int(clamping: limit), what: "the model upload")
        if let declared = request.headers[.contentLength].flatMap({ Int64($0) }), declared > limit { throw tooLarge }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path)
        else {
            throw APIError(.internalServerError, code: "storage", message: "cannot create a temporary file for the upload")
        }
        defer { try? handle.close() }
        var received: Int64 = 0
        for try await buffer in request.body {
            received += Int64(buffer.readableBytes)
            guard received <= limit else { throw tooLarge }
            try handle.write(contentsOf: buffer.readableBytesView)
        }
        guard received > 0 else { throw APIError.badRequest("the upload is empty: send the model file's bytes as the request body, or path=") }
    }

    /// The real path of `path` (relative paths are taken from the root), which must lie
    /// inside `root` after symbolic links are resolved.
    static func serverFile(_ path: String, root: String?) throws -> String {
        guard let root else {
            throw APIError(.forbidden, code: "forbidden",
                           message: "scanning files on the server's disk is disabled: the server has no model scan root configured; upload the file as the request body instead")
        }
        guard let realRoot = realPath(root) else {
            throw APIError(.internalServerError, code: "storage", message: "the configured model scan root does not exist")
        }
        let outside = APIError(.forbidden, code: "forbidden", message: "path: only files inside the model scan root may be scanned")
        let joined = path.hasPrefix("/") ? path : realRoot + "/" + path
        let lexical = URL(fileURLWithPath: joined).standardizedFileURL.path
        guard inside(lexical, realRoot) || inside(lexical, root) else { throw outside }
        guard let real = realPath(joined) else { throw APIError(.notFound, code: "not_found", message: "path: no such file in the model scan root") }
        guard inside(real, realRoot) else { throw outside }
        var status = stat()
        guard stat(real, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw APIError.badRequest("path: not a regular file")
        }
        return real
    }

    private static func inside(_ path: String, _ root: String) -> Bool {
        let root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        return path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
