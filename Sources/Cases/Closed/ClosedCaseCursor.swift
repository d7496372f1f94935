/// Closed cases, by closing time.
public enum ClosedCaseOrder: CaseListingOrder {
    public static let cursorName = "closed-case cursor"
    public static let tokenFormat = "CLOSEDMILLIS.ID"
    public static let timePart = "closed time"
}

/// Where a page of closed cases ends: the last case's (closing time, id).
public typealias ClosedCaseCursor = CaseListingCursor<ClosedCaseOrder>

extension CaseListingCursor where Order == ClosedCaseOrder {
    /// The cursor after `closedCase`.
    public init(after closedCase: ClosedCase) {
        self.init(millis: CaseTime.millis(closedCase.closedAt), id: closedCase.id)
    }
}
