#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A reported URL in the form cases are grouped by, so that `HTTPS://Example.org:443/a/#top`
/// and `https://example.org/a` are the same report target.
///
/// Normalization: scheme and host lowercased, default port (80/443) dropped, fragment
/// dropped, an empty path becomes `/`, one trailing `/` on a longer path dropped. The query is
/// kept as sent (it often identifies the item). Only `http` and `https` are accepted.
public struct NormalizedURL: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Longest URL accepted, in bytes.
    public static let maximumLength = 4096

    /// The normalized URL text.
    public let text: String

    /// Normalizes `raw`, throwing naming what is wrong (scheme, host, length, spaces).
    public init(_ raw: String) throws(IntakeError) {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw IntakeError(field: "url", reason: "empty") }
        guard trimmed.utf8.count <= Self.maximumLength else {
            throw IntakeError(field: "url", reason: "longer than \(Self.maximumLength) bytes")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            throw IntakeError(field: "url", reason: "contains a space or control character")
        }
        guard var components = URLComponents(string: trimmed) else {
            throw IntakeError(field: "url", reason: "not a URL")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw IntakeError(field: "url", reason: "scheme must be http or https")
        }
        guard let host = components.host?.lowercased(), !host.isEmpty else {
            throw IntakeError(field: "url", reason: "missing host")
        }
        components.scheme = scheme
        components.host = host
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path
        guard let text = components.string else { throw IntakeError(field: "url", reason: "not a URL") }
        self.text = text
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { self = try NormalizedURL(raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
