import BulwarkCore

/// The text form `MILLIS.ID` shared by the keyset cursors of the case listings (a time in
/// milliseconds since 1970 and a case id): URL-safe, at most ``maximumLength`` bytes.
enum KeysetToken {
    /// The longest token accepted: two 64-bit integers with signs and the dot.
    static let maximumLength = 41

    /// The token of (`millis`, `id`).
    static func token(millis: Int64, id: Int64) -> String { "\(millis).\(id)" }

    /// Parses a token, throwing `BulwarkError.invalidInput` about `what` (e.g. "closed-case
    /// cursor") naming the part that is wrong: empty, too long, not two dot-separated parts
    /// (`format` shows the expected form), a part that is not a 64-bit integer (`timePart`
    /// names the first), or an id below 1.
    static func parse(_ token: String, what: String, format: String, timePart: String) throws(BulwarkError) -> (millis: Int64, id: Int64) {
        func invalid(_ location: String?, _ reason: String) -> BulwarkError {
            .invalidInput(what: what, where: location, reason: reason)
        }
        guard !token.isEmpty else { throw invalid(nil, "is empty") }
        guard token.utf8.count <= maximumLength else {
            throw invalid(nil, "is \(token.utf8.count) bytes, at most \(maximumLength) allowed")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw invalid(nil, "must be \(format) (two parts), found \(parts.count) part(s)") }
        guard let millis = Int64(parts[0]) else { throw invalid("part 1 (\(timePart))", "'\(parts[0])' is not a 64-bit integer") }
        guard let id = Int64(parts[1]) else { throw invalid("part 2 (case id)", "'\(parts[1])' is not a 64-bit integer") }
        guard id >= 1 else { throw invalid("part 2 (case id)", "must be at least 1") }
        return (millis, id)
    }
}
