/// Open cases, by creation time.
public enum OpenCaseOrder: CaseListingOrder {
    public static let cursorName = "open-case cursor"
    public static let tokenFormat = "CREATEDMILLIS.ID"
    public static let timePart = "created time"
}

/// Where a page of open cases ends: the last case's (creation time, id).
public typealias OpenCaseCursor = CaseListingCursor<OpenCaseOrder>

extension CaseListingCursor where Order == OpenCaseOrder {
    /// The cursor after `openCase`.
    public init(after openCase: OpenCase) {
        self.init(millis: CaseTime.millis(openCase.createdAt), id: openCase.id)
    }
}
