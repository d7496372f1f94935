/// One page of open cases, in (creation time, id) order.
public struct OpenCasePage: Hashable, Sendable {
    /// The cases, oldest first.
    public var cases: [OpenCase]
    /// Where the next page starts; `nil` on the last page.
    public var next: OpenCaseCursor?

    public init(cases: [OpenCase], next: OpenCaseCursor?) {
        self.cases = cases
        self.next = next
    }
}
