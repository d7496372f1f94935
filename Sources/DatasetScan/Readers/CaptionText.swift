/// Turns caption bytes into text: UTF-8 checked, size capped.
enum CaptionText {
    /// The caption and any problem with it. Invalid UTF-8 is decoded with replacement
    /// characters (so the text checks still run) and reported.
    static func decode(_ bytes: [UInt8], where location: String) -> (String, ItemProblem?) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
        return (String(decoding: bytes, as: UTF8.self),
                ItemProblem(code: "caption.not-utf8", message: "caption \(location) is not valid UTF-8"))
    }
}
