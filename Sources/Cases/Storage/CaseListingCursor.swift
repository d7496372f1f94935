#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// A listing of cases paged in (time, id) order: which time it orders by, for cursor tokens
/// and their error messages.
public protocol CaseListingOrder: Sendable {
    /// What a malformed token is called in errors, e.g. "closed-case cursor".
    static var cursorName: String { get }
    /// The token's format as shown in errors, e.g. "CLOSEDMILLIS.ID".
    static var tokenFormat: String { get }
    /// The time part's name in errors, e.g. "closed time".
    static var timePart: String { get }
}

/// Where a page of a case listing ends: the last case's (time in milliseconds, id). The next
/// page starts strictly after it, so paging is a keyset seek on the listing's index.
///
/// Its text form (``token``, also ``description``) is `MILLIS.ID`, URL-safe, and reads back
/// with ``init(token:)``, which says what is wrong with a malformed token.
public struct CaseListingCursor<Order: CaseListingOrder>: Hashable, Sendable, LosslessStringConvertible {
    /// The ordering time in milliseconds since 1970 (closing time, creation time).
    public var millis: Int64
    public var id: Int64

    public init(millis: Int64, id: Int64) {
        self.millis = millis
        self.id = id
    }

    /// The cursor as a URL-safe token, `MILLIS.ID`.
    public var token: String { KeysetToken.token(millis: millis, id: id) }

    public var description: String { token }

    /// Parses a token made by ``token``. Throws `BulwarkError.invalidInput` naming the part
    /// that is wrong: empty, too long, not two dot-separated parts, a part that is not a
    /// 64-bit integer, or an id below 1.
    public init(token: String) throws(BulwarkError) {
        let (millis, id) = try KeysetToken.parse(token, what: Order.cursorName, format: Order.tokenFormat, timePart: Order.timePart)
        self.init(millis: millis, id: id)
    }

    /// Parses a token; `nil` when ``init(token:)`` would throw.
    public init?(_ description: String) {
        guard let parsed = try? Self(token: description) else { return nil }
        self = parsed
    }
}
