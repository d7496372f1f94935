/// A content hash as cases are grouped by it: `algorithm:hex`, lowercase, such as
/// `sha256:9f86…`. Two reports of the same file share it, so the second joins the first's case.
///
/// PDQ hashes group only when identical; near matches are the match index's job, not intake's.
public struct ContentHash: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Algorithms accepted, with the length of their hex digest.
    public static let digestLengths: [String: Int] = ["md5": 32, "sha1": 40, "sha256": 64, "pdq": 64]

    /// The normalized `algorithm:hex` text.
    public let text: String

    /// Parses `algorithm:hex` (either case, surrounding spaces ignored). Throws naming the part
    /// that is wrong: unknown algorithm, wrong length, or a character that is not hex.
    public init(_ raw: String) throws(IntakeError) {
        let trimmed = raw.trimmingWhitespace()
        guard trimmed.utf8.count <= 80 else {
            throw IntakeError(field: "contentHash", reason: "longer than 80 characters")
        }
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw IntakeError(field: "contentHash", reason: "expected algorithm:hex, e.g. sha256:<64 hex digits>")
        }
        let algorithm = trimmed[..<colon].lowercased()
        let hex = trimmed[trimmed.index(after: colon)...].lowercased()
        guard let length = Self.digestLengths[algorithm] else {
            throw IntakeError(
                field: "contentHash",
                reason: "unknown algorithm '\(algorithm)'; expected one of \(Self.digestLengths.keys.sorted().joined(separator: ", "))")
        }
        guard hex.utf8.count == length else {
            throw IntakeError(field: "contentHash", reason: "\(algorithm) needs \(length) hex digits, got \(hex.utf8.count)")
        }
        if let offset = hex.utf8.firstIndex(where: { !(($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66)) }) {
            let position = hex.utf8.distance(from: hex.utf8.startIndex, to: offset)
            throw IntakeError(field: "contentHash", reason: "not a hex digit at position \(position) of the digest")
        }
        text = algorithm + ":" + hex
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { self = try ContentHash(raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
