import Inflate

/// zlib inflation for compressed PNG texts, with the provenance module's errors.
enum CompressedText {
    /// The inflated bytes of the zlib stream `input`, at most `maxOutput` of them.
    /// - Throws: ``ProvenanceError`` `.limitExceeded` once the output would pass `maxOutput`,
    ///   `.malformed` or `.truncated` when the stream is damaged.
    static func inflate(_ input: ArraySlice<UInt8>, maxOutput: Int, context: String) throws(ProvenanceError) -> [UInt8] {
        do {
            return try Inflater.inflate(input, format: .zlib, maxOutput: maxOutput)
        } catch {
            let kind: ProvenanceError.Kind = switch error.kind {
            case .malformed: .malformed
            case .truncated: .truncated
            case .limitExceeded: .limitExceeded
            }
            throw ProvenanceError(kind, context, at: error.offset, error.message)
        }
    }
}
