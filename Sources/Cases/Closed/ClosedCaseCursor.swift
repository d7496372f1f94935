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

    public init(closedMillis: Int64, id: Int64) {
        self.closedMillis = closedMillis
        self.id = id
    }

    /// The cursor after `closedCase`.
    public init(after closedCase: ClosedCase) {
        self.init(closedMillis: CaseTime.millis(closedCase.closedAt), id: closedCase.id)
    }

    /// The cursor as a URL-safe token, `CLOSEDMILLIS.ID`.
    public var token: String { KeysetToken.token(millis: closedMillis, id: id) }

    public var description: String { token }

    /// Parses a token made by ``token``. Throws `BulwarkError.invalidInput` naming the part
    /// that is wrong: empty, too long, not two dot-separated parts, a part that is not a
    /// 64-bit integer, or an id below 1.
    public init(token: String) throws(BulwarkError) {
        let (closed, id) = try KeysetToken.parse(token, what: "closed-case cursor", format: "CLOSEDMILLIS.ID", timePart: "closed time")
        self.init(closedMillis: closed, id: id)
    }

    /// Parses a token; `nil` when ``init(token:)`` would throw.
    public init?(_ description: String) {
        guard let parsed = try? Self(token: description) else { return nil }
        self = parsed
    }
}
