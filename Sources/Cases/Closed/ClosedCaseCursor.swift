#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// Where a page of closed cases ends: the last case's (closed time, id). The next page
/// starts strictly after it, so paging is a keyset seek on the closed-cases index.
///
/// Its text form (``token``, also ``description``) is `CLOSEDMILLIS.ID`, URL-safe, and reads
/// back with ``init(token:)``, which says what is wrong with a malformed token.
public struct ClosedCaseCursor: Hashable, Sendable, LosslessStringConvertible {
    /// Closing time in milliseconds since 1970.
    public var closedMillis: Int64
    public var id: Int64

    /// The longest token accepted: two 64-bit integers with signs and the dot.
    static let maximumTokenLength = 41

    public init(closedMillis: Int64, id: Int64) {
        self.closedMillis = closedMillis
        self.id = id
    }

    /// The cursor after `closedCase`.
    public init(after closedCase: ClosedCase) {
        self.init(closedMillis: CaseTime.millis(closedCase.closedAt), id: closedCase.id)
    }

    /// The cursor as a URL-safe token, `CLOSEDMILLIS.ID`.
    public var token: String { "\(closedMillis).\(id)" }

    public var description: String { token }

    /// Parses a token made by ``token``. Throws `BulwarkError.invalidInput` naming the part
    /// that is wrong: empty, too long, not two dot-separated parts, a part that is not a
    /// 64-bit integer, or an id below 1.
    public init(token: String) throws(BulwarkError) {
        func invalid(_ location: String?, _ reason: String) -> BulwarkError {
            .invalidInput(what: "closed-case cursor", where: location, reason: reason)
        }
        guard !token.isEmpty else { throw invalid(nil, "is empty") }
        guard token.utf8.count <= Self.maximumTokenLength else {
            throw invalid(nil, "is \(token.utf8.count) bytes, at most \(Self.maximumTokenLength) allowed")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw invalid(nil, "must be CLOSEDMILLIS.ID (two parts), found \(parts.count) part(s)") }
        guard let closed = Int64(parts[0]) else { throw invalid("part 1 (closed time)", "'\(parts[0])' is not a 64-bit integer") }
        guard let id = Int64(parts[1]) else { throw invalid("part 2 (case id)", "'\(parts[1])' is not a 64-bit integer") }
        guard id >= 1 else { throw invalid("part 2 (case id)", "must be at least 1") }
        self.init(closedMillis: closed, id: id)
    }

    /// Parses a token; `nil` when ``init(token:)`` would throw.
    public init?(_ description: String) {
        guard let parsed = try? Self(token: description) else { return nil }
        self = parsed
    }
}
