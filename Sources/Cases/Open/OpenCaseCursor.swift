#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// Where a page of open cases ends: the last case's (creation time, id). The next page
/// starts strictly after it, so paging is a keyset seek on the open-cases-by-creation index.
///
/// Its text form (``token``, also ``description``) is `CREATEDMILLIS.ID`, URL-safe, and reads
/// back with ``init(token:)``, which says what is wrong with a malformed token.
public struct OpenCaseCursor: Hashable, Sendable, LosslessStringConvertible {
    /// Creation time in milliseconds since 1970.
    public var createdMillis: Int64
    public var id: Int64

    public init(createdMillis: Int64, id: Int64) {
        self.createdMillis = createdMillis
        self.id = id
    }

    /// The cursor after `openCase`.
    public init(after openCase: OpenCase) {
        self.init(createdMillis: CaseTime.millis(openCase.createdAt), id: openCase.id)
    }

    /// The cursor as a URL-safe token, `CREATEDMILLIS.ID`.
    public var token: String { KeysetToken.token(millis: createdMillis, id: id) }

    public var description: String { token }

    /// Parses a token made by ``token``. Throws `BulwarkError.invalidInput` (what: "open-case
    /// cursor") naming the part that is wrong: empty, too long, not two dot-separated parts, a
    /// part that is not a 64-bit integer, or an id below 1.
    public init(token: String) throws(BulwarkError) {
        let (created, id) = try KeysetToken.parse(token, what: "open-case cursor", format: "CREATEDMILLIS.ID", timePart: "created time")
        self.init(createdMillis: created, id: id)
    }

    /// Parses a token; `nil` when ``init(token:)`` would throw.
    public init?(_ description: String) {
        guard let parsed = try? Self(token: description) else { return nil }
        self = parsed
    }
}
