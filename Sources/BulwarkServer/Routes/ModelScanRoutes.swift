import BulwarkCore
import Cases
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
/// ModelScan report. The file is either uploaded — as the raw request body, or as
/// `multipart/form-data` with a `model` part and `preview` image parts — streamed to a private
/// temporary directory and bounded by ``ServerConfiguration/maxModelUploadBytes``, or named by
/// `?path=` on the server's own disk, which is only allowed inside
/// ``ServerConfiguration/modelScanRoot`` (previews then by `?preview_path=`). Preview images go
/// through the image pipeline: hash match against the banks and provenance.
enum ModelScanRoutes {
    /// Longest `name` query parameter kept, in characters.
    static let maxNameLength = 200

    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let scanner = services.engines.models
        let configuration = services.configuration

        routes.add(.post, "/v1/models/scan", permission: .match) { request, context in
            if let path = request.query("path") {
                let file = try serverFile(path, root: configuration.modelScanRoot)
                let previews = try request.uri.queryParameters.getAll("preview_path").prefix(ModelUploadForm.maxPreviews + 1).map {
                    let preview = try serverFile($0, root: configuration.modelScanRoot)
                    return ModelUploadForm.File(path: preview, name: preview)
                }
                guard previews.count <= ModelUploadForm.maxPreviews else {
                    throw APIError.badRequest("preview_path: at most \(ModelUploadForm.maxPreviews) preview images per scan")
                }
                let report = try await scan(scanner, ModelUploadForm(model: .init(path: file, name: file), previews: previews))
                try await openCase(for: report, services: services, context: context)
                return try JSONIO.response(report)
            }
            let directory = NSTemporaryDirectory() + "bulwark-model-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // The file writes are blocking calls: they run on the blocking-work queue too.
            let form = try await BlockingWorkExecutor.shared.run { () async throws -> ModelUploadForm in
                if let boundary = request.headers[.contentType].flatMap(HeaderParameters.formDataBoundary) {
                    return try await ModelUploadForm.receive(request, boundary: boundary, into: directory,
                                                             modelLimit: configuration.maxModelUploadBytes,
                                                             previewLimit: Int64(configuration.maxUploadBytes))
                }
                let name = try uploadName(request.query("name"))
                let model = ModelUploadForm.File(path: directory + "/" + name, name: name)
                try await receive(request, to: model.path, limit: configuration.maxModelUploadBytes)
                return ModelUploadForm(model: model, previews: [])
            }
            let report = try await scan(scanner, form)
            try await openCase(for: report, services: services, context: context)
            return try JSONIO.response(report)
        }
    }

    /// A model whose scan asks for review or a block goes to the review queue, grouped by the
    /// file's SHA-256.
    private static func openCase(for report: ModelScanReport, services: BulwarkServices, context: BulwarkRequestContext) async throws {
        try await CaseIntake.of(services)?.open(
            finding: .model, decision: report.decision, reference: "model \(report.hashes?.sha256.prefix(16) ?? "upload")",
            contentHash: report.hashes.flatMap { try? ContentHash("sha256:" + $0.sha256) }, mayShowRealChild: true,
            actor: context.apiKey?.keyID ?? "unknown")
    }

    /// Scans off the cooperative pool; the report names the files by their upload names.
    private static func scan(_ scanner: ModelScanner, _ form: ModelUploadForm) async throws -> ModelScanReport {
        var report = try await BlockingWorkExecutor.shared.run { () async throws -> ModelScanReport in
            do {
                return try await scanner.scan(path: form.model.path, previews: form.previews.map(\.path))
            } catch {
                throw APIError(.unprocessableContent, code: "unreadable", message: "the model file could not be read: \(error)")
            }
        }
        // The report speaks of the files by the names the client gave, never by spool paths.
        let names = Dictionary([(form.model.path, form.model.name)] + form.previews.map { ($0.path, $0.name) }, uniquingKeysWith: { first, _ in first })
        report.path = form.model.name
        report.decision = renamed(report.decision, names)
        for index in report.previews.indices {
            report.previews[index].path = names[report.previews[index].path] ?? report.previews[index].path
            report.previews[index].decision = renamed(report.previews[index].decision, names)
        }
        return report
    }

    /// `decision` with every reason's source, message and details naming files by `names`.
    private static func renamed(_ decision: Decision, _ names: [String: String]) -> Decision {
        var decision = decision
        let renames = names.filter { $0.key != $0.value }
        func rename(_ text: String) -> String {
            renames.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        for index in decision.reasons.indices {
            decision.reasons[index].source = decision.reasons[index].source.map(rename)
            decision.reasons[index].message = rename(decision.reasons[index].message)
            decision.reasons[index].details = decision.reasons[index].details.mapValues(rename)
        }
        return decision
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
        let handle = try ModelUploadForm.create(path)
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
