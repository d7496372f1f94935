/// One page of closed cases, in (closed time, id) order.
public struct ClosedCasePage: Hashable, Sendable {
    /// The cases, oldest closing first.
    public var cases: [ClosedCase]
    /// Where the next page starts; `nil` on the last page.
    public var next: ClosedCaseCursor?

    public init(cases: [ClosedCase], next: ClosedCaseCursor?) {
        self.cases = cases
        self.next = next
    }
}
