/// A `[hex, quality]` pair as the Python reference scripts print PDQ results.
struct ReferenceHash: Decodable {
    let hex: String
    let quality: Int

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        hex = try container.decode(String.self)
        quality = try container.decode(Int.self)
    }
}
