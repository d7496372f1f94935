/// A `multipart/form-data` body that could not be read: what was wrong and at which byte.
struct MultipartError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    var message: String
    /// Byte offset in the request body (counting from its first byte).
    var offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = max(0, offset)
    }

    var description: String { "multipart body, byte \(offset): \(message)" }
}
