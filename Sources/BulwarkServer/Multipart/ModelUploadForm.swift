import Foundation
import Hummingbird

/// A model upload sent as `multipart/form-data`: one `model` file part and up to
/// ``maxPreviews`` `preview` image parts, each spooled to its own file in a private directory
/// as it arrives, so a multi-gigabyte model never sits in memory.
struct ModelUploadForm {
    /// One received file: where it was spooled and the name the client gave it.
    struct File {
        /// The spooled copy.
        var path: String
        /// The client's file name, made safe for a path component.
        var name: String
    }

    /// Most preview images one upload may carry.
    static let maxPreviews = 16

    /// The model file.
    var model: File
    /// The preview images, in the order sent.
    var previews: [File]

    /// Reads the form in `request` into files under `directory`.
    /// - Throws: ``APIError`` 400 for a malformed body, an unknown field or a missing model
    ///   part; 413 when the model passes `modelLimit` bytes or a preview `previewLimit`.
    static func receive(_ request: Request, boundary: String, into directory: String,
                        modelLimit: Int64, previewLimit: Int64) async throws -> ModelUploadForm {
        var parser = MultipartParser(boundary: boundary)
        var model: File?
        var previews: [File] = []
        var current: (handle: FileHandle, limit: Int64, what: String)?
        var written: Int64 = 0
        defer { try? current?.handle.close() }

        func begin(_ headers: MultipartPartHeaders) throws {
            let name = safeName(headers.filename ?? headers.name)
            let path = directory + "/\(previews.count + (model == nil ? 0 : 1))-" + name
            switch headers.name {
            case "model":
                guard model == nil else { throw APIError.badRequest("multipart: send one model part only") }
                model = File(path: path, name: name)
                current = (try create(path), modelLimit, "the model upload")
            case "preview":
                guard previews.count < maxPreviews else {
                    throw APIError.badRequest("multipart: at most \(maxPreviews) preview images per upload")
                }
                previews.append(File(path: path, name: name))
                current = (try create(path), previewLimit, "preview image \(name)")
            default:
                throw APIError.badRequest("multipart: unknown field \"\(headers.name.prefix(40))\"; the fields are model (one file) and preview (image files)")
            }
            written = 0
        }

        for try await buffer in request.body {
            let events: [MultipartParser.Event]
            do {
                events = try parser.feed(buffer.readableBytesView)
            } catch {
                throw APIError.badRequest(error.description)
            }
            for event in events {
                switch event {
                case .partBegin(let headers):
                    try begin(headers)
                case .data(let bytes):
                    guard let part = current else { continue }
                    written += Int64(bytes.count)
                    guard written <= part.limit else { throw APIError.tooLarge(limit: Int(clamping: part.limit), what: part.what) }
                    try part.handle.write(contentsOf: bytes)
                case .partEnd:
                    try current?.handle.close()
                    current = nil
                }
            }
        }
        do {
            try parser.finish()
        } catch {
            throw APIError.badRequest(error.description)
        }
        guard let model else { throw APIError.badRequest("multipart: no model part; send the model file in a field named model") }
        guard (try? FileManager.default.attributesOfItem(atPath: model.path)[.size] as? Int64 ?? 0) ?? 0 > 0 else {
            throw APIError.badRequest("multipart: the model part is empty")
        }
        return ModelUploadForm(model: model, previews: previews)
    }

    /// A new private file at `path`, open for writing.
    static func create(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path)
        else {
            throw APIError(.internalServerError, code: "storage", message: "cannot create a temporary file for the upload")
        }
        return handle
    }

    /// `given` as a file name: its last path component, characters outside letters, digits,
    /// `.`, `_` and `-` replaced by `_`, at most ``ModelScanRoutes/maxNameLength`` long.
    static func safeName(_ given: String) -> String {
        let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let mapped = String(last.unicodeScalars.map { scalar -> Character in
            let allowed = (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || "._-".unicodeScalars.contains(scalar)
            return allowed ? Character(scalar) : "_"
        }.suffix(ModelScanRoutes.maxNameLength))
        return mapped.isEmpty || mapped == "." || mapped == ".." ? "upload" : mapped
    }
}
