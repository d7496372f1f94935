/// Turns keyset-paged reads ("rows with id greater than X, at most N") into one stream.
enum PagedStream {
    /// A stream that reads pages of `pageSize` on demand until a page comes back short.
    static func make<Element: Sendable>(
        pageSize: Int, id: KeyPath<Element, Int64> & Sendable,
        page: @escaping @Sendable (_ afterID: Int64, _ limit: Int) async throws -> [Element]
    ) -> AsyncThrowingStream<Element, any Error> {
        let cursor = Cursor<Element>(pageSize: max(1, pageSize), id: id, page: page)
        return AsyncThrowingStream(unfolding: { try await cursor.next() })
    }

    /// The position of one stream. `AsyncThrowingStream(unfolding:)` calls `next()` one call
    /// at a time, never concurrently, which is what makes the unchecked sendability sound.
    private final class Cursor<Element: Sendable>: @unchecked Sendable {
        let pageSize: Int
        let id: KeyPath<Element, Int64> & Sendable
        let page: @Sendable (Int64, Int) async throws -> [Element]
        var after: Int64 = 0
        var buffer: [Element] = []
        var index = 0
        var finished = false

        init(pageSize: Int, id: KeyPath<Element, Int64> & Sendable, page: @escaping @Sendable (Int64, Int) async throws -> [Element]) {
            self.pageSize = pageSize
            self.id = id
            self.page = page
        }

        func next() async throws -> Element? {
            if index == buffer.count {
                if finished { return nil }
                buffer = try await page(after, pageSize)
                index = 0
                if buffer.count < pageSize { finished = true }
                guard let last = buffer.last else { return nil }
                after = last[keyPath: id]
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
