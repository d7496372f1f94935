/// A `c2pa.hash.data` hard binding: the hash of the asset's bytes outside the exclusion ranges
/// (which hold the manifest store itself).
struct C2PADataHash {
    /// Byte ranges left out of the hash, sorted by start.
    let exclusions: [Range<Int>]
    /// The algorithm named on the assertion, if any.
    let algorithm: String?
    /// The expected hash.
    let hash: [UInt8]

    /// Reads the assertion.
    init(_ value: CBORValue, label: String) throws(ContentCredentialsError) {
        guard let hash = value["hash"]?.bytesValue else {
            throw ContentCredentialsError("assertion", at: label, "no byte-string 'hash'")
        }
        self.hash = hash
        algorithm = value["alg"]?.textValue
        var exclusions: [Range<Int>] = []
        if let list = value["exclusions"] {
            guard let entries = list.arrayValue else { throw ContentCredentialsError("assertion", at: "\(label) exclusions", "not an array") }
            for (index, entry) in entries.enumerated() {
                guard let start = entry["start"]?.integerValue, let length = entry["length"]?.integerValue,
                      start >= 0, length >= 0, start <= Int64(Int.max) - length
                else {
                    throw ContentCredentialsError("assertion", at: "\(label) exclusions[\(index)]", "needs non-negative integer 'start' and 'length'")
                }
                exclusions.append(Int(start)..<Int(start + length))
            }
        }
        self.exclusions = exclusions.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The parts of `asset` that are hashed, or an error when an exclusion lies outside it or
    /// exclusions overlap.
    func hashedChunks(of asset: [UInt8]) throws(ContentCredentialsError) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var cursor = 0
        for exclusion in exclusions {
            guard exclusion.upperBound <= asset.count else {
                throw ContentCredentialsError("c2pa.hash.data", at: "exclusion \(exclusion.lowerBound)..<\(exclusion.upperBound)", "runs past the end of the \(asset.count)-byte asset")
            }
            guard exclusion.lowerBound >= cursor else {
                throw ContentCredentialsError("c2pa.hash.data", at: "exclusion \(exclusion.lowerBound)..<\(exclusion.upperBound)", "overlaps the previous exclusion")
            }
            chunks.append(asset[cursor..<exclusion.lowerBound])
            cursor = exclusion.upperBound
        }
        chunks.append(asset[cursor...])
        return chunks
    }
}
