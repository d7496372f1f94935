/// Every item of a keyset-paged case listing, read one page at a time: memory holds at most
/// one page, whatever the number of items. `fetch` is called with `nil`, then with each
/// page's `next` cursor until that is `nil`. The closed-case and open-case walks
/// (``ClosedCaseSequence``, ``OpenCaseSequence``) are this sequence.
public struct CasePageSequence<Item: Sendable, Cursor: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Item

    /// Reads the page after a cursor (`nil`: the first page).
    let fetch: @Sendable (Cursor?) async throws -> (items: [Item], next: Cursor?)

    public func makeAsyncIterator() -> Iterator {
        Iterator(fetch: fetch)
    }

    /// Reads the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        let fetch: @Sendable (Cursor?) async throws -> (items: [Item], next: Cursor?)
        var page: [Item] = []
        var index = 0
        var cursor: Cursor?
        var finished = false

        public mutating func next() async throws -> Item? {
            while index == page.count {
                if finished { return nil }
                let fetched = try await fetch(cursor)
                page = fetched.items
                index = 0
                cursor = fetched.next
                finished = fetched.next == nil
            }
            defer { index += 1 }
            return page[index]
        }
    }
}
